import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import type { GatewayFactories } from '../../src-main/core/gateways';
import type { StripeGateway, StripePrice, StripeProduct } from '../../src-main/core/integrations/stripe';
import { upsertPackageInput } from '../../src-shared/schemas/packages';
import { dialects, makeTestCore, type TestCore } from '../support/core';

// Nothing listens here: a gateway that reached for the network instead of the injected one fails.
const NOWHERE = 'http://127.0.0.1:9';

/** A Stripe account in memory: the few calls catalog sync and the connection test make. */
function memoryStripe() {
  const products: StripeProduct[] = [];
  const prices: StripePrice[] = [];
  const calls: string[] = [];
  const at = '2026-03-01T12:00:00.000Z';
  const unused = (name: string) => () => Promise.reject(new Error(`${name} is not expected here`));
  const gateway: StripeGateway = {
    async retrieveAccount() {
      calls.push('retrieveAccount');
      return { id: 'acct_memory', name: 'Memory Club', email: null };
    },
    async listProducts() {
      calls.push('listProducts');
      return [...products];
    },
    async createProduct(input) {
      calls.push('createProduct');
      const product = { id: `prod_${products.length + 1}`, name: input.name, description: input.description ?? null, active: input.active ?? true, metadata: input.metadata ?? {}, createdAt: at };
      products.push(product);
      return product;
    },
    async updateProduct(input) {
      calls.push('updateProduct');
      const product = products.find((p) => p.id === input.productId)!;
      Object.assign(product, { name: input.name ?? product.name, active: input.active ?? product.active });
      return product;
    },
    async listPrices(filter) {
      calls.push('listPrices');
      return prices.filter((p) => !filter?.productId || p.productId === filter.productId);
    },
    async createPrice(input) {
      calls.push('createPrice');
      const price = { id: `price_${prices.length + 1}`, productId: input.productId, active: true, currency: input.currency.toLowerCase(), unitAmount: input.unitAmount, interval: input.interval ?? null, intervalCount: 1, lookupKey: input.lookupKey ?? null, metadata: input.metadata ?? {}, createdAt: at };
      prices.push(price);
      return price;
    },
    async setPriceActive(input) {
      calls.push('setPriceActive');
      const price = prices.find((p) => p.id === input.priceId)!;
      price.active = input.active;
      return price;
    },
    findOrCreateCustomer: unused('findOrCreateCustomer'),
    createCheckoutSession: unused('createCheckoutSession'),
    retrieveSubscription: unused('retrieveSubscription'),
    cancelSubscription: unused('cancelSubscription'),
    listSubscriptions: unused('listSubscriptions'),
    listEventsSince: unused('listEventsSince'),
    webhooks: { verify: () => { throw new Error('verify is not expected here'); } } as unknown as StripeGateway['webhooks'],
  };
  return { gateway, products, prices, calls };
}

let core: TestCore | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

describe.each(dialects)('gateways given through CoreConfig on %s', (dialect) => {
  it('settings tests and catalog sync use the injected gateways, with no HTTP at all', async () => {
    const stripe = memoryStripe();
    const keysSeen: string[] = [];
    const sent: { to: string; subject: string }[] = [];
    const published: string[] = [];
    const gateways: Partial<GatewayFactories> = {
      stripe: (options) => {
        keysSeen.push(options.apiKey);
        return stripe.gateway;
      },
      mail: (config) => ({
        async send(mail) {
          sent.push({ to: mail.to, subject: mail.subject });
          return { messageId: `<1@${config.host}>`, response: '250 queued in memory' };
        },
        close() {},
      }),
      realtime: (options) => ({
        check: async () => ({ appId: options.apiKey.split('.')[0]!, serverTime: 0 }),
        async publish(channel, message) {
          published.push(`${channel}:${message.name}`);
        },
      }),
    };
    // The environment's keys would win over the settings saved below; keep this machine's out of it.
    vi.stubEnv('SMTP_URL', '');
    vi.stubEnv('MAIL_FROM', '');
    vi.stubEnv('ABLY_API_KEY', '');
    try {
      core = await makeTestCore(dialect, { clock: fixedClock('2026-03-01T12:00:00.000Z'), gateways, providers: { stripeApiBase: NOWHERE, lemonSqueezyApiBase: NOWHERE, timeoutMs: 500 } });
    } finally {
      vi.unstubAllEnvs();
    }
    const c = core;
    const owner = await c.services.owner.id();
    const tenant = await c.services.tenants.create({ slug: `t${randomBytes(3).toString('hex')}`, name: 'Acme' }, owner);

    await c.services.providers.set(tenant.id, owner, { stripeSecretKey: 'sk_test_memory0000000001' });
    expect(await c.services.settings.providerTest.test('stripe')).toEqual({ ok: true, name: 'Memory Club', message: 'Connected to Memory Club (acct_memory)' });

    const { package: pkg } = await c.services.packages.upsert(tenant.id, owner, upsertPackageInput.parse({ name: 'Starter', price: 29, interval: 'month', currency: 'USD', isActive: true }));
    await c.jobs.drain();
    const row = await c.database.db.selectFrom('packages').select(['stripeProductId', 'stripePriceId', 'syncState']).where('id', '=', pkg.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ stripeProductId: 'prod_1', stripePriceId: 'price_1', syncState: 'synced' });
    expect(stripe.prices).toEqual([expect.objectContaining({ unitAmount: 2900, currency: 'usd', interval: 'month' })]);
    expect(stripe.calls).toContain('createProduct');
    // Built from the key saved in Settings, once per key.
    expect(keysSeen).toEqual(['sk_test_memory0000000001']);

    await c.services.settings.email.set({ host: 'smtp.memory', port: 25, security: 'none', fromAddress: 'hello@acme.io' });
    expect(await c.services.settings.email.test('me@acme.io')).toEqual({ ok: true, message: 'Sent a test message to me@acme.io' });
    expect(sent).toEqual([{ to: 'me@acme.io', subject: 'Tenant Console test message' }]);

    await c.services.settings.realtime.set({ ablyApiKey: 'memapp.key1:secret' });
    expect(await c.services.settings.realtime.test()).toMatchObject({ ok: true, name: 'memapp' });
    await (await c.services.settings.realtime.gateway())!.publish('tenant:acme', { name: 'member.joined', data: {} });
    expect(published).toEqual(['tenant:acme:member.joined']);
  });
});
