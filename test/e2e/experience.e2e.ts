import { expect, test, type Page } from '@playwright/test';
import { api } from './support/api';

// The owner's everyday experience, looked at: the dashboard's setup checklist, a member timeline in
// plain words, dark mode, and Packages in a 1024 px window. Screenshots in test/e2e/output.

const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
async function shot(page: Page, name: string) {
  await page.waitForTimeout(300); // let the drawer's slide-in finish before the picture
  await page.screenshot({ path: `test/e2e/output/experience-${name}.png`, fullPage: false });
}

test('the dashboard greets a first-time owner and ticks setup steps from real state', async ({ page }) => {
  const setup = await api().dashboard.setup.query();
  await page.goto(signInUrl());
  await expect(page.getByTestId('dashboard-greeting')).toHaveText(/^Welcome, /);
  await expect(page.locator('[data-step="packages"]')).toHaveAttribute('data-state', setup.packages.done ? 'done' : 'todo');
  await expect(page.locator('[data-step="campaign"]')).toHaveAttribute('data-state', setup.campaign.done ? 'done' : 'todo');
  await expect(page.locator('[data-step="campaign"] a')).toHaveAttribute('href', '#/campaigns');
  await shot(page, '01-dashboard');
  await page.reload();
  await expect(page.getByTestId('dashboard-greeting')).toHaveText(/^Welcome back, /);
});

test('a member timeline reads in plain words', async ({ page }) => {
  const { items } = await api().members.list.query({ role: 'MEMBER', limit: 1 });
  const member = items[0]!;
  const groups = await api().groups.list.query();
  await api().members.changeRole.mutate({ userId: member.userId, role: 'ADMIN' });
  if (groups[0]) await api().members.addToGroup.mutate({ userId: member.userId, groupId: groups[0].id }).catch(() => undefined);

  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Members' }).click();
  await page.getByLabel('Search members').fill(member.email);
  await page.getByTestId('member-row').first().click();
  const timeline = page.getByTestId('member-drawer').getByTestId('member-timeline');
  await expect(timeline).toContainText(`made ${member.name} an admin`);
  await expect(timeline).toContainText(`${member.name} joined`);
  await expect(timeline).not.toContainText(/\b(MEMBER|ADMIN)\b|minor|actor user id|\d{4}-\d{2}-\d{2}T/);
  await page.getByTestId('member-drawer').getByRole('heading', { name: 'Timeline' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, '02-timeline');
  await api().members.changeRole.mutate({ userId: member.userId, role: 'MEMBER' });
});

test('dark mode, chosen in the sidebar and kept after a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(signInUrl());
  const theme = page.getByTestId('theme-switch');
  await theme.click(); // system → light
  await theme.click(); // light → dark
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => page.locator('.main').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(26, 26, 29)');
  await shot(page, '03-dark-dashboard');
  await page.getByRole('navigation').getByRole('link', { name: 'Members' }).click();
  await expect(page.getByTestId('member-row').first()).toBeVisible();
  await shot(page, '04-dark-members');
  await theme.click(); // dark → system
});

test('Packages fits a 1024 px window without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Packages' }).click();
  await expect(page.getByRole('heading', { name: 'Packages', level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const overflow = await page.evaluate(() => {
    const main = document.querySelector('.main')!;
    const table = document.querySelector('.package-table')!;
    return {
      main: main.scrollWidth - main.clientWidth,
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      // Nor is the list cut by its card.
      table: Math.max(0, Math.round(table.getBoundingClientRect().right - table.parentElement!.getBoundingClientRect().right)),
    };
  });
  expect(overflow).toEqual({ main: 0, page: 0, table: 0 });
  await shot(page, '05-packages-1024');
  // The sidebar collapses to icons and stays so.
  await page.getByRole('button', { name: 'Collapse the sidebar' }).click();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Expand the sidebar' })).toBeVisible();
  await shot(page, '06-packages-1024-collapsed');
  await page.getByRole('button', { name: 'Expand the sidebar' }).click();
});

test('the webhook lab builds an event from a form and says in words what it changed', async ({ page }) => {
  const { items } = await api().members.list.query({ role: 'MEMBER', limit: 1 });
  const member = items[0]!;
  const pkg = (await api().packages.list.query()).find((p) => p.isActive && p.price > 0)!;

  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).click();
  await page.getByRole('tab', { name: 'Lab' }).click();
  await page.getByRole('radio', { name: 'Form' }).click();
  await page.getByLabel('Find a member').fill(member.email);
  await page.getByLabel('Member', { exact: true }).selectOption(member.userId);
  await page.getByLabel('Package', { exact: true }).selectOption(pkg.id);
  await expect(page.getByLabel('Body', { exact: true })).toHaveValue(new RegExp(member.email.replace(/[.+]/g, '\\$&')));
  await page.getByRole('button', { name: 'Send event' }).click();
  const changes = page.getByTestId('lab-changes');
  await expect(changes).toContainText(`${member.name} started ${pkg.name} at `);
  await expect(changes).not.toContainText(/amount minor|pkg_|\d{4}-\d{2}-\d{2}T/);
  await shot(page, '07-lab-form');

  // The same event on the Events tab: its changes as sentences, the record-by-record detail folded.
  await page.getByRole('button', { name: /Open in Events/ }).click();
  const summary = page.getByTestId('event-detail').getByTestId('event-summary');
  await expect(summary).toContainText(`${member.name} started ${pkg.name} at `);
  await summary.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(page, '08-event-plain-words');
});
