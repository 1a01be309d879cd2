import { expect, test, type Page } from '@playwright/test';
import { startOwnConsole, type OwnConsole } from './support/own-console';
import { startLemonSqueezyFake, type LemonSqueezyFake } from '../fakes/lemonsqueezy';
import { startStripeFake, type StripeFake } from '../fakes/stripe';

// Live billing sync in Chromium (issue 18), on a console of its own talking to the local fakes with
// no webhook delivered: the owner shortens the intervals in Settings → Providers, a subscription
// made at Stripe shows up, and the state moves offline and back as the fake goes down and up.

const shot = (page: Page, name: string) => page.screenshot({ path: `test/e2e/output/${name}.png`, fullPage: true });

let stripe: StripeFake;
let ls: LemonSqueezyFake;
let own: OwnConsole;
let baseUrl: string;
let ownerToken: string;

test.beforeAll(async () => {
  stripe = await startStripeFake();
  ls = await startLemonSqueezyFake();
  const { store } = ls.seedCatalog();
  own = await startOwnConsole({ name: 'sync', members: 20, tenant: 'acme', env: {
    STRIPE_SECRET_KEY: stripe.apiKey,
    STRIPE_API_BASE: stripe.url,
    LEMONSQUEEZY_API_KEY: ls.apiKey,
    LEMONSQUEEZY_API_BASE: ls.url,
    LEMONSQUEEZY_STORE_ID: store.id,
    SMTP_URL: '',
    ABLY_API_KEY: '',
  } });
  ({ baseUrl, ownerToken } = own);
});

test.afterAll(async () => {
  await own?.stop();
  await stripe?.close();
  await ls?.close();
});

test('billing sync: intervals set in Settings, the state in the sidebar and on the Webhooks page, offline and back', async ({ page }) => {
  await page.goto(`${baseUrl}/#token=${ownerToken}`);
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Providers' }).click();
  const card = page.getByTestId('sync-card');
  await expect(card.getByRole('heading', { name: 'Billing sync' })).toBeVisible();
  await card.getByLabel('Poll Stripe every (seconds)').fill('1');
  await card.getByLabel('Poll Lemon Squeezy every (seconds)').fill('2');
  await card.getByRole('button', { name: 'Save intervals' }).click();
  await expect(card.getByText('Saved.')).toBeVisible();
  await expect(card.getByTestId('sync-stripe')).toContainText('Live by polling', { timeout: 15_000 });
  await expect(card.getByTestId('sync-lemonsqueezy')).toContainText('Live by polling', { timeout: 15_000 });
  await shot(page, 'billing-sync-settings');

  // The sidebar, on every page: each connected provider with its figures.
  const sidebar = page.getByTestId('sidebar-sync');
  await expect(sidebar).toContainText(/Stripe · live by polling\s*last sync \d+ s ago/);
  await expect(sidebar).toContainText(/Lemon Squeezy · live by polling/);

  // Stripe goes away: offline, then back: live again.
  await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).click();
  await stripe.setDown('refuse');
  await expect(page.getByTestId('sync-stripe')).toContainText('Offline', { timeout: 15_000 });
  await expect(sidebar).toContainText(/Stripe · offline\s*no local changes waiting/);
  await shot(page, 'billing-sync-offline');
  await stripe.setDown(false);
  await expect(page.getByTestId('sync-stripe')).toContainText('Live by polling', { timeout: 15_000 });
  await expect(page.getByTestId('sync-stripe')).toContainText(/Recently: .*offline/);
  await shot(page, 'billing-sync-webhooks');
});
