import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import type { ProviderEnv } from '../../src-main/core/areas/settings/provider-config';
import { withSessionPlaceholder } from '../../src-main/core/areas/billing/checkout';
import { checkoutInput, setProvidersInput, type CheckoutInput } from '../../src-shared/schemas/billing';
import { upsertPackageInput, type UpsertPackageRequest } from '../../src-shared/schemas/packages';
import { startLemonSqueezyFake, type LemonSqueezyFake } from '../fakes/lemonsqueezy';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { httpClient } from '../support/clients';
import { addMembers, dialects, type TestCore, type TestDialect } from '../support/core';
import { makeProviderCore } from '../support/provider-core';

const starter: UpsertPackageRequest = { name: 'Starter', price: 29, interval: 'month', currency: 'USD', isActive: true };

let stripe: StripeFake | undefined;
let ls: LemonSqueezyFake | undefined;
let core: TestCore | undefined;
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  await core?.dispose();
  await stripe?.close();
  await ls?.close();
  server = core = stripe = ls = undefined;
});

async function setup(dialect: TestDialect, options: { stripe?: boolean; lemonSqueezy?: boolean; now?: string } = {}) {
  stripe = await startStripeFake();
  ls = await startLemonSqueezyFake();
  const catalog = ls.seedCatalog();
  const clock = fixedClock(options.now ?? '2024-11-20T12:00:00.000Z');
  const providers: ProviderEnv = { stripeApiBase: stripe.url, lemonSqueezyApiBase: ls.url, stripeMaxNetworkRetries: 0 };
  if (options.stripe !== false) providers.stripeSecretKey = stripe.apiKey;
  if (options.lemonSqueezy !== false) Object.assign(providers, { lemonSqueezyApiKey: ls.apiKey, lemonSqueezyStoreId: catalog.store.id });
  core = await makeProviderCore(dialect, { clock, providers });
  const c = core;
  const owner = await c.services.owner.id();
  const tenant = await c.services.tenants.create({ slug: `t${randomBytes(3).toString('hex')}`, name: 'Acme' }, owner);
  const [ada] = await addMembers(c, tenant.id, [{ name: 'Ada', email: 'ada@example.com' }]);
  const groupId = `group_${randomBytes(6).toString('hex')}`;
  await c.database.db.insertInto('groups').values({ id: groupId, tenantId: tenant.id, name: 'Founders', description: null, createdAt: clock.nowIso() }).execute();
  const upsert = async (input: UpsertPackageRequest) => (await c.services.packages.upsert(tenant.id, owner, upsertPackageInput.parse(input))).package;
  const checkout = (input: Partial<CheckoutInput> & { packageId: string }) => c.services.checkout.create(tenant.id, checkoutInput.parse(input));
  const setBase = (url: string) => c.services.providers.set(tenant.id, owner, setProvidersInput.parse({ checkoutBaseUrl: url }));
  return { core: c, clock, owner, tenant, ada: ada!, groupId, catalog, upsert, checkout, setBase, stripe: stripe!, ls: ls! };
}

const sessionRequests = () => stripe!.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions');

describe('success URL placeholder', () => {
  it('adds ?session_id={CHECKOUT_SESSION_ID} unencoded, before a fragment, and keeps one already there', () => {
    expect(withSessionPlaceholder('https://a.io/welcome')).toBe('https://a.io/welcome?session_id={CHECKOUT_SESSION_ID}');
    expect(withSessionPlaceholder('https://a.io/welcome?x=1#top')).toBe('https://a.io/welcome?x=1&session_id={CHECKOUT_SESSION_ID}#top');
    expect(withSessionPlaceholder('https://a.io/w?s={CHECKOUT_SESSION_ID}')).toBe('https://a.io/w?s={CHECKOUT_SESSION_ID}');
  });
});

describe.each(dialects)('billing.checkout on %s', (dialect) => {
  it('opens a Stripe Checkout Session for the synced price with the seed\'s metadata and URLs', async () => {
    const s = await setup(dialect);
    const pkg = await s.upsert(starter);
    await s.core.jobs.drain();
    const { stripePriceId } = await s.core.database.db.selectFrom('packages').select('stripePriceId').where('id', '=', pkg.id).executeTakeFirstOrThrow();
    await s.setBase('https://community.example.com/');

    const result = await s.checkout({ packageId: pkg.id, userId: s.ada, groupId: s.groupId });
    expect(result).toMatchObject({ provider: 'stripe', priceId: stripePriceId, amount: 29, currency: 'USD', interval: 'month', onSale: false });
    expect(result.sessionId).toMatch(/^cs_test_/);
    expect(result.url).toBe(`https://checkout.stripe.com/c/pay/${result.sessionId}`);

    const [request] = sessionRequests();
    expect(request!.idempotencyKey).toMatch(/^tc:checkout:/);
    expect(request!.params).toMatchObject({
      mode: 'subscription',
      line_items: [{ price: stripePriceId, quantity: '1' }],
      success_url: 'https://community.example.com/welcome?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://community.example.com/pricing',
      customer_email: 'ada@example.com',
      client_reference_id: s.ada,
    });
    expect(request!.params.metadata).toEqual({ tenantId: s.tenant.id, userId: s.ada, groupId: s.groupId });
    // The subscription the buyer ends up with carries the same metadata, for the webhooks.
    const { subscription } = s.stripe.completeCheckout(result.sessionId);
    expect(subscription!.metadata).toEqual({ tenantId: s.tenant.id, userId: s.ada, groupId: s.groupId });

    // Given URLs win; an email alone is enough (no member yet): metadata names only the tenant.
    await s.checkout({ packageId: pkg.id, email: 'new@example.com', successUrl: 'https://x.io/thanks', cancelUrl: 'https://x.io/back' });
    expect(sessionRequests()[1]!.params).toMatchObject({ success_url: 'https://x.io/thanks?session_id={CHECKOUT_SESSION_ID}', cancel_url: 'https://x.io/back', customer_email: 'new@example.com' });
    expect(sessionRequests()[1]!.params.metadata).toEqual({ tenantId: s.tenant.id });
  });

  it('charges the sale price while the sale is on by the server clock, and the regular price outside it', async () => {
    const s = await setup(dialect, { now: '2024-11-24T23:59:59.999Z' });
    await s.setBase('https://community.example.com');
    const pkg = await s.upsert({ ...starter, salePrice: 19, saleStartsAt: '2024-11-25', saleEndsAt: '2024-11-30' });
    await s.core.jobs.drain();
    const { stripePriceId } = await s.core.database.db.selectFrom('packages').select('stripePriceId').where('id', '=', pkg.id).executeTakeFirstOrThrow();
    // Sync made the upcoming sale's price ahead of time.
    const salePrices = () => s.stripe.state.all('price').filter((p) => p.lookup_key === `${pkg.id}-sale-1900`);
    expect(salePrices()).toEqual([expect.objectContaining({ unit_amount: 1900, active: true, metadata: expect.objectContaining({ kind: 'sale', packageId: pkg.id }) })]);

    expect(await s.checkout({ packageId: pkg.id })).toMatchObject({ onSale: false, amount: 29, priceId: stripePriceId });
    s.clock.set('2024-11-25T00:00:00.000Z');
    const onSale = await s.checkout({ packageId: pkg.id });
    expect(onSale).toMatchObject({ onSale: true, amount: 19, priceId: salePrices()[0]!.id });
    expect(sessionRequests()[1]!.params.line_items).toEqual([{ price: salePrices()[0]!.id, quantity: '1' }]);
    s.clock.set('2024-11-30T23:59:59.999Z');
    expect(await s.checkout({ packageId: pkg.id })).toMatchObject({ onSale: true, priceId: salePrices()[0]!.id });
    s.clock.set('2024-12-01T00:00:00.000Z');
    expect(await s.checkout({ packageId: pkg.id })).toMatchObject({ onSale: false, amount: 29, priceId: stripePriceId });
    expect(salePrices()).toHaveLength(1); // reused, never made twice

    // Ending the sale archives its price at the next sync.
    await s.upsert({ id: pkg.id, salePrice: null, saleStartsAt: null, saleEndsAt: null });
    await s.core.jobs.drain();
    expect(salePrices()[0]).toMatchObject({ active: false });
  });

  it('makes the sale price at checkout when sync has not made it', async () => {
    const s = await setup(dialect, { now: '2024-11-26T00:00:00.000Z' });
    await s.setBase('https://community.example.com');
    const pkg = await s.upsert(starter);
    await s.core.jobs.drain();
    // Sale set straight in the database, so no sync has run for it.
    await s.core.database.db.updateTable('packages').set({ salePriceMinor: 1500 }).where('id', '=', pkg.id).execute();
    const first = await s.checkout({ packageId: pkg.id });
    expect(first).toMatchObject({ onSale: true, amount: 15 });
    expect(s.stripe.state.get(first.priceId!)).toMatchObject({ unit_amount: 1500, lookup_key: `${pkg.id}-sale-1500` });
    expect((await s.checkout({ packageId: pkg.id })).priceId).toBe(first.priceId);
  });

  it('opens a Lemon Squeezy checkout for the package\'s variant with tenant_id and user_id', async () => {
    const s = await setup(dialect, { stripe: false });
    await s.setBase('https://community.example.com');
    const variant = s.catalog.variants[0]!;
    const pkg = await s.upsert({ ...starter, variantId: variant.id });
    const result = await s.checkout({ packageId: pkg.id, userId: s.ada, groupId: s.groupId });
    expect(result).toMatchObject({ provider: 'lemonsqueezy', priceId: null, onSale: false });
    expect(result.url).toMatch(/^https:\/\/fake-community\.lemonsqueezy\.com\/checkout\/custom\//);
    const stored = s.ls.checkouts()[0]!;
    expect(stored.id).toBe(result.sessionId);
    expect(stored.attributes).toMatchObject({ variant_id: Number(variant.id), store_id: Number(s.catalog.store.id) });
    expect(stored.attributes.checkout_data).toMatchObject({ email: 'ada@example.com', custom: { tenant_id: s.tenant.id, user_id: s.ada, group_id: s.groupId } });
    expect(stored.attributes.product_options).toMatchObject({ redirect_url: 'https://community.example.com/welcome' });
  });

  it('refuses clearly, naming the field, when the package or the setup is not ready', async () => {
    const s = await setup(dialect, { lemonSqueezy: false });
    const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code: string; details: { field?: string } }) => `${e.code} ${e.details.field}`);
    const pkg = await s.upsert(starter);
    // Not synced yet (the job has not run).
    expect(await code(s.checkout({ packageId: pkg.id, successUrl: 'https://x.io/ok', cancelUrl: 'https://x.io/no' }))).toBe('PRECONDITION_FAILED syncState');
    await s.core.jobs.drain();
    expect(await code(s.checkout({ packageId: pkg.id }))).toBe('PRECONDITION_FAILED successUrl');
    await s.setBase('https://community.example.com');
    expect(await code(s.checkout({ packageId: pkg.id, userId: 'user_nobody123' }))).toBe('VALIDATION userId');
    expect(await code(s.checkout({ packageId: pkg.id, groupId: 'group_nowhere123' }))).toBe('VALIDATION groupId');
    expect(await code(s.checkout({ packageId: pkg.id, provider: 'lemonsqueezy' }))).toBe('PRECONDITION_FAILED lemonSqueezyApiKey');
    await s.upsert({ id: pkg.id, isActive: false });
    expect(await code(s.checkout({ packageId: pkg.id }))).toBe('PRECONDITION_FAILED isActive');
    await s.core.services.packages.remove(s.tenant.id, s.owner, (await s.upsert({ ...starter, name: 'Gone' })).id);
    const archived = await s.upsert({ ...starter, name: 'Old' });
    await s.core.database.db.updateTable('packages').set({ archivedAt: s.clock.nowIso(), isActive: 0 }).where('id', '=', archived.id).execute();
    expect(await code(s.checkout({ packageId: archived.id }))).toBe('PRECONDITION_FAILED archivedAt');
    expect(await code(s.checkout({ packageId: 'pkg_doesnotexist1' }))).toBe('NOT_FOUND packageId');
    await s.upsert({ id: pkg.id, isActive: true });
    await s.core.jobs.drain();
    // A failed sync is not sold either.
    await s.core.database.db.updateTable('packages').set({ syncState: 'failed', syncError: 'Stripe: nope' }).where('id', '=', pkg.id).execute();
    await expect(s.checkout({ packageId: pkg.id })).rejects.toThrow(/its last sync failed/);
    expect(sessionRequests()).toHaveLength(0);
  });

  it('needs a variant for Lemon Squeezy and a key for Stripe', async () => {
    const s = await setup(dialect, { stripe: false });
    await s.setBase('https://community.example.com');
    const pkg = await s.upsert(starter);
    expect(pkg.syncState).toBe('local');
    await expect(s.checkout({ packageId: pkg.id, provider: 'lemonsqueezy' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', details: { field: 'variantId' } });
    await expect(s.checkout({ packageId: pkg.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', details: { field: 'stripeSecretKey' } });
    await expect(s.checkout({ packageId: pkg.id })).rejects.toThrow(/STRIPE_SECRET_KEY/);
  });
});

describe('billing.checkout over tRPC', () => {
  it('lets a member open a checkout for themselves only, and maps Stripe\'s refusals', async () => {
    const s = await setup('sqlite');
    await s.setBase('https://community.example.com');
    const pkg = await s.upsert(starter);
    await s.core.jobs.drain();
    server = await startHttpServer(s.core, { host: '127.0.0.1', port: 0 });
    const member = httpClient(server.url, await s.core.services.auth.issue({ tenantId: s.tenant.id, userId: s.ada, role: 'MEMBER' }));
    const admin = httpClient(server.url, await s.core.services.auth.issue({ tenantId: s.tenant.id, userId: s.owner, role: 'ADMIN' }));

    const own = await member.billing.checkout.mutate({ packageId: pkg.id });
    expect(own).toMatchObject({ provider: 'stripe', amount: 29 });
    expect(sessionRequests()[0]!.params.metadata).toEqual({ tenantId: s.tenant.id, userId: s.ada });
    const other = await member.billing.checkout.mutate({ packageId: pkg.id, userId: s.owner as never }).catch((e: { data: { code: string } }) => e.data.code);
    expect(other).toBe('FORBIDDEN');
    const badUrl = await admin.billing.checkout.mutate({ packageId: pkg.id, successUrl: 'ftp://x' }).catch((e: { message: string }) => e.message);
    expect(badUrl).toBe('successUrl: must be an http(s) URL');

    // Stripe refuses (the price was archived behind our back): a 412 with Stripe's words.
    const { stripePriceId } = await s.core.database.db.selectFrom('packages').select('stripePriceId').where('id', '=', pkg.id).executeTakeFirstOrThrow();
    s.stripe.state.get(stripePriceId!)!.active = false;
    const refused = await admin.billing.checkout.mutate({ packageId: pkg.id }).catch((e: { data: { code: string; httpStatus: number }; message: string }) => e);
    expect(refused).toMatchObject({ data: { code: 'PRECONDITION_FAILED', httpStatus: 412 } });
    expect((refused as { message: string }).message).toMatch(/^Stripe: The price `price_.*` is not active/);
    await s.stripe.setDown('refuse');
    const down = await admin.billing.checkout.mutate({ packageId: pkg.id }).catch((e: { data: { code: string } }) => e.data.code);
    expect(down).toBe('SERVICE_UNAVAILABLE');
  });
});
