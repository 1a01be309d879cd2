import { expect, test, type Page } from '@playwright/test';
import { api, type ConsoleApi } from './support/api';

type MembersListInput = Parameters<ConsoleApi['members']['list']['query']>[0];

// The headless console in Chromium: sign in, see the seeded members, search, filter by role.
// Expected figures come from the API itself, so the page must agree with the server.

const base = () => process.env.E2E_BASE_URL!;
const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
const shot = (page: Page, name: string) => page.screenshot({ path: `test/e2e/output/${name}.png`, fullPage: false });

async function apiTotal(input: MembersListInput): Promise<{ total: number; first?: { name: string; email: string } }> {
  const { total, items } = await api().members.list.query(input);
  return { total, first: items[0] };
}

const formatted = (n: number) => `${n.toLocaleString('en-US')} member${n === 1 ? '' : 's'}`;

test('without a token the console asks to sign in, and a bad token is refused', async ({ page }) => {
  await page.goto(base());
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('tenant-console token create --tenant SLUG')).toBeVisible();
  await shot(page, '01-sign-in');
  await page.getByLabel('Access token').fill('not-a-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('the sign-in link opens the dashboard with the member count', async ({ page }) => {
  const { total } = await apiTotal({});
  await page.goto(signInUrl());
  await expect(page).not.toHaveURL(/token=/); // the token leaves the address bar
  await expect(page.getByTestId('dashboard-member-count')).toHaveText(total.toLocaleString('en-US'));
  await expect(page.getByTestId('connection-status')).toContainText('Connected');
  await shot(page, '02-dashboard');
});

test('members: list, search as you type, filter by role', async ({ page }) => {
  const all = await apiTotal({});
  // The seed asks for 2,000 members; a few of them have left since, so a little under that are listed.
  expect(all.total).toBeGreaterThan(1500);
  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Members' }).click();
  await expect(page.getByTestId('member-total')).toHaveText(formatted(all.total));
  await expect(page.getByTestId('member-row').first()).toBeVisible();
  expect(await page.getByTestId('member-row').count()).toBeGreaterThan(10);
  await shot(page, '03-members');

  // Search by the first word of a real member's name.
  const word = all.first!.name.split(' ')[0]!.slice(0, 4);
  const found = await apiTotal({ search: word });
  await page.getByLabel('Search members').fill(word);
  await expect(page.getByTestId('member-total')).toHaveText(formatted(found.total));
  const rows = page.getByTestId('member-row');
  await expect(rows.first()).toContainText(new RegExp(word, 'i'));
  for (const text of await rows.allInnerTexts()) expect(text.toLowerCase()).toContain(word.toLowerCase());
  await shot(page, '04-members-search');

  await page.getByLabel('Search members').fill('');
  const admins = await apiTotal({ role: 'ADMIN' });
  await page.getByRole('button', { name: 'Add filter' }).click();
  await page.getByRole('menuitem', { name: 'Role' }).click();
  await page.getByRole('radio', { name: 'Admin' }).check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('filter-chip')).toHaveText(/Role:\s*Admin/);
  await expect(page.getByTestId('member-total')).toHaveText(formatted(admins.total));
  for (const text of await page.getByTestId('member-row').allInnerTexts()) expect(text).toContain('Admin');
  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(page.getByTestId('member-total')).toHaveText(formatted(all.total));

  await page.getByLabel('Search members').fill('zzzzqqq');
  await expect(page.getByText('No members match')).toBeVisible();
  await shot(page, '05-members-empty');
});
