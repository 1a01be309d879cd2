import { expect, test, type Page } from '@playwright/test';
import { startOwnConsole, type OwnConsole } from './support/own-console';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { fakeAccount } from '../fakes/stripe/resources/account';
import { api, httpStatusOf } from './support/api';

// Settings in Chromium, on a console of its own (it restores backups, which must not touch the
// shared one) talking to the local Stripe fake: connect Stripe by key and see the account's name;
// create an API token, use it, revoke it; back up, change something, restore.

const shot = (page: Page, name: string) => page.screenshot({ path: `test/e2e/output/${name}.png`, fullPage: true });

let stripe: StripeFake;
let own: OwnConsole;
let baseUrl: string;
let ownerToken: string;

test.beforeAll(async () => {
  stripe = await startStripeFake();
  own = await startOwnConsole({ name: 'settings', members: 40, tenant: 'acme', env: { STRIPE_SECRET_KEY: '', STRIPE_API_BASE: stripe.url, SMTP_URL: '', MAIL_FROM: '', ABLY_API_KEY: '' } });
  ({ baseUrl, ownerToken } = own);
});

test.afterAll(async () => {
  await own?.stop();
  await stripe?.close();
});

/** 200 when the token may list members, else the status the server refused it with. */
const membersListStatus = (token: string) =>
  api(token, baseUrl).members.list.query({ limit: 5 }).then(() => 200, (err: unknown) => httpStatusOf(err) ?? Promise.reject(err));

async function openSettings(page: Page, tab: string) {
  await page.goto(`${baseUrl}/#token=${ownerToken}`);
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: tab }).click();
}

test('settings: a Stripe key entered here connects to the account, shown by name', async ({ page }) => {
  await openSettings(page, 'Providers');
  const stripeCard = page.locator('section', { has: page.getByRole('heading', { name: 'Stripe', exact: true }) });
  await expect(stripeCard.getByText('Not set')).toBeVisible();
  await stripeCard.getByLabel('Secret key').fill(stripe.apiKey);
  await stripeCard.getByRole('button', { name: 'Save' }).click();
  await expect(stripeCard.getByText(`sk_test_…${stripe.apiKey.slice(-4)} · test mode`)).toBeVisible();
  await stripeCard.getByRole('button', { name: 'Test connection' }).click();
  await expect(stripeCard.getByRole('status')).toHaveText(`✓ Connected to ${fakeAccount.displayName} (${fakeAccount.id})`);
  expect(stripe.requests.some((r) => r.path === '/v1/account' && r.status === 200)).toBe(true);
  // The key never comes back to the page, only its hint.
  await expect(page.locator('body')).not.toContainText(stripe.apiKey);
  await shot(page, 'settings-providers');
});

test('settings: an API token works on the API until it is revoked, then gets 401', async ({ page }) => {
  await openSettings(page, 'API tokens');
  await page.getByLabel('What it is for').fill('Nightly report');
  await page.getByLabel('Expires').selectOption({ label: 'In 30 days' });
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = await page.getByTestId('new-token').inputValue();
  expect(token.split('.')).toHaveLength(3);

  expect(await membersListStatus(token)).toBe(200);
  const row = page.getByRole('row', { name: /Nightly report/ });
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('tab', { name: 'Team' }).click();
  await page.getByRole('tab', { name: 'API tokens' }).click();
  await expect(row.getByRole('cell', { name: 'Not yet' })).toHaveCount(0);
  await shot(page, 'settings-tokens');

  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke token' }).click();
  await expect(row.getByText('Revoked')).toBeVisible();
  expect(await membersListStatus(token)).toBe(401);
});

test('settings: back up, change something, restore the backup', async ({ page }) => {
  await openSettings(page, 'Data');
  await expect(page.getByText('Built-in (SQLite)')).toBeVisible();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText(/^Backed up to tenant-console-.*\.sqlite$/)).toBeVisible();
  const backupName = (await page.getByText(/^Backed up to /).textContent())!.replace('Backed up to ', '');

  // A change after the backup: a token made through the API.
  await api(ownerToken, baseUrl).settings.tokens.create.mutate({ label: 'Made after the backup', role: 'MEMBER', expiresInDays: 7 });

  await page.getByRole('button', { name: `Restore ${backupName}` }).click();
  await expect(page.getByRole('alertdialog')).toContainText('a copy of the current data is kept aside first');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText(/^Restored\. The data you had is kept as before-restore-.*\.sqlite$/)).toBeVisible();
  await expect(page.getByText('Kept aside before a restore')).toBeVisible();
  await shot(page, 'settings-data');

  await page.getByRole('tab', { name: 'API tokens' }).click();
  await expect(page.getByRole('row', { name: /Nightly report/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Made after the backup/ })).toHaveCount(0);

  await page.getByRole('tab', { name: 'Team' }).click();
  await expect(page.getByRole('heading', { name: 'Console owner' })).toBeVisible();
  await shot(page, 'settings-team');
  await page.getByRole('tab', { name: 'Payment methods' }).click();
  await expect(page.getByRole('switch', { name: /Cards/ })).toBeChecked();
  await shot(page, 'settings-payments');
  await page.getByRole('tab', { name: 'Email' }).click();
  await expect(page.getByLabel('From address')).toBeVisible();
  await shot(page, 'settings-email');
});
