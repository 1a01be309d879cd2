import { expect, test, type Page, type Request } from '@playwright/test';
import Stripe from 'stripe';
import { api } from './support/api';

// Push to the window, in Chromium against the headless console: with the Webhooks page open, a
// signed Stripe checkout posted to the server shows up in the stream and the sidebar's member
// count moves, while no list is read again on a timer (the page hears of changes over SSE).

const base = () => process.env.E2E_BASE_URL!;
const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
const stripe = new Stripe('sk_test_unused');

/** A checkout.session.completed for a new person, signed as Stripe signs it, POSTed to the listener. */
async function postSignedCheckout(tenantId: string, email: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const event = {
    id: `evt_push_${Date.now()}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: now,
    type: 'checkout.session.completed',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: `cs_test_push_${Date.now()}`,
        object: 'checkout.session',
        amount_total: 4900,
        currency: 'usd',
        created: now,
        customer: `cus_push_${Date.now()}`,
        customer_details: { email, name: 'Pushed Person' },
        metadata: { tenantId },
        mode: 'subscription',
        payment_status: 'paid',
        status: 'complete',
        subscription: `sub_push_${Date.now()}`,
      },
    },
  };
  const payload = JSON.stringify(event);
  const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: process.env.E2E_STRIPE_WEBHOOK_SECRET! });
  const res = await fetch(`${base()}/api/webhooks/stripe`, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': signature } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

const digits = async (page: Page) => Number((await page.getByTestId('sidebar-member-count').textContent())!.replace(/\D/g, ''));

test('a webhook arriving updates the open Webhooks page and the sidebar count, with no polling request', async ({ page }) => {
  const requests: { url: string; at: number }[] = [];
  page.on('request', (r: Request) => {
    if (r.url().includes('/api/trpc/')) requests.push({ url: r.url(), at: Date.now() });
  });
  const tenants = await api().tenants.list.query();
  const demo = tenants.find((t) => t.slug === 'demo')!;

  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
  await expect(page.getByTestId('live-status')).toHaveText('Live');
  await expect.poll(() => requests.some((r) => r.url.includes('events.stream'))).toBe(true);
  const before = await digits(page);
  expect(before).toBeGreaterThan(0);

  // Idle: nothing changes, so nothing is read. (A window of time is what "no timer" means.)
  const idleFrom = requests.length;
  await page.waitForTimeout(5_000);
  expect(requests.slice(idleFrom).map((r) => r.url)).toEqual([]);

  const rowId = await postSignedCheckout(demo.id, `pushed-${Date.now()}@example.com`);
  const row = page.locator(`[data-row-id="${rowId}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-status', 'applied');
  await expect.poll(() => digits(page)).toBe(before + 1);
  await page.getByTestId('background-work').locator('summary').click();
  await page.screenshot({ path: 'test/e2e/output/push-webhooks.png', fullPage: false, animations: 'disabled' });

  // Each list was read because of a push, a handful of times, never on a schedule.
  const lists = requests.slice(idleFrom).filter((r) => r.url.includes('webhooks.list'));
  expect(lists.length).toBeGreaterThan(0);
  expect(lists.length).toBeLessThanOrEqual(4);
  // Once the work it caused is done (listeners, the queue panel's last update), all is quiet again.
  await expect.poll(() => Date.now() - requests[requests.length - 1]!.at, { timeout: 15_000 }).toBeGreaterThan(2_000);
  const settled = requests.length;
  await page.waitForTimeout(4_000);
  expect(requests.slice(settled).filter((r) => !r.url.includes('events.stream')).map((r) => r.url)).toEqual([]);
});
