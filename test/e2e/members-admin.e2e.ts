import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { api, type ConsoleApi } from './support/api';

type MembersListInput = Parameters<ConsoleApi['members']['list']['query']>[0];

// The Members page as an owner uses it, in Chromium against `tenant-console serve`: filter chips,
// the detail drawer and a role change, a bulk action on a selection, a CSV import with a dry run,
// and an export. What the page shows is checked against the API.

const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
async function shot(page: Page, name: string) {
  await page.waitForTimeout(300); // let the dialog and drawer animations finish
  await page.screenshot({ path: `test/e2e/output/members-${name}.png`, fullPage: false });
}
const formatted = (n: number) => `${n.toLocaleString('en-US')} member${n === 1 ? '' : 's'}`;

const list = (input: MembersListInput) => api().members.list.query(input);
const detail = (userId: string) => api().members.get.query({ userId });

async function openMembers(page: Page) {
  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Members' }).click();
  await expect(page.getByTestId('member-row').first()).toBeVisible();
}

test('filter chips: add a tier and a join source, remove one, clear all', async ({ page }) => {
  const all = await list({});
  const paid = await list({ tier: 'paid' });
  const paidFree = await list({ tier: 'paid', joinSource: ['free_signup'] });
  await openMembers(page);
  await expect(page.getByTestId('member-total')).toHaveText(formatted(all.total));

  await page.getByRole('button', { name: 'Add filter' }).click();
  await page.getByRole('menuitem', { name: 'Tier' }).click();
  await page.getByRole('radio', { name: /^Paid/ }).check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('member-total')).toHaveText(formatted(paid.total));

  await page.getByRole('button', { name: 'Add filter' }).click();
  await page.getByRole('menuitem', { name: 'Join source' }).click();
  await page.getByRole('checkbox', { name: 'Free sign-up' }).check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('filter-chip')).toHaveCount(2);
  await expect(page.getByTestId('member-total')).toHaveText(formatted(paidFree.total));
  for (const text of await page.getByTestId('member-row').allInnerTexts()) expect(text).toContain('Paid');
  await shot(page, '01-filter-chips');

  await page.getByRole('button', { name: 'Remove filter Join source' }).click();
  await expect(page.getByTestId('member-total')).toHaveText(formatted(paid.total));
  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(page.getByTestId('filter-chip')).toHaveCount(0);
  await expect(page.getByTestId('member-total')).toHaveText(formatted(all.total));

  // Sorting by name: the first row is the API's first by name, and the header says so.
  const byName = await list({ sort: { field: 'name', direction: 'asc' }, limit: 1 });
  await page.getByRole('button', { name: 'Member', exact: true }).click();
  await expect(page.getByRole('columnheader', { name: 'Member', exact: true })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByTestId('member-row').first()).toContainText(byName.items[0]!.name);
});

test('open a member, change their role and back; the page follows the server', async ({ page }) => {
  const { items } = await list({ role: 'MEMBER', tier: 'paid', limit: 1 });
  const member = items[0]!;
  await openMembers(page);
  await page.getByLabel('Search members').fill(member.email);
  await expect(page.getByTestId('member-total')).toHaveText(formatted(1));
  await page.getByTestId('member-row').first().click();

  const drawer = page.getByTestId('member-drawer');
  await expect(drawer.getByRole('heading', { name: member.name })).toBeVisible();
  await expect(drawer.getByText('Subscriptions', { exact: false }).first()).toBeVisible();
  await expect(drawer.getByTestId('member-timeline')).toBeVisible();
  await shot(page, '02-drawer');

  await drawer.getByRole('radio', { name: 'Admin' }).click();
  // Granting ADMIN asks first.
  const grant = page.getByRole('alertdialog', { name: `Make ${member.name} an admin?` });
  await grant.getByRole('button', { name: 'Make admin' }).click();
  await expect(grant).toHaveCount(0);
  await expect(drawer.getByRole('radio', { name: 'Admin' })).toHaveAttribute('aria-checked', 'true');
  await expect.poll(async () => (await detail(member.userId)).membership.role).toBe('ADMIN');
  await expect(page.getByTestId('member-row').first()).toContainText('Admin'); // the row behind the drawer too
  await expect(drawer.getByTestId('member-timeline')).toContainText(/role/i);
  await drawer.getByRole('heading', { name: 'Timeline' }).scrollIntoViewIfNeeded();
  await shot(page, '03-role-changed');

  await drawer.getByRole('radio', { name: 'Member' }).click();
  await page.getByRole('alertdialog', { name: `Remove ${member.name}’s admin rights?` }).getByRole('button', { name: 'Remove admin rights' }).click();
  await expect.poll(async () => (await detail(member.userId)).membership.role).toBe('MEMBER');

  // Escape closes the drawer and the keyboard is back on the page.
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
});

test('keyboard: arrows move, Space ticks, Enter opens, Escape closes', async ({ page }) => {
  await openMembers(page);
  await page.getByRole('grid', { name: 'Members' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('bulk-bar')).toContainText('1 selected');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('member-drawer')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('member-drawer')).toHaveCount(0);
  await page.getByRole('grid', { name: 'Members' }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
});

test('bulk: tick three members (one with shift) and add them to a group', async ({ page }) => {
  await openMembers(page);
  const rows = page.getByTestId('member-row');
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(2).getByRole('checkbox').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('bulk-bar')).toContainText('3 selected');
  const userIds = await Promise.all([0, 1, 2].map((i) => rows.nth(i).getAttribute('data-user-id')));
  await shot(page, '04-selection');

  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Add to group' }).click();
  const dialog = page.getByTestId('bulk-dialog');
  const select = dialog.getByLabel('Group');
  await expect(select.locator('option')).not.toHaveCount(0);
  await expect.poll(() => select.inputValue()).toMatch(/^group_/);
  const groupId = await select.inputValue();
  await dialog.getByRole('button', { name: /^Add to / }).click();

  const summary = page.getByTestId('bulk-summary');
  await expect(summary).toBeVisible();
  await shot(page, '05-bulk-done');
  const groups = await Promise.all(userIds.map(async (id) => (await detail(id!)).groups.map((g) => g.id)));
  for (const ids of groups) expect(ids).toContain(groupId);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);

  // "Select all N matching" offers the whole filter.
  await page.getByLabel('Search members').fill('a');
  const matching = await list({ search: 'a' });
  await expect(page.getByTestId('member-total')).toHaveText(formatted(matching.total));
  await rows.nth(0).getByRole('checkbox').check();
  await page.getByRole('button', { name: `Select all ${matching.total.toLocaleString('en-US')} matching` }).click();
  await expect(page.getByTestId('bulk-bar')).toContainText(`All ${formatted(matching.total)} matching`);
});

test('import: a CSV with a bad row → the dry run names it → import the valid rows → they are findable', async ({ page }) => {
  const stamp = Date.now().toString(36);
  const csv = [
    'email,name,role',
    `imp-${stamp}-1@example.com,Quinta Importer${stamp},MEMBER`,
    `imp-${stamp}-2@example.com,Sexta Importer${stamp},MEMBER`,
    `imp-${stamp}-3@example.com,Septima Importer${stamp},ADMIN`,
    `not-an-email,Broken Row,MEMBER`,
  ].join('\n');
  await openMembers(page);
  await page.getByRole('button', { name: 'Import' }).click();
  const wizard = page.getByTestId('import-wizard');
  await wizard.locator('input[type=file]').setInputFiles({ name: 'new-members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

  await expect(wizard.getByTestId('import-mapping')).toBeVisible();
  await expect(wizard.getByLabel('Email')).toHaveValue('email'); // mapped automatically
  await expect(wizard.getByLabel('Name')).toHaveValue('name');
  await shot(page, '06-import-mapping');
  await wizard.getByRole('button', { name: 'Preview the import' }).click();

  const preview = wizard.getByTestId('import-preview');
  await expect(preview.getByTestId('count-new')).toContainText('3');
  await expect(preview.getByTestId('count-error')).toContainText('1');
  const bad = preview.getByTestId('preview-row-error');
  await expect(bad).toHaveCount(1);
  await expect(bad).toContainText('5'); // the spreadsheet's row number
  await expect(bad).toContainText(/email/i);
  await expect(preview.getByRole('button', { name: /Import all/ })).toBeDisabled();
  // The ADMIN row is a grant with a warning, applied only if the owner ticks the box.
  await expect(preview.getByTestId('import-admin-grants')).toContainText('1 row asks for the ADMIN role');
  await preview.getByRole('checkbox', { name: /Also grant ADMIN/ }).check();
  await shot(page, '07-import-preview');

  await preview.getByRole('button', { name: 'Import the 3 valid rows' }).click();
  const result = wizard.getByTestId('import-result');
  await expect(result).toBeVisible({ timeout: 20_000 });
  await expect(result.getByTestId('count-new')).toContainText('3');
  await expect(result.getByRole('button', { name: 'Download error report' })).toBeVisible();
  const reportDownload = page.waitForEvent('download');
  await result.getByRole('button', { name: 'Download error report' }).click();
  const report = readFileSync((await (await reportDownload).path())!, 'utf8');
  expect(report).toContain('not-an-email');
  await shot(page, '08-import-result');
  await wizard.getByRole('button', { name: 'Done' }).click();

  await page.getByLabel('Search members').fill(`Importer${stamp}`);
  await expect(page.getByTestId('member-total')).toHaveText(formatted(3));
  await expect(page.getByTestId('member-row')).toHaveCount(3);
  await expect(page.getByTestId('member-row').filter({ hasText: 'Septima' })).toContainText('Admin');
});

test('export: the current filter downloads as CSV with every matching member', async ({ page }) => {
  const admins = await list({ role: 'ADMIN' });
  await openMembers(page);
  await page.getByRole('button', { name: 'Add filter' }).click();
  await page.getByRole('menuitem', { name: 'Role' }).click();
  await page.getByRole('radio', { name: 'Admin' }).check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('member-total')).toHaveText(formatted(admins.total));

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^members-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync((await file.path())!, 'utf8').trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^email,name,role/);
  expect(lines).toHaveLength(admins.total + 1);
  for (const line of lines.slice(1)) expect(line).toContain('ADMIN');
  await expect(page.getByTestId('export-dialog')).toContainText('Export ready');
  await shot(page, '09-export');
});

test('segments: save the current filter, pick it again, delete it', async ({ page }) => {
  const name = `Paid admins ${Date.now().toString(36)}`;
  const paidAdmins = await list({ role: 'ADMIN', tier: 'paid' });
  await openMembers(page);
  for (const [kind, option] of [
    ['Role', 'Admin'],
    ['Tier', /^Paid/],
  ] as const) {
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menuitem', { name: kind }).click();
    await page.getByRole('radio', { name: option }).check();
    await page.getByRole('button', { name: 'Apply' }).click();
  }
  await page.getByRole('button', { name: 'Segments' }).click();
  await page.getByRole('menuitem', { name: 'Save current filter…' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect(page.getByRole('button', { name: `Segment: ${name}. Choose a segment` })).toBeVisible();

  await page.getByRole('button', { name: 'Clear all' }).click();
  await page.getByRole('button', { name: 'Segments' }).click();
  await page.getByRole('menuitemradio', { name }).click();
  await expect(page.getByTestId('filter-chip')).toHaveCount(2);
  await expect(page.getByTestId('member-total')).toHaveText(formatted(paidAdmins.total));
  await shot(page, '10-segment');

  await page.getByRole('button', { name: `Segment: ${name}. Choose a segment` }).click();
  await page.getByRole('button', { name: `Delete segment ${name}` }).click();
  await page.getByRole('button', { name: 'Delete segment' }).click();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect.poll(async () => (await api().segments.list.query()).map((s) => s.name)).not.toContain(name);
  await expect(page.getByRole('button', { name: 'Segments' })).toBeVisible();
});

test("the console owner's row says they stay an admin, as the server would refuse a demotion", async ({ page }) => {
  // The signed-in console owner: the server refuses to demote them in its own words...
  const me = await api().users.getCurrentUser.query();
  const refusal = await api()
    .members.changeRole.mutate({ userId: me.id, role: 'MEMBER' })
    .then(
      () => null,
      (err: Error) => err.message,
    );
  expect(refusal).toMatch(/console owner, who cannot be demoted/);
  // ...and the drawer doesn't offer it: it says why instead.
  await openMembers(page);
  await page.getByLabel('Search members').fill(me.email);
  await expect(page.getByTestId('member-total')).toHaveText(formatted(1));
  await page.getByTestId('member-row').first().click();
  const drawer = page.getByTestId('member-drawer');
  await expect(drawer).toContainText('the console owner stays an admin of every community');
  await expect(drawer.getByRole('radio', { name: 'Member' })).toHaveCount(0);
  await shot(page, '12-console-owner');
});
