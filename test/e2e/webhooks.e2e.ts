import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { api } from './support/api';

// The Webhooks page in Chromium against the headless console: an outgoing endpoint pointed at a
// receiver in this test, a lab event sent to the console itself, seen arriving in the live stream
// as applied or ignored and opened; then the deliveries it caused, and forwarding to the receiver.
// Statuses are checked against the API, so the page must agree with the server.

const base = () => process.env.E2E_BASE_URL!;
const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
async function shot(page: Page, name: string, options: { top?: boolean } = {}) {
  // The page scrolls inside <main>; start from its top unless the part to show is further down.
  if (options.top) await page.locator('#main').evaluate((main) => main.scrollTo(0, 0));
  await page.screenshot({ path: `test/e2e/output/${name}.png`, fullPage: false, animations: 'disabled' });
}

/** The owner's app: answers 200 to everything and remembers what it was sent. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
let receiver: Server;
const received: Received[] = [];
const receiverUrl = (path: string) => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}${path}`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

/** Sends `count` copies of a Stripe template to the console itself, each with its own event id. */
async function sendLabEvents(type: string, count: number): Promise<void> {
  const templates = await api().webhooks.lab.templates.query();
  const template = templates.find((t) => t.provider === 'stripe' && t.type === type)!;
  for (let i = 0; i < count; i++) {
    const event = { ...JSON.parse(template.payload), id: `evt_e2e_${Date.now()}_${i}` };
    const sent = await api().webhooks.lab.send.mutate({ provider: 'stripe', payload: JSON.stringify(event), target: 'self' });
    expect(sent.response?.status).toBe(200);
  }
}

async function openWebhooks(page: Page) {
  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
}

test('endpoints: add one for our app and see its signing secret once', async ({ page }) => {
  await openWebhooks(page);
  await page.getByRole('tab', { name: 'Endpoints' }).click();
  await expect(page.getByText('Tell your own tools when members join, pay or leave')).toBeVisible();
  await shot(page, 'webhooks-endpoints-empty');

  await page.getByRole('button', { name: 'Add endpoint' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add an endpoint' });
  await dialog.getByLabel('Endpoint URL').fill('not a url');
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(dialog.getByText('This is not a URL')).toBeVisible();
  await dialog.getByLabel('Endpoint URL').fill(receiverUrl('/hooks/tenant'));
  await dialog.getByLabel(/Description/).fill('E2E receiver');
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();

  const secret = page.getByTestId('endpoint-secret');
  await expect(secret).toContainText('whsec_');
  await shot(page, 'webhooks-endpoint-secret');
  await page.getByRole('button', { name: 'I have copied it' }).click();
  await expect(page.getByTestId('endpoint')).toHaveCount(1);
  await expect(page.getByTestId('endpoint')).toContainText(receiverUrl('/hooks/tenant'));
  await expect(page.getByTestId('endpoint')).toContainText('Enabled');
});

test('lab: a Stripe event sent to this console arrives in the stream as applied or ignored', async ({ page }) => {
  await openWebhooks(page);
  await expect(page.getByTestId('live-status')).toHaveText('Live');
  const before = await api().webhooks.list.query({ limit: 200 });
  if (before.items.length === 0) {
    await expect(page.getByTestId('events-empty')).toContainText(`stripe listen --forward-to ${base()}/api/webhooks/stripe`);
    await shot(page, 'webhooks-events-empty');
  }

  await page.getByRole('tab', { name: 'Lab' }).click();
  await expect(page.getByLabel('Event type')).toHaveValue('checkout.session.completed');
  const body = page.getByLabel('Body', { exact: true });
  await expect(body).toHaveValue(/"type": "checkout.session.completed"/);

  // JSON is checked as it is typed, with the place it breaks.
  await body.fill('{\n  "id": "evt_1",\n}');
  await expect(page.getByTestId('json-status')).toContainText('Line 3, column 1: a comma cannot come before “}”');
  await shot(page, 'webhooks-lab-invalid');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('json-status')).toContainText('Valid JSON');

  await page.getByRole('button', { name: 'Send event' }).click();
  await expect(page.getByTestId('exchange-status')).toHaveText('200');
  const exchange = page.getByTestId('exchange');
  await expect(exchange).toContainText('/api/webhooks/stripe');
  await expect(exchange).toContainText('"received": true');
  await shot(page, 'webhooks-lab', { top: true });

  // The console answered with the ledger id: open it in the stream.
  await page.getByRole('button', { name: 'Open in Events' }).click();
  await expect(page).toHaveURL(/#\/webhooks\/events\/whe_/);
  const id = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
  const row = page.locator(`[data-row-id="${id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-status', /^(applied|ignored)$/, { timeout: 20_000 });
  const detail = page.getByTestId('event-detail');
  await expect(detail.getByTestId('event-detail-status')).toHaveText(/^(Applied|Ignored)$/);
  const stored = await api().webhooks.get.query({ id });
  await expect(detail.getByTestId('event-detail-status')).toHaveText(stored.status === 'applied' ? 'Applied' : 'Ignored');
  await expect(detail).toContainText('checkout.session.completed');
  await expect(detail).toContainText('stripe-signature');
  await expect(detail.getByLabel('Raw body')).toContainText('"checkout.session.completed"');
  if (stored.status === 'applied') await expect(detail.getByRole('link', { name: 'Open in Members' })).toBeVisible();
  await shot(page, 'webhooks-event-detail');
  await detail.getByLabel('Raw body').scrollIntoViewIfNeeded();
  await shot(page, 'webhooks-event-body');

  // Replay it to our app, like `stripe events resend`: the same raw body, signed now.
  await detail.getByRole('button', { name: 'Replay…' }).click();
  const replay = page.getByRole('dialog', { name: /Replay/ });
  await replay.getByRole('radio', { name: 'Another URL' }).click();
  await replay.getByLabel('Target URL').fill(receiverUrl('/replayed'));
  await replay.getByRole('button', { name: 'Replay', exact: true }).click();
  await expect(replay.getByTestId('exchange-status')).toHaveText('200');
  const replayed = received.find((r) => r.path === '/replayed');
  expect(replayed?.headers['stripe-signature']).toMatch(/^t=\d+,v1=/);
  expect(JSON.parse(replayed!.body).type).toBe('checkout.session.completed');
  await shot(page, 'webhooks-replay');
  await replay.getByRole('button', { name: 'Done' }).click();
  await expect(replay).toHaveCount(0);

  // Filters narrow the stream on the server.
  await page.getByRole('radio', { name: 'Failed' }).click();
  await expect(row).toHaveCount(0);
  await page.getByRole('radio', { name: 'All' }).click();
  await expect(row).toBeVisible();
});

test('lab: a Lemon Squeezy template is signed with its X-Signature and accepted', async ({ page }) => {
  await openWebhooks(page);
  await page.getByRole('tab', { name: 'Lab' }).click();
  await page.getByRole('radio', { name: 'Lemon Squeezy' }).click();
  await page.getByLabel('Event type').selectOption('subscription_created');
  await expect(page.getByLabel('Body', { exact: true })).toHaveValue(/"event_name": "subscription_created"/);
  await page.getByRole('button', { name: 'Send event' }).click();
  await expect(page.getByTestId('exchange-status')).toHaveText('200');
  await page.getByTestId('exchange').getByText('Headers (', { exact: false }).last().click();
  await expect(page.getByLabel('Request headers')).toContainText('x-signature');

  await page.getByRole('tab', { name: 'Events' }).click();
  await page.getByLabel('Filter by provider').selectOption('lemonsqueezy');
  const row = page.getByTestId('event-row').first();
  await expect(row).toContainText('subscription_created');
  await expect(row).toHaveAttribute('data-status', /^(applied|ignored)$/, { timeout: 20_000 });
});

test('the stream: new events appear on top without moving what the owner is reading', async ({ page }) => {
  await sendLabEvents('invoice.paid', 16);
  await openWebhooks(page);
  const rows = page.getByTestId('event-row');
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(17);

  // Scroll down a little and note where a row in view sits.
  const scroller = page.locator('.event-scroll');
  await scroller.evaluate((el) => el.scrollTo(0, 240));
  const watched = rows.nth(6);
  const watchedId = await watched.getAttribute('data-row-id');
  const offset = () =>
    page.evaluate((id) => {
      const box = document.querySelector('.event-scroll')!.getBoundingClientRect();
      return document.querySelector(`[data-row-id="${id}"]`)!.getBoundingClientRect().top - box.top;
    }, watchedId);
  const before = await offset();

  await sendLabEvents('invoice.paid', 2);
  await expect(page.getByRole('button', { name: '2 new events' })).toBeVisible();
  expect(Math.abs((await offset()) - before)).toBeLessThanOrEqual(2);
  await shot(page, 'webhooks-events-stream');

  // The pill takes the owner back to the newest.
  await page.getByRole('button', { name: '2 new events' }).click();
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBe(0);
  await expect(page.getByRole('button', { name: /new event/ })).toHaveCount(0);
});

test('endpoints: the member events it caused were delivered, with each attempt logged', async ({ page }) => {
  await openWebhooks(page);
  await page.getByRole('tab', { name: 'Endpoints' }).click();
  await page.getByRole('button', { name: 'Show deliveries' }).click();
  const first = page.getByTestId('delivery-row').first();
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(first).toContainText('Delivered', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await first.click();
  const attempts = page.getByRole('table', { name: 'Delivery attempts' });
  await expect(attempts).toContainText('200');
  await expect(attempts).toContainText('{"ok":true}');
  await shot(page, 'webhooks-deliveries');

  const delivery = received.find((r) => r.path === '/hooks/tenant');
  expect(delivery, 'the receiver got a delivery').toBeDefined();
  expect(delivery!.headers['webhook-id']).toMatch(/^msg_/);
  expect(delivery!.headers['webhook-timestamp']).toMatch(/^\d+$/);
  expect(delivery!.headers['webhook-signature']).toMatch(/^v1,/);
  expect(JSON.parse(delivery!.body)).toMatchObject({ event: expect.any(String), timestamp: expect.any(String), data: expect.any(Object) });
});

test('forwarding: every received event also goes to our app, re-signed', async ({ page }) => {
  await openWebhooks(page);
  await page.getByRole('tab', { name: 'Forwarding' }).click();
  const forward = page.getByRole('region', { name: 'Forward to your app' });
  await forward.getByLabel('Forward URL').fill(receiverUrl('/api/webhooks'));
  await forward.getByRole('button', { name: 'Start forwarding' }).click();
  await expect(page.getByTestId('forward-url')).toContainText(receiverUrl('/api/webhooks'));

  // Catch-up needs Stripe's API, which is not configured here: the server's words are shown.
  const catchUp = page.getByTestId('catch-up-stripe');
  await catchUp.getByRole('button', { name: 'Preview' }).click();
  await expect(catchUp.getByRole('alert').or(catchUp.getByText(/Up to date|Run catch-up/))).toBeVisible();
  await catchUp.scrollIntoViewIfNeeded();
  await shot(page, 'webhooks-catch-up');

  const forwardedBefore = received.filter((r) => r.path === '/api/webhooks').length;
  await page.getByRole('tab', { name: 'Lab' }).click();
  await page.getByRole('button', { name: 'Send event' }).click();
  await expect(page.getByTestId('exchange-status')).toHaveText('200');
  await expect.poll(() => received.filter((r) => r.path === '/api/webhooks').length, { timeout: 20_000 }).toBeGreaterThan(forwardedBefore);
  const forwarded = received.filter((r) => r.path === '/api/webhooks').pop()!;
  expect(forwarded.headers['stripe-signature']).toMatch(/^t=\d+,v1=/);

  await page.getByRole('tab', { name: 'Forwarding' }).click();
  await expect(page.locator('.forward-row').first()).toContainText('Forwarded');
  await shot(page, 'webhooks-forwarding', { top: true });

  await forward.getByRole('button', { name: 'Stop forwarding' }).click();
  await expect(page.getByTestId('forward-url')).toHaveCount(0);
});
