import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import type { ProviderEnv } from '../../src-main/core/areas/settings/provider-config';
import { setProvidersInput } from '../../src-shared/schemas/billing';
import { upsertPackageInput, type UpsertPackageRequest } from '../../src-shared/schemas/packages';
import { startStripeFake, type StripeFake, type StripeObject } from '../fakes/stripe';
import { httpClient } from '../support/clients';
import { dialects, type TestCore, type TestDialect } from '../support/core';
import { makeProviderCore } from '../support/provider-core';

const starter: UpsertPackageRequest = { name: 'Starter', description: 'For small communities', price: 29, interval: 'month', currency: 'USD', isActive: true };

let fake: StripeFake | undefined;
let core: TestCore | undefined;
let proxy: Server | undefined;
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  await core?.dispose();
  await fake?.close();
  if (proxy) await new Promise<void>((resolve) => proxy!.close(() => resolve()));
  server = core = fake = proxy = undefined;
});

/** Configured: the fake's key and URL as if from STRIPE_SECRET_KEY / STRIPE_API_BASE. 'settings': only the URL. */
async function setup(dialect: TestDialect, options: { key?: 'env' | 'settings'; providers?: ProviderEnv; apiBase?: (fakeUrl: string) => Promise<string> } = {}) {
  fake = await startStripeFake();
  const clock = fixedClock('2026-03-01T12:00:00.000Z');
  const apiBase = options.apiBase ? await options.apiBase(fake.url) : fake.url;
  const providers: ProviderEnv = { stripeApiBase: apiBase, stripeMaxNetworkRetries: 0, ...options.providers };
  if ((options.key ?? 'env') === 'env') providers.stripeSecretKey = fake.apiKey;
  core = await makeProviderCore(dialect, { clock, providers });
  const c = core;
  const owner = await c.services.owner.id();
  const tenant = await c.services.tenants.create({ slug: `t${randomBytes(3).toString('hex')}`, name: 'Acme' }, owner);
  const upsert = async (input: UpsertPackageRequest) => (await c.services.packages.upsert(tenant.id, owner, upsertPackageInput.parse(input))).package;
  const row = (id: string) =>
    c.database.db.selectFrom('packages').select(['stripeProductId', 'stripePriceId', 'syncState', 'syncError']).where('id', '=', id).executeTakeFirstOrThrow();
  const syncJobs = () => c.database.db.selectFrom('jobs').select(['id', 'status', 'dedupeKey', 'runAt', 'lastError', 'attempts']).where('kind', '=', 'catalog.sync').execute();
  const setKey = (key: string | null) => c.services.providers.set(tenant.id, owner, setProvidersInput.parse({ stripeSecretKey: key }));
  return { core: c, fake: fake!, clock, owner, tenant, upsert, row, syncJobs, setKey };
}

const products = () => fake!.state.all('product');
const prices = () => fake!.state.all('price');
const activePrices = () => prices().filter((p) => p.active);
const writes = () => fake!.requests.filter((r) => r.method === 'POST');
const recurring = (p: StripeObject) => (p.recurring as { interval: string }).interval;

/** A proxy in front of the fake that forwards a request and then drops the answer, as a lost connection would. */
async function startLossyProxy(target: string, lose: (method: string, path: string) => boolean): Promise<string> {
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)) headers[k] = v;
      const method = req.method ?? 'GET';
      const upstream = await fetch(`${target}${req.url}`, { method, headers, body: method === 'GET' ? undefined : Buffer.concat(chunks) });
      const body = Buffer.from(await upstream.arrayBuffer());
      if (lose(method, new URL(req.url ?? '/', target).pathname)) {
        req.socket.destroy();
        return;
      }
      const out: Record<string, string> = {};
      upstream.headers.forEach((v, k) => {
        if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(k)) out[k] = v;
      });
      res.writeHead(upstream.status, out);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

describe.each(dialects)('Stripe catalog sync on %s', (dialect) => {
  it('creates the product and price, and re-pricing makes a new price and archives the old one', async () => {
    const s = await setup(dialect);
    const pkg = await s.upsert(starter);
    expect(pkg.syncState).toBe('pending');
    expect(await s.syncJobs()).toEqual([expect.objectContaining({ status: 'pending' })]);
    expect(products()).toHaveLength(0); // nothing leaves before the commit, and then only through the outbox

    await s.core.jobs.drain();
    const first = await s.row(pkg.id);
    expect(first).toMatchObject({ syncState: 'synced', syncError: null });
    expect(products()).toEqual([expect.objectContaining({ id: first.stripeProductId, name: 'Starter', description: 'For small communities', active: true, metadata: { tenantId: s.tenant.id, packageId: pkg.id } })]);
    expect(prices()).toEqual([expect.objectContaining({ id: first.stripePriceId, product: first.stripeProductId, unit_amount: 2900, currency: 'usd', lookup_key: pkg.id, active: true })]);
    expect(recurring(prices()[0]!)).toBe('month');

    const repriced = await s.upsert({ id: pkg.id, price: 39, name: 'Starter Plus' });
    expect(repriced.syncState).toBe('pending');
    await s.core.jobs.drain();
    const second = await s.row(pkg.id);
    expect(second.syncState).toBe('synced');
    expect(second.stripeProductId).toBe(first.stripeProductId);
    expect(second.stripePriceId).not.toBe(first.stripePriceId);
    expect(products()).toEqual([expect.objectContaining({ name: 'Starter Plus' })]);
    const old = fake!.state.get(first.stripePriceId!)!;
    expect(old).toMatchObject({ active: false, unit_amount: 2900, lookup_key: null });
    expect(activePrices()).toEqual([expect.objectContaining({ id: second.stripePriceId, unit_amount: 3900, lookup_key: pkg.id })]);

    // A yearly package is another price again; limits and features leave Stripe alone.
    await s.upsert({ id: pkg.id, interval: 'year' });
    await s.core.jobs.drain();
    expect(activePrices().map((p) => [p.unit_amount, recurring(p)])).toEqual([[3900, 'year']]);
    const before = fake!.requests.length;
    const limitsOnly = await s.upsert({ id: pkg.id, maxUsers: 5, displayFeatures: ['Five seats'] });
    expect(limitsOnly.syncState).toBe('synced');
    await s.core.jobs.drain();
    expect(fake!.requests.length).toBe(before);

    // Every write carried an idempotency key.
    expect(writes().length).toBeGreaterThan(0);
    expect(writes().every((r) => typeof r.idempotencyKey === 'string' && r.idempotencyKey.startsWith(`tc:${pkg.id}:`))).toBe(true);
  });

  it('collapses rapid edits into one job that syncs the last state', async () => {
    const s = await setup(dialect);
    const pkg = await s.upsert(starter);
    await s.upsert({ id: pkg.id, price: 31 });
    await s.upsert({ id: pkg.id, price: 33, description: 'Third edit' });
    expect(await s.syncJobs()).toHaveLength(1);

    await s.core.jobs.drain();
    expect(prices()).toEqual([expect.objectContaining({ unit_amount: 3300, active: true })]);
    expect(products()).toEqual([expect.objectContaining({ description: 'Third edit' })]);
    expect(await s.row(pkg.id)).toMatchObject({ syncState: 'synced' });

    // Once that job is done, the next edit gets a job of its own.
    await s.upsert({ id: pkg.id, price: 35 });
    expect((await s.syncJobs()).map((j) => j.status).sort()).toEqual(['done', 'pending']);
  });

  it('keeps an edit made while Stripe is unreachable pending, and syncs it once Stripe is back', async () => {
    const s = await setup(dialect);
    const pkg = await s.upsert(starter);
    await s.core.jobs.drain();
    await s.fake.setDown('refuse');

    const edited = await s.upsert({ id: pkg.id, price: 49 });
    expect(edited).toMatchObject({ price: 49, syncState: 'pending' });
    await s.core.jobs.drain();
    const waiting = await s.row(pkg.id);
    expect(waiting.syncState).toBe('pending');
    expect(waiting.syncError).toMatch(/^Stripe could not be reached/);
    const [, job] = await s.syncJobs();
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    expect(Date.parse(job!.runAt)).toBeGreaterThan(s.clock.nowMs());
    // Still down on the next attempt: still pending, retried later again.
    s.clock.advance(60_000);
    await s.core.jobs.drain();
    expect((await s.syncJobs())[1]).toMatchObject({ status: 'pending', attempts: 2 });
    expect((await s.core.services.packages.get(s.tenant.id, pkg.id)).price).toBe(49);

    await s.fake.setDown(false);
    s.clock.advance(3_600_000);
    await s.core.jobs.drain();
    expect(await s.row(pkg.id)).toMatchObject({ syncState: 'synced', syncError: null });
    expect(activePrices()).toEqual([expect.objectContaining({ unit_amount: 4900 })]);
  });

  it('marks a package failed with Stripe\'s message on a 400, and a retry after the fix syncs it', async () => {
    const s = await setup(dialect);
    const pkg = await s.upsert(starter);
    await s.core.jobs.drain();

    s.fake.failNext(1, 400, 'parameter_invalid_string');
    await s.upsert({ id: pkg.id, price: 59 });
    await s.core.jobs.drain();
    expect(await s.row(pkg.id)).toMatchObject({ syncState: 'failed', syncError: 'Stripe: Invalid request (simulated by the fake).' });
    expect((await s.syncJobs())[1]).toMatchObject({ status: 'failed', lastError: 'Stripe: Invalid request (simulated by the fake).' });
    expect((await s.core.services.packages.list(s.tenant.id))[0]).toMatchObject({ syncState: 'failed', syncError: 'Stripe: Invalid request (simulated by the fake).' });

    const retried = await s.core.services.catalogSync.retry(s.tenant.id, s.owner, pkg.id);
    expect(retried).toMatchObject({ syncState: 'pending', syncError: null });
    await s.core.jobs.drain();
    expect(await s.row(pkg.id)).toMatchObject({ syncState: 'synced', syncError: null });
    expect(activePrices()).toEqual([expect.objectContaining({ unit_amount: 5900 })]);
  });

  it('archives the product when a package is deactivated, archived or deleted', async () => {
    const s = await setup(dialect);
    const a = await s.upsert(starter);
    const b = await s.upsert({ ...starter, name: 'Pro', price: 99 });
    await s.core.jobs.drain();
    const productOf = async (id: string) => fake!.state.get((await s.row(id)).stripeProductId!)!;

    await s.upsert({ id: a.id, isActive: false });
    await s.core.jobs.drain();
    expect(await productOf(a.id)).toMatchObject({ active: false });
    await s.upsert({ id: a.id, isActive: true });
    await s.core.jobs.drain();
    expect(await productOf(a.id)).toMatchObject({ active: true });

    // With a subscriber the package is archived, not deleted: the product is archived too.
    const at = '2026-02-01T00:00:00.000Z';
    await s.core.database.db
      .insertInto('subscriptions')
      .values({ id: 'sub_t1', tenantId: s.tenant.id, userId: null, customerId: null, packageId: a.id, provider: 'stripe', providerSubscriptionId: 'sub_x', planId: null, status: 'active', startedAt: at, canceledAt: null, providerUpdatedAt: at, createdAt: at, updatedAt: at })
      .execute();
    expect(await s.core.services.packages.remove(s.tenant.id, s.owner, a.id)).toMatchObject({ archived: true });
    await s.core.jobs.drain();
    expect(await productOf(a.id)).toMatchObject({ active: false });
    expect(await s.row(a.id)).toMatchObject({ syncState: 'synced' });

    const productB = (await s.row(b.id)).stripeProductId!;
    expect(await s.core.services.packages.remove(s.tenant.id, s.owner, b.id)).toEqual({ deleted: true });
    expect(fake!.state.get(productB)).toMatchObject({ active: true });
    await s.core.jobs.drain();
    expect(fake!.state.get(productB)).toMatchObject({ active: false });
  });
});

describe('Stripe catalog sync: retries never duplicate', () => {
  /** Drops the answers to the first `n` price creations. */
  const losePrices = (n: number) => {
    let lost = 0;
    return (fakeUrl: string) => startLossyProxy(fakeUrl, (method, path) => method === 'POST' && path === '/v1/prices' && lost++ < n);
  };

  it('a lost answer retried by the SDK with the same idempotency key is replayed, not done twice', async () => {
    const s = await setup('sqlite', { apiBase: losePrices(1), providers: { stripeMaxNetworkRetries: 1 } });
    const pkg = await s.upsert(starter);
    await s.core.jobs.drain();

    expect(await s.row(pkg.id)).toMatchObject({ syncState: 'synced' });
    const creates = writes().filter((r) => r.path === '/v1/prices');
    expect(creates).toHaveLength(2);
    expect(creates[1]).toMatchObject({ replayed: true, idempotencyKey: creates[0]!.idempotencyKey });
    expect(prices()).toHaveLength(1);
    expect(products()).toHaveLength(1);
  });

  it('answers lost until the SDK gives up: the job\'s next attempt finds the price Stripe made instead of making another', async () => {
    // The SDK retries a dropped connection once even with maxNetworkRetries 0: lose both answers.
    const s = await setup('sqlite', { apiBase: losePrices(2) });
    const pkg = await s.upsert(starter);
    await s.core.jobs.drain();
    expect(await s.row(pkg.id)).toMatchObject({ syncState: 'pending' });
    expect(prices()).toHaveLength(1); // Stripe did the work; we never heard

    s.clock.advance(3_600_000);
    await s.core.jobs.drain();
    const row = await s.row(pkg.id);
    expect(row).toMatchObject({ syncState: 'synced', stripePriceId: prices()[0]!.id });
    // The attempt that lost its answers sent one key (the SDK's retry was a replay); the next attempt sent none.
    const creates = writes().filter((r) => r.path === '/v1/prices');
    expect(creates.map((r) => r.replayed)).toEqual([false, true]);
    expect(prices()).toHaveLength(1);
    expect(products()).toHaveLength(1);
  });

  it('a sync run again after a crash that lost what it had recorded adopts the product and price', async () => {
    const s = await setup('sqlite');
    const pkg = await s.upsert(starter);
    await s.core.jobs.drain();
    const synced = await s.row(pkg.id);
    // As if the desktop died after Stripe answered and before the links were committed.
    await s.core.database.db.updateTable('packages').set({ stripeProductId: null, stripePriceId: null, syncState: 'pending' }).where('id', '=', pkg.id).execute();
    s.fake.clearRequests();

    await s.core.services.catalogSync.retry(s.tenant.id, s.owner, pkg.id);
    await s.core.jobs.drain();
    expect(await s.row(pkg.id)).toMatchObject({ syncState: 'synced', stripeProductId: synced.stripeProductId, stripePriceId: synced.stripePriceId });
    expect(writes().map((r) => r.path)).toEqual([`/v1/products/${synced.stripeProductId}`]);
    expect(products()).toHaveLength(1);
    expect(prices()).toHaveLength(1);
  });
});

describe('Stripe catalog sync: the Stripe key', () => {
  it('keeps packages local without a key, and syncs them all once a key is set; a wrong key fails until fixed', async () => {
    const s = await setup('sqlite', { key: 'settings' });
    const pkg = await s.upsert(starter);
    expect(pkg.syncState).toBe('local');
    expect(await s.syncJobs()).toEqual([]);
    await expect(s.core.services.catalogSync.retry(s.tenant.id, s.owner, pkg.id)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', details: { field: 'stripeSecretKey' } });

    const wrong = `sk_test_${'x'.repeat(24)}`;
    const view = await s.setKey(wrong);
    expect(view.stripe).toEqual({ configured: true, keyHint: 'sk_test_…xxxx', mode: 'test', source: 'settings', apiBase: s.fake.url });
    expect(JSON.stringify(view)).not.toContain(wrong);
    expect(await s.row(pkg.id)).toMatchObject({ syncState: 'pending' });
    await s.core.jobs.drain();
    const failed = await s.row(pkg.id);
    expect(failed.syncState).toBe('failed');
    expect(failed.syncError).toMatch(/^Stripe: Invalid API Key provided/);

    // The key is stored sealed, never in clear.
    const stored = await s.core.database.db.selectFrom('settings').select(['value', 'isSecret']).where('key', '=', 'providers.stripe.secret_key').executeTakeFirstOrThrow();
    expect(stored.value).not.toContain(wrong);
    expect(Number(stored.isSecret)).toBe(1);

    await s.setKey(s.fake.apiKey);
    await s.core.jobs.drain();
    expect(await s.row(pkg.id)).toMatchObject({ syncState: 'synced', syncError: null });
    expect(products()).toHaveLength(1);

    // Removing the key: new edits stay local.
    await s.setKey(null);
    expect((await s.upsert({ id: pkg.id, price: 30 })).syncState).toBe('local');
  });
});

describe('packages.importFromStripe', () => {
  it('previews, then creates packages for unlinked products and links a same-named package that has no product yet', async () => {
    const s = await setup('sqlite', { key: 'settings' });
    const basic = await s.upsert({ ...starter, name: 'Basic', price: 9 }); // local: no key yet
    const legacy = s.fake.createPrice({ productName: 'Legacy Pro', unitAmount: 4900, interval: 'month' });
    const yearly = s.fake.createPrice({ productName: 'Annual Circle', unitAmount: 19000, interval: 'year' });
    const workshop = s.fake.createPrice({ productName: 'One-off workshop', unitAmount: 5000, interval: null });
    const basicProduct = s.fake.createPrice({ productName: 'basic', unitAmount: 900, interval: 'month' });
    await s.setKey(s.fake.apiKey); // Basic's sync is queued, not run yet

    const preview = await s.core.services.catalogImport.run(s.tenant.id, s.owner, { commit: false });
    const byProduct = (id: string) => preview.items.find((i) => i.productId === id);
    expect(preview.committed).toBe(false);
    expect(byProduct(legacy.product.id)).toMatchObject({ action: 'create', packageName: 'Legacy Pro', price: { id: legacy.price.id, amount: 49, interval: 'month', currency: 'USD' } });
    expect(byProduct(yearly.product.id)).toMatchObject({ action: 'create', price: { amount: 190, interval: 'year' } });
    expect(byProduct(workshop.product.id)).toMatchObject({ action: 'skip', reason: 'has no active monthly or yearly USD price to take the amount from' });
    expect(byProduct(basicProduct.product.id)).toMatchObject({ action: 'link', packageId: basic.id, price: { id: basicProduct.price.id }, reason: 'links the existing package "Basic"; its price matches Stripe\'s' });
    expect(preview.counts).toEqual({ create: 2, link: 1, skip: 1 });
    expect(await s.core.database.db.selectFrom('packages').select('id').execute()).toHaveLength(1);

    const [productsBefore, pricesBefore] = [products().length, prices().length];
    const done = await s.core.services.catalogImport.run(s.tenant.id, s.owner, { commit: true });
    expect(done).toMatchObject({ committed: true, counts: { create: 2, link: 1, skip: 1 } });
    const createdId = done.items.find((i) => i.productId === legacy.product.id)!.packageId!;
    expect(await s.core.services.packages.get(s.tenant.id, createdId)).toMatchObject({ name: 'Legacy Pro', price: 49, interval: 'month', syncState: 'pending' });
    expect(await s.row(createdId)).toMatchObject({ stripeProductId: legacy.product.id, stripePriceId: legacy.price.id });

    await s.core.jobs.drain();
    expect(await s.row(createdId)).toMatchObject({ syncState: 'synced', stripePriceId: legacy.price.id });
    expect(await s.row(basic.id)).toMatchObject({ syncState: 'synced', stripeProductId: basicProduct.product.id, stripePriceId: basicProduct.price.id });
    // Linked as they are: no second product for Basic, no new prices; our metadata stamped on.
    expect([products().length, prices().length]).toEqual([productsBefore, pricesBefore]);
    expect(fake!.state.get(legacy.product.id)).toMatchObject({ metadata: { tenantId: s.tenant.id, packageId: createdId } });
    expect(fake!.state.get(basicProduct.product.id)).toMatchObject({ name: 'Basic', metadata: { packageId: basic.id } });

    const again = await s.core.services.catalogImport.run(s.tenant.id, s.owner, { commit: false });
    expect(again.counts).toEqual({ create: 0, link: 0, skip: 4 });
    expect(again.items.find((i) => i.productId === legacy.product.id)).toMatchObject({ action: 'skip', packageId: createdId, reason: 'already linked to the package "Legacy Pro"' });
  });
});

describe('packages.retrySync and importFromStripe over tRPC', () => {
  it('answer the renderer with the package and the import preview', async () => {
    const s = await setup('sqlite');
    server = await startHttpServer(s.core, { host: '127.0.0.1', port: 0 });
    const admin = httpClient(server.url, await s.core.services.auth.issue({ tenantId: s.tenant.id, userId: s.owner, role: 'ADMIN' }));
    const { package: pkg } = await admin.packages.upsert.mutate(starter);
    expect(pkg.syncState).toBe('pending');
    await s.core.jobs.drain();
    expect((await admin.packages.list.query())[0]).toMatchObject({ syncState: 'synced', syncError: null });
    expect(await admin.packages.retrySync.mutate({ id: pkg.id })).toMatchObject({ id: pkg.id, syncState: 'pending' });
    const bad = await admin.packages.retrySync.mutate({ id: 'nope' as never }).catch((e: unknown) => e);
    expect((bad as { data: { code: string } }).data.code).toBe('BAD_REQUEST');

    const preview = await admin.packages.importFromStripe.mutate({});
    expect(preview).toMatchObject({ committed: false, counts: { create: 0, link: 0, skip: 1 } });
    const providers = await admin.settings.providers.get.query();
    expect(providers.stripe).toMatchObject({ configured: true, source: 'environment', keyHint: `sk_test_…${s.fake.apiKey.slice(-4)}` });
    expect(JSON.stringify(providers)).not.toContain(s.fake.apiKey);
  });
});
