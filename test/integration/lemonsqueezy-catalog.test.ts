import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { upsertPackageInput, type UpsertPackageRequest } from '../../src-shared/schemas/packages';
import { startLemonSqueezyFake, type LemonSqueezyFake } from '../fakes/lemonsqueezy';
import { httpClient } from '../support/clients';
import { addMembers, dialects, type TestCore, type TestDialect } from '../support/core';
import { makeProviderCore } from '../support/provider-core';

let ls: LemonSqueezyFake | undefined;
let core: TestCore | undefined;
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  await core?.dispose();
  await ls?.close();
  server = core = ls = undefined;
});

async function setup(dialect: TestDialect, options: { configured?: boolean } = {}) {
  ls = await startLemonSqueezyFake();
  const { store, product, variants } = ls.seedCatalog();
  const [monthly, yearly] = variants;
  const unused = ls.addVariant(product.id, { name: 'Lifetime', interval: null, price: 99000 });
  const otherStore = ls.addStore({ name: 'Other Store' });
  const otherVariant = ls.addVariant(ls.addProduct(otherStore.id, { name: 'Elsewhere' }).id, { name: 'Elsewhere monthly' });
  core = await makeProviderCore(dialect, {
    providers: options.configured === false ? { lemonSqueezyApiBase: ls.url } : { lemonSqueezyApiKey: ls.apiKey, lemonSqueezyApiBase: ls.url, lemonSqueezyStoreId: store.id },
  });
  const c = core;
  const owner = await c.services.owner.id();
  const tenant = await c.services.tenants.create({ slug: `t${randomBytes(3).toString('hex')}`, name: 'Acme' }, owner);
  const [ada, bob] = await addMembers(c, tenant.id, [{ name: 'Ada', email: 'ada@example.com' }, { name: 'Bob', email: 'bob@example.com' }]);
  const upsert = async (input: UpsertPackageRequest) => (await c.services.packages.upsert(tenant.id, owner, upsertPackageInput.parse(input))).package;
  const starter = await upsert({ name: 'Starter', price: 29, variantId: monthly!.id });
  const pro = await upsert({ name: 'Pro', price: 290, interval: 'year', variantId: yearly!.id });
  const membership = (userId: string) =>
    c.database.db.selectFrom('memberships').select('subscriptionStatus').where('tenantId', '=', tenant.id).where('userId', '=', userId).executeTakeFirstOrThrow();
  return { core: c, ls: ls!, owner, tenant, ada: ada!, bob: bob!, store, monthly: monthly!, yearly: yearly!, unused, otherVariant, starter, pro, membership };
}

describe.each(dialects)('Lemon Squeezy catalog on %s', (dialect) => {
  it('lists variants for picking a package\'s variantId, with the package that uses each', async () => {
    const s = await setup(dialect);
    const variants = await s.core.services.lemonSqueezyCatalog.variants(s.tenant.id);
    const byId = Object.fromEntries(variants.map((v) => [v.id, v]));
    expect(byId[s.monthly.id]).toEqual({
      id: s.monthly.id, productId: String(s.monthly.attributes.product_id), name: 'Monthly', status: 'published', price: 29, interval: 'month', intervalCount: 1,
      isSubscription: true, testMode: true, usable: true, packageId: s.starter.id, packageName: 'Starter',
    });
    expect(byId[s.yearly.id]).toMatchObject({ interval: 'year', price: 290, packageId: s.pro.id });
    expect(byId[s.unused.id]).toMatchObject({ isSubscription: false, usable: false, packageId: null });
    expect(byId[s.otherVariant.id]).toMatchObject({ name: 'Elsewhere monthly', packageId: null });
  });

  it('matches subscriptions to members by email and packages by variant, and links them as subscriptions', async () => {
    const s = await setup(dialect);
    const adaSub = s.ls.addSubscription(s.monthly.id, { user_email: 'ADA@example.com', user_name: 'Ada L' });
    const bobSub = s.ls.addSubscription(s.monthly.id, { user_email: 'bob@example.com', status: 'on_trial', trial_ends_at: '2099-01-01T00:00:00.000Z' });
    const carolSub = s.ls.addSubscription(s.yearly.id, { user_email: 'carol@example.com' });
    const strangerSub = s.ls.addSubscription(s.unused.id, { user_email: 'stranger@example.com' });
    s.ls.addSubscription(s.otherVariant.id, { user_email: 'ada@example.com' }); // another store: not listed

    const preview = await s.core.services.lemonSqueezyCatalog.link(s.tenant.id, s.owner, { commit: false });
    const item = (id: string) => preview.items.find((i) => i.id === id)!;
    expect(preview.items).toHaveLength(4);
    expect(item(adaSub.id)).toMatchObject({ action: 'create', status: 'active', mappedStatus: 'active', member: { userId: s.ada, email: 'ada@example.com' }, package: { id: s.starter.id, name: 'Starter' }, subscriptionId: null, reason: null });
    expect(item(bobSub.id)).toMatchObject({ action: 'create', mappedStatus: 'trialing', member: { userId: s.bob } });
    expect(item(carolSub.id)).toMatchObject({ action: 'create', member: null, package: { id: s.pro.id }, reason: 'no member of this tenant has this email: recorded without a member' });
    expect(item(strangerSub.id)).toMatchObject({ action: 'skip', member: null, package: null });
    expect(preview.counts).toEqual({ create: 3, update: 0, unchanged: 0, skip: 1 });
    expect(await s.core.database.db.selectFrom('subscriptions').select('id').execute()).toHaveLength(0);
    expect((await s.core.services.lemonSqueezyCatalog.subscriptions(s.tenant.id)).map((i) => i.action)).toEqual(preview.items.map((i) => i.action));

    const done = await s.core.services.lemonSqueezyCatalog.link(s.tenant.id, s.owner, { commit: true });
    expect(done.committed).toBe(true);
    const rows = await s.core.database.db.selectFrom('subscriptions').selectAll().where('tenantId', '=', s.tenant.id).orderBy('providerSubscriptionId').execute();
    expect(rows.map((r) => [r.provider, r.providerSubscriptionId, r.userId, r.packageId, r.status, r.planId])).toEqual(
      [
        ['lemonsqueezy', adaSub.id, s.ada, s.starter.id, 'active', s.monthly.id],
        ['lemonsqueezy', bobSub.id, s.bob, s.starter.id, 'trialing', s.monthly.id],
        ['lemonsqueezy', carolSub.id, null, s.pro.id, 'active', s.yearly.id],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    expect(done.items.find((i) => i.id === adaSub.id)!.subscriptionId).toBe(rows.find((r) => r.providerSubscriptionId === adaSub.id)!.id);
    expect(rows.find((r) => r.providerSubscriptionId === adaSub.id)).toMatchObject({ amountMinor: 2900, currency: 'USD', interval: 'month' });
    // Members' subscription status follows, as a webhook would have made it.
    expect(await s.membership(s.ada)).toEqual({ subscriptionStatus: 'active' });
    expect(await s.membership(s.bob)).toEqual({ subscriptionStatus: 'trialing' });
    const customers = await s.core.database.db.selectFrom('customers').select(['provider', 'userId', 'email']).where('tenantId', '=', s.tenant.id).execute();
    expect(customers).toHaveLength(3);
    expect(customers.find((c) => c.userId === s.ada)).toMatchObject({ provider: 'lemonsqueezy', email: 'ada@example.com' });

    // Linking again changes nothing; a change in Lemon Squeezy is an update.
    expect((await s.core.services.lemonSqueezyCatalog.link(s.tenant.id, s.owner, { commit: false })).counts).toEqual({ create: 0, update: 0, unchanged: 3, skip: 1 });
    await new Promise((r) => setTimeout(r, 5));
    s.ls.updateSubscription(adaSub.id, { status: 'expired', ends_at: new Date().toISOString() });
    const after = await s.core.services.lemonSqueezyCatalog.link(s.tenant.id, s.owner, { commit: true });
    expect(after.counts).toEqual({ create: 0, update: 1, unchanged: 2, skip: 1 });
    expect(await s.membership(s.ada)).toEqual({ subscriptionStatus: 'canceled' });
    const events = await s.core.database.db.selectFrom('subscriptionEvents').select(['kind', 'status']).where('tenantId', '=', s.tenant.id).execute();
    expect(events.filter((e) => e.kind === 'canceled')).toHaveLength(1);
  });

  it('says which setting is missing when Lemon Squeezy is not configured', async () => {
    const s = await setup(dialect, { configured: false });
    await expect(s.core.services.lemonSqueezyCatalog.variants(s.tenant.id)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', details: { field: 'lemonSqueezyApiKey' } });
    await expect(s.core.services.lemonSqueezyCatalog.link(s.tenant.id, s.owner, { commit: true })).rejects.toThrow(/LEMONSQUEEZY_API_KEY/);
  });
});

describe('billing.lemonsqueezy over tRPC', () => {
  it('serves variants, subscriptions and linkSubscriptions to admins only; keys set in settings take effect at once', async () => {
    const s = await setup('sqlite', { configured: false });
    server = await startHttpServer(s.core, { host: '127.0.0.1', port: 0 });
    const admin = httpClient(server.url, await s.core.services.auth.issue({ tenantId: s.tenant.id, userId: s.owner, role: 'ADMIN' }));
    const member = httpClient(server.url, await s.core.services.auth.issue({ tenantId: s.tenant.id, userId: s.ada, role: 'MEMBER' }));

    const missing = await admin.billing.lemonsqueezy.variants.query().catch((e: { data: { code: string; field: string } }) => e.data);
    expect(missing).toMatchObject({ code: 'PRECONDITION_FAILED', field: 'lemonSqueezyApiKey' });
    const badStore = await admin.settings.providers.set.mutate({ lemonSqueezyStoreId: 'store-1' }).catch((e: { message: string }) => e.message);
    expect(badStore).toBe('lemonSqueezyStoreId: must be the numeric id of a Lemon Squeezy store');

    const view = await admin.settings.providers.set.mutate({ lemonSqueezyApiKey: s.ls.apiKey, lemonSqueezyStoreId: s.store.id });
    expect(view.lemonSqueezy).toEqual({ configured: true, keyHint: `…${s.ls.apiKey.slice(-4)}`, source: 'settings', apiBase: s.ls.url, storeId: s.store.id, storeIdSource: 'settings' });
    expect(JSON.stringify(view)).not.toContain(s.ls.apiKey);

    s.ls.addSubscription(s.monthly.id, { user_email: 'ada@example.com' });
    expect((await admin.billing.lemonsqueezy.variants.query()).length).toBe(4);
    expect(await admin.billing.lemonsqueezy.subscriptions.query()).toEqual([expect.objectContaining({ action: 'create', member: expect.objectContaining({ userId: s.ada }) })]);
    expect(await admin.billing.lemonsqueezy.linkSubscriptions.mutate({})).toMatchObject({ committed: false, counts: { create: 1 } });
    expect(await admin.billing.lemonsqueezy.linkSubscriptions.mutate({ commit: true })).toMatchObject({ committed: true, counts: { create: 1 } });
    expect(await member.billing.lemonsqueezy.subscriptions.query().then(() => 'ok', (e: { data: { code: string } }) => e.data.code)).toBe('FORBIDDEN');
    // Provider keys are console-wide: a tenant admin who is not the console owner may not change them.
    const [cleo] = await addMembers(s.core, s.tenant.id, [{ name: 'Cleo', email: 'cleo@example.com', role: 'ADMIN' }]);
    const notOwner = httpClient(server.url, await s.core.services.auth.issue({ tenantId: s.tenant.id, userId: cleo!, role: 'ADMIN' }));
    expect(await notOwner.settings.providers.set.mutate({ lemonSqueezyApiKey: null }).then(() => 'ok', (e: { data: { code: string } }) => e.data.code)).toBe('FORBIDDEN');
    expect(await notOwner.settings.providers.set.mutate({ checkoutBaseUrl: 'https://acme.example.com/' }).then(() => 'ok', (e: { data: { code: string } }) => e.data.code)).toBe('FORBIDDEN');
    // The store's subscriptions name other tenants' customers: console-wide, the owner's.
    expect(await notOwner.billing.lemonsqueezy.subscriptions.query().then(() => 'ok', (e: { data: { code: string } }) => e.data.code)).toBe('FORBIDDEN');
    expect(await notOwner.billing.lemonsqueezy.linkSubscriptions.mutate({}).then(() => 'ok', (e: { data: { code: string } }) => e.data.code)).toBe('FORBIDDEN');
    // Its own checkout site is the tenant's.
    expect(await notOwner.settings.checkout.set.mutate({ checkoutBaseUrl: 'https://acme.example.com/' })).toMatchObject({ checkoutBaseUrl: 'https://acme.example.com' });
  });
});
