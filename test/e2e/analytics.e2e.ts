import { expect, test, type Page } from '@playwright/test';
import Stripe from 'stripe';
import { api } from './support/api';

// Analytics in Chromium against the headless console on the seeded tenant (18 months of history):
// the dashboard's MRR is the API's; a signed Stripe checkout raises it without a reload, pushed;
// the Analytics page draws its charts and cohort table, and a churn bar's drill-down opens the
// Members page filtered to exactly the members who stopped paying then.

const base = () => process.env.E2E_BASE_URL!;
const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
const stripe = new Stripe('sk_test_unused');
const usd = (v: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(v);

async function demoTenantId(): Promise<string> {
  const tenants = await api().tenants.list.query();
  return tenants.find((t) => t.slug === 'demo')!.id;
}

/** A checkout.session.completed ($49.00 a month) for a new person, signed as Stripe signs it. */
async function postSignedCheckout(tenantId: string, email: string): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const tag = `${Date.now()}`;
  const event = {
    id: `evt_analytics_${tag}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: now,
    type: 'checkout.session.completed',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: `cs_test_analytics_${tag}`,
        object: 'checkout.session',
        amount_total: 4900,
        currency: 'usd',
        created: now,
        customer: `cus_analytics_${tag}`,
        customer_details: { email, name: 'Analytics Person' },
        metadata: { tenantId },
        mode: 'subscription',
        payment_status: 'paid',
        status: 'complete',
        subscription: `sub_analytics_${tag}`,
      },
    },
  };
  const payload = JSON.stringify(event);
  const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: process.env.E2E_STRIPE_WEBHOOK_SECRET! });
  const res = await fetch(`${base()}/api/webhooks/stripe`, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': signature } });
  expect(res.status).toBe(200);
}

async function readyReadModels(): Promise<void> {
  await expect.poll(async () => (await api().analytics.status.query()).ready, { timeout: 30_000 }).toBe(true);
}

const mrrOnCard = async (page: Page) => (await page.getByTestId('dashboard-mrr').textContent())!.trim();

test('the dashboard shows the API’s MRR, and a signed checkout raises it without a reload', async ({ page }) => {
  await readyReadModels();
  const tenantId = await demoTenantId();
  const streamOpen = page.waitForRequest((r) => r.url().includes('events.stream'));
  await page.goto(signInUrl());
  await expect(page.getByTestId('dashboard-greeting')).toBeVisible();
  const overview = await api().analytics.overview.query({});
  expect(overview.mrr).toBeGreaterThan(0);
  await expect(page.getByTestId('dashboard-mrr')).toHaveText(usd(overview.mrr));
  await expect(page.getByTestId('dashboard-paying')).toContainText(`${overview.activeSubscribers.toLocaleString('en-US')} paying member`);
  // The window listens for pushed changes (events.stream) before anything is sent.
  await streamOpen;
  await page.screenshot({ path: 'test/e2e/output/analytics-01-dashboard.png', animations: 'disabled' });

  let reloaded = false;
  page.on('framenavigated', () => (reloaded = true));
  const sentAt = Date.now();
  await postSignedCheckout(tenantId, `analytics-${sentAt}@example.com`);
  const raised = usd(Math.round((overview.mrr + 49) * 100) / 100);
  await expect(page.getByTestId('dashboard-mrr')).toHaveText(raised, { timeout: 10_000 });
  const elapsed = Date.now() - sentAt;
  expect(reloaded).toBe(false);
  expect((await api().analytics.overview.query({})).mrr).toBe(Math.round((overview.mrr + 49) * 100) / 100);
  expect(await mrrOnCard(page)).toBe(raised);
  // Pushed, not polled: from the signed POST to the new figure on screen.
  test.info().annotations.push({ type: 'webhook → dashboard', description: `${elapsed} ms` });
  console.log(`signed checkout → new MRR on the dashboard: ${elapsed} ms`);
  expect(elapsed).toBeLessThanOrEqual(2_000);
  await page.screenshot({ path: 'test/e2e/output/analytics-02-dashboard-after-checkout.png', animations: 'disabled' });
});

test('the Analytics page charts the seeded history, and a churn bar opens exactly those members', async ({ page }) => {
  await readyReadModels();
  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Analytics' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
  await page.getByTestId('analytics-preset').selectOption('18m');
  const overview = await api().analytics.overview.query({});
  await expect(page.getByTestId('analytics-mrr')).toHaveText(usd(overview.mrr));
  await expect(page.getByTestId('chart-mrr').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('chart-movements').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('cohort-table').locator('tbody tr').first()).toBeVisible();
  await page.screenshot({ path: 'test/e2e/output/analytics-03-page.png', fullPage: true, animations: 'disabled' });

  // A click on the chart selects a period; its details link to the members who stopped paying.
  const movements = page.getByTestId('chart-movements');
  await movements.scrollIntoViewIfNeeded();
  const box = (await movements.locator('.u-over').boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
  await expect(page.getByTestId('movement-detail')).toBeVisible();

  // The table view: the latest full month in which someone stopped paying.
  await page.getByRole('button', { name: 'Show as table' }).click();
  const churnLinks = page.getByTestId('movements-table').getByRole('link');
  await expect(churnLinks.first()).toBeVisible();
  const link = churnLinks.nth((await churnLinks.count()) - 2 >= 0 ? (await churnLinks.count()) - 2 : 0);
  const href = (await link.getAttribute('href'))!;
  const params = new URLSearchParams(href.split('?')[1]);
  const from = params.get('churnedFrom')!;
  const to = params.get('churnedTo')!;
  await page.screenshot({ path: 'test/e2e/output/analytics-04-movements-table.png', fullPage: false, animations: 'disabled' });
  await link.click();

  await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
  await expect(page.getByText('Stopped paying')).toBeVisible();
  // The members shown are the churned members of that period who are still members.
  const churned = await api().analytics.movementMembers.query({ kind: 'churned', from, to, limit: 1000 });
  const listed = await api().members.list.query({ churnedFrom: from, churnedTo: to, limit: 100 });
  const listedIds = listed.items.map((m) => m.userId).sort();
  const churnedIds = new Set(churned.map((m) => m.userId));
  expect(listed.total).toBeGreaterThan(0);
  expect(listedIds.every((id) => churnedIds.has(id))).toBe(true);
  const everyone = await api().members.list.query({ limit: 100, search: undefined });
  expect(everyone.total).toBeGreaterThan(listed.total);
  await expect(page.getByTestId('member-total')).toHaveText(`${listed.total.toLocaleString('en-US')} member${listed.total === 1 ? '' : 's'}`);
  for (const m of listed.items.slice(0, 5)) await expect(page.getByText(m.email).first()).toBeVisible();
  await page.screenshot({ path: 'test/e2e/output/analytics-05-members-drilldown.png', animations: 'disabled' });
});
