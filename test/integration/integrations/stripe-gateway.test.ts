import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../src-main/core/platform/errors';
import { ProviderError, providerErrorToDomain } from '../../../src-main/core/integrations/provider-error';
import { createStripeGateway, type StripeGateway } from '../../../src-main/core/integrations/stripe';
import { startStripeFake, type StripeFake } from '../../fakes/stripe';

let fake: StripeFake;
let stripe: StripeGateway;

beforeEach(async () => {
  fake = await startStripeFake();
  stripe = createStripeGateway({ apiKey: fake.apiKey, apiBase: fake.url, timeoutMs: 5_000 });
});
afterEach(async () => fake.close());

async function rejection(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

const posts = (path: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === path);

describe('Stripe gateway: catalogue', () => {
  it('creates a product and a monthly price, sent form-encoded with nested metadata', async () => {
    const product = await stripe.createProduct({ name: 'Gold circle', description: 'Weekly calls', metadata: { tenantId: 'tenant_1', packageId: 'pkg_1' }, idempotencyKey: 'pkg_1:product' });
    const price = await stripe.createPrice({ productId: product.id, unitAmount: 2900, currency: 'USD', interval: 'month', lookupKey: 'pkg_1', metadata: { packageId: 'pkg_1' }, idempotencyKey: 'pkg_1:price:1' });

    expect(product).toMatchObject({ name: 'Gold circle', description: 'Weekly calls', active: true, metadata: { tenantId: 'tenant_1', packageId: 'pkg_1' } });
    expect(product.id).toMatch(/^prod_/);
    expect(product.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(price).toMatchObject({ productId: product.id, unitAmount: 2900, currency: 'usd', interval: 'month', intervalCount: 1, lookupKey: 'pkg_1', active: true });
    expect(price.id).toMatch(/^price_/);

    // What went over the wire: Stripe's bracketed form encoding, and our idempotency keys.
    expect(posts('/v1/products')[0]).toMatchObject({ params: { metadata: { tenantId: 'tenant_1', packageId: 'pkg_1' } }, idempotencyKey: 'pkg_1:product' });
    expect(posts('/v1/prices')[0]).toMatchObject({ params: { recurring: { interval: 'month', interval_count: '1' }, unit_amount: '2900', currency: 'usd' }, idempotencyKey: 'pkg_1:price:1' });

    expect((await stripe.listProducts()).map((p) => p.id)).toEqual([product.id]);
    expect((await stripe.listPrices({ productId: product.id })).map((p) => p.id)).toEqual([price.id]);
    expect(fake.events().map((e) => e.type)).toEqual(['product.created', 'price.created']);
  });

  it('re-prices by creating a new price and setting the old one inactive', async () => {
    const product = await stripe.createProduct({ name: 'Gold', idempotencyKey: 'p' });
    const old = await stripe.createPrice({ productId: product.id, unitAmount: 2900, currency: 'usd', interval: 'month', lookupKey: 'gold', idempotencyKey: 'price-1' });
    const next = await stripe.createPrice({ productId: product.id, unitAmount: 3900, currency: 'usd', interval: 'month', lookupKey: 'gold', transferLookupKey: true, idempotencyKey: 'price-2' });
    const retired = await stripe.setPriceActive({ priceId: old.id, active: false, idempotencyKey: 'price-1:off' });

    expect(next.id).not.toBe(old.id);
    expect(retired).toMatchObject({ id: old.id, active: false, unitAmount: 2900, lookupKey: null });
    expect(await stripe.listPrices({ productId: product.id, active: true })).toEqual([expect.objectContaining({ id: next.id, unitAmount: 3900, lookupKey: 'gold' })]);
    expect((await stripe.listPrices({ productId: product.id })).map((p) => p.id).sort()).toEqual([old.id, next.id].sort());
    const deactivated = fake.events('price.updated').find((e) => (e.data as { previous_attributes?: { active?: boolean } }).previous_attributes?.active === true);
    expect(deactivated).toBeDefined();
  });

  it('lists every page of products, not just the first hundred', async () => {
    for (let i = 0; i < 230; i++) fake.createPrice({ productName: `Tier ${i}`, unitAmount: 100 + i });
    const products = await stripe.listProducts({ active: true });
    expect(products).toHaveLength(230);
    expect(new Set(products.map((p) => p.id)).size).toBe(230);
    expect(fake.requests.filter((r) => r.path === '/v1/products')).toHaveLength(3);
  });

  it('refuses a malformed apiBase or key with an error naming the setting', () => {
    expect(() => createStripeGateway({ apiKey: fake.apiKey, apiBase: 'http://127.0.0.1:1/v1' })).toThrow(DomainError);
    expect(() => createStripeGateway({ apiKey: fake.apiKey, apiBase: 'not a url' })).toThrow(/stripe\.apiBase/);
    expect(() => createStripeGateway({ apiKey: 'pk_test_publishable' })).toThrow(/stripe\.apiKey/);
  });
});

describe('Stripe gateway: idempotency', () => {
  it('a retried write with the same key returns the same object and creates nothing twice', async () => {
    const input = { name: 'Silver', metadata: { packageId: 'pkg_2' }, idempotencyKey: 'outbox-job-42' };
    const first = await stripe.createProduct(input);
    const again = await stripe.createProduct(input);

    expect(again).toEqual(first);
    expect(fake.state.all('product')).toHaveLength(1);
    expect(fake.events('product.created')).toHaveLength(1);
    expect(posts('/v1/products').map((r) => r.replayed)).toEqual([false, true]);
  });

  it("the SDK's own retry after a 500 reuses our key, so the price exists once", async () => {
    const product = await stripe.createProduct({ name: 'Bronze', idempotencyKey: 'bronze' });
    fake.failNext(1, 500);
    const price = await stripe.createPrice({ productId: product.id, unitAmount: 900, currency: 'usd', interval: 'month', idempotencyKey: 'bronze:price' });

    expect(posts('/v1/prices').map((r) => [r.status, r.idempotencyKey])).toEqual([
      [500, 'bronze:price'],
      [200, 'bronze:price'],
    ]);
    expect(fake.state.all('price').map((p) => p.id)).toEqual([price.id]);
  });

  it('the same key with different parameters is refused, not silently replayed', async () => {
    await stripe.createProduct({ name: 'Gold', idempotencyKey: 'k' });
    const err = await rejection(stripe.createProduct({ name: 'Platinum', idempotencyKey: 'k' }));
    expect(err).toMatchObject({ provider: 'stripe', status: 400, retryable: false });
    expect(err.message).toContain('same parameters');
    expect(fake.state.all('product')).toHaveLength(1);
  });
});

describe('Stripe gateway: errors', () => {
  it("a 4xx becomes a non-retryable ProviderError carrying Stripe's message, code and param", async () => {
    const err = await rejection(stripe.createPrice({ productId: 'prod_missing', unitAmount: 100, currency: 'usd', interval: 'month', idempotencyKey: 'x' }));
    expect(err).toMatchObject({ provider: 'stripe', status: 400, code: 'resource_missing', param: 'product', retryable: false });
    expect(err.message).toBe("Stripe: No such product: 'prod_missing'");
    expect(posts('/v1/prices')).toHaveLength(1); // not retried
  });

  it('a wrong API key is a 401 the outbox should not retry', async () => {
    const wrong = createStripeGateway({ apiKey: 'sk_test_wrong_key_123456', apiBase: fake.url });
    const err = await rejection(wrong.listProducts());
    expect(err).toMatchObject({ status: 401, retryable: false });
    expect(err.message).toMatch(/Invalid API Key/);
  });

  it('a 404 on retrieve names the missing object', async () => {
    const err = await rejection(stripe.retrieveSubscription('sub_nope'));
    expect(err).toMatchObject({ status: 404, code: 'resource_missing', retryable: false });
    expect(err.message).toContain("No such subscription: 'sub_nope'");
  });

  it('a server that refuses connections gives a retryable error, and works again once back', async () => {
    await fake.setDown('refuse');
    const err = await rejection(stripe.listProducts());
    expect(err).toMatchObject({ provider: 'stripe', status: undefined, retryable: true });
    expect(err.message).toMatch(/^Stripe could not be reached/);

    await fake.setDown(false);
    expect(await stripe.listProducts()).toEqual([]);
  });

  it('503 and 429 answers are retryable; the status is kept', async () => {
    await fake.setDown('503');
    expect(await rejection(stripe.listProducts())).toMatchObject({ status: 503, retryable: true });
    await fake.setDown(false);

    fake.failNext(1, 429);
    expect(await rejection(stripe.listProducts())).toMatchObject({ status: 429, code: 'rate_limit', retryable: true });
    expect(await stripe.listProducts()).toEqual([]);
  });

  it('a 402 card error is not retryable', async () => {
    fake.failNext(1, 402);
    expect(await rejection(stripe.listPrices())).toMatchObject({ status: 402, code: 'card_declined', retryable: false });
  });

  it('maps to a domain error an owner can act on: try again, or what Stripe said', async () => {
    fake.failNext(1, 429);
    expect(providerErrorToDomain(await rejection(stripe.listPrices()))).toMatchObject({ code: 'UNAVAILABLE', message: 'Stripe is not reachable right now; try again in a moment' });
    const refused = providerErrorToDomain(await rejection(stripe.createPrice({ productId: 'prod_x', unitAmount: 1, currency: 'usd', idempotencyKey: 'y' })));
    expect(refused).toMatchObject({ code: 'PRECONDITION_FAILED', message: "Stripe: No such product: 'prod_x'", details: { field: 'product' } });
  });
});

describe('Stripe gateway: customers, checkout and subscriptions', () => {
  it('findOrCreateCustomer finds the existing customer instead of making a second one', async () => {
    const first = await stripe.findOrCreateCustomer({ email: 'ada@example.com', name: 'Ada', metadata: { userId: 'user_1' }, idempotencyKey: 'cust:user_1' });
    const second = await stripe.findOrCreateCustomer({ email: 'ada@example.com', metadata: { userId: 'user_1' }, idempotencyKey: 'cust:user_1:again' });
    expect(first).toMatchObject({ created: true, email: 'ada@example.com', name: 'Ada', metadata: { userId: 'user_1' } });
    expect(second).toMatchObject({ created: false, id: first.id });
    expect(fake.state.all('customer')).toHaveLength(1);
  });

  it('opens a checkout whose subscription carries our metadata', async () => {
    const { price } = fake.createPrice({ unitAmount: 4900 });
    const session = await stripe.createCheckoutSession({
      priceId: price.id,
      customerEmail: 'grace@example.com',
      metadata: { tenantId: 'tenant_1', userId: 'user_9' },
      successUrl: 'http://127.0.0.1:5173/welcome?session_id={CHECKOUT_SESSION_ID}',
      cancelUrl: 'http://127.0.0.1:5173/pricing',
      clientReferenceId: 'user_9',
      idempotencyKey: 'checkout:user_9:1',
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toContain(session.id);
    expect(session.status).toBe('open');
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
    expect(posts('/v1/checkout/sessions')[0]?.params).toMatchObject({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: '1' }],
      customer_email: 'grace@example.com',
      client_reference_id: 'user_9',
      metadata: { tenantId: 'tenant_1', userId: 'user_9' },
      subscription_data: { metadata: { tenantId: 'tenant_1', userId: 'user_9' } },
    });

    const { subscription } = fake.completeCheckout(session.id);
    const sub = await stripe.retrieveSubscription(subscription!.id);
    expect(sub).toMatchObject({ status: 'active', priceId: price.id, productId: price.product, quantity: 1, cancelAtPeriodEnd: false, metadata: { tenantId: 'tenant_1', userId: 'user_9' } });
    expect(Date.parse(sub.currentPeriodEnd!)).toBeGreaterThan(Date.parse(sub.createdAt));
  });

  it('a checkout for an unknown price fails with the parameter named', async () => {
    const err = await rejection(
      stripe.createCheckoutSession({ priceId: 'price_gone', metadata: {}, successUrl: 'http://x.test/ok', cancelUrl: 'http://x.test/no', idempotencyKey: 'c' }),
    );
    expect(err).toMatchObject({ status: 400, param: 'line_items[0][price]', retryable: false });
  });

  it('lists subscriptions: canceled ones only when asked for', async () => {
    const { price } = fake.createPrice({ unitAmount: 1000 });
    const live = fake.createSubscription({ price: price.id, email: 'a@example.com' });
    const gone = fake.createSubscription({ price: price.id, email: 'b@example.com' });
    fake.updateSubscription(gone.id, { status: 'canceled' });

    expect((await stripe.listSubscriptions()).map((s) => s.id)).toEqual([live.id]);
    expect((await stripe.listSubscriptions({ status: 'all' })).map((s) => s.id).sort()).toEqual([live.id, gone.id].sort());
    const canceled = await stripe.listSubscriptions({ status: 'canceled' });
    expect(canceled).toEqual([expect.objectContaining({ id: gone.id, status: 'canceled' })]);
    expect(canceled[0]?.canceledAt).not.toBeNull();
  });
});

describe('Stripe gateway: cancelling', () => {
  it('cancels at period end, then now; a second cancel is harmless', async () => {
    const { price } = fake.createPrice({ unitAmount: 1000 });
    const sub = fake.createSubscription({ price: price.id, email: 'f@example.com' });

    const later = await stripe.cancelSubscription({ subscriptionId: sub.id, atPeriodEnd: true, idempotencyKey: 'cancel-1' });
    expect(later).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    const now = await stripe.cancelSubscription({ subscriptionId: sub.id, idempotencyKey: 'cancel-2' });
    expect(now).toMatchObject({ status: 'canceled', endedAt: expect.any(String) });
    expect(await stripe.cancelSubscription({ subscriptionId: sub.id, idempotencyKey: 'cancel-3' })).toMatchObject({ status: 'canceled' });
    expect(fake.events('customer.subscription.deleted')).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });
});

describe('Stripe gateway: events for reconciliation', () => {
  it('lists events since a time, oldest first, across pages', async () => {
    const { price } = fake.createPrice({ unitAmount: 1000 }); // 2 events before the cut-off
    fake.advanceClock(120);
    const cutoff = new Date(fake.state.nowSeconds() * 1000).toISOString();
    const sub = fake.createSubscription({ price: price.id, customer: undefined, email: 'c@example.com' }); // 2 events
    for (let i = 0; i < 228; i++) {
      if (i % 50 === 0) fake.advanceClock(1);
      fake.updateSubscription(sub.id, { metadata: { n: String(i) } });
    }
    const expected = fake.events().filter((e) => e.created >= fake.state.nowSeconds() - 10).map((e) => e.id);
    expect(expected).toHaveLength(230);

    const events = await stripe.listEventsSince({ createdAfter: cutoff });
    expect(events.map((e) => e.id)).toEqual(expected);
    expect(events[0]?.type).toBe('customer.created');
    const eventPages = fake.requests.filter((r) => r.path === '/v1/events');
    expect(eventPages).toHaveLength(3);
    expect(eventPages[0]?.params).toMatchObject({ limit: '100', created: { gte: String(Date.parse(cutoff) / 1000) } });
  });

  it('continues after the last handled event id, across pages, oldest first', async () => {
    const { price } = fake.createPrice({ unitAmount: 1000 });
    const sub = fake.createSubscription({ price: price.id, email: 'd@example.com' });
    for (let i = 0; i < 250; i++) fake.updateSubscription(sub.id, { metadata: { n: String(i) } });
    const all = fake.events();
    const handled = all[40]!;

    const events = await stripe.listEventsSince({ createdAfter: new Date(0).toISOString(), startingAfterId: handled.id });
    expect(events.map((e) => e.id)).toEqual(all.slice(41).map((e) => e.id));
    expect(fake.requests.filter((r) => r.path === '/v1/events').length).toBeGreaterThanOrEqual(3);
  });

  it('filters by type and falls back to the time when the cursor event is unknown', async () => {
    const { price } = fake.createPrice({ unitAmount: 1000 });
    const sub = fake.createSubscription({ price: price.id, email: 'e@example.com' });
    fake.updateSubscription(sub.id, { status: 'past_due' });
    const events = await stripe.listEventsSince({ createdAfter: new Date(0).toISOString(), startingAfterId: 'evt_aged_out', types: ['customer.subscription.*'] });
    expect(events.map((e) => e.type)).toEqual(['customer.subscription.created', 'customer.subscription.updated']);
  });

  it('rejects a createdAfter that is not a date, naming it', async () => {
    await expect(stripe.listEventsSince({ createdAfter: 'yesterday' })).rejects.toThrow(/createdAfter/);
  });
});
