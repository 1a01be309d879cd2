import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { apiContext } from '../../src-main/core/api/context';
import { appRouter } from '../../src-main/core/api/router';
import { createCallerFactory } from '../../src-main/core/api/trpc';
import { createCore, type Core } from '../../src-main/core/create-core';
import type { ProviderEnv } from '../../src-main/core/areas/settings/provider-config';
import { retryAfterMsOf } from '../../src-main/core/integrations/provider-error';
import { silentLogger } from '../../src-main/core/platform/logger';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { upsertPackageInput, type UpsertPackageRequest } from '../../src-shared/schemas/packages';
import type { SyncMode } from '../../src-shared/schemas/billing-sync';
import { startLemonSqueezyFake, type LemonSqueezyFake } from '../fakes/lemonsqueezy';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { dialects, type TestCore, type TestDialect } from '../support/core';
import { makeProviderCore } from '../support/provider-core';

// Live billing sync (issue 18) against the local fakes, with short intervals: the console polls
// the providers with no webhook delivered, prefers webhooks when they arrive, backs off on 429,
// rides out an outage and sends the local changes made meanwhile, holding one Stripe contradicts.

const createCaller = createCallerFactory(appRouter);
const STRIPE_SECRET = 'whsec_sync_0123456789abcdef';

let stripe: StripeFake | undefined;
let ls: LemonSqueezyFake | undefined;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await stripe?.close();
  await ls?.close();
  stripe = ls = undefined;
});

/** Waits for a condition, checking every 50 ms; fails with `what` after `ms`. */
async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function setup(dialect: TestDialect, options: { stripe?: boolean; lemonSqueezy?: boolean; intervals?: { stripe?: number; ls?: number } } = {}) {
  stripe = await startStripeFake();
  ls = await startLemonSqueezyFake();
  const catalog = ls.seedCatalog();
  const env: ProviderEnv = { stripeApiBase: stripe.url, lemonSqueezyApiBase: ls.url, stripeMaxNetworkRetries: 0, timeoutMs: 2_000 };
  if (options.stripe !== false) env.stripeSecretKey = stripe.apiKey;
  if (options.lemonSqueezy !== false) Object.assign(env, { lemonSqueezyApiKey: ls.apiKey, lemonSqueezyStoreId: catalog.store.id });
  const core = await makeProviderCore(dialect, { providers: env });
  const server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
  cleanups.push(async () => {
    await server.close();
    await core.dispose();
  });
  await core.services.webhooks.signingSecrets.set('stripe', [STRIPE_SECRET]);
  const t = await tenantOf(core, server);
  // Short intervals for the test (30 s and 2 min by default).
  await t.api.webhooks.sync.setSettings({ stripeIntervalSeconds: options.intervals?.stripe ?? 1, lemonSqueezyIntervalSeconds: options.intervals?.ls ?? 1 });
  return { ...t, catalog, stripe: stripe!, ls: ls! };
}

async function tenantOf(core: TestCore | Core, server?: RunningServer) {
  const ownerId = await core.services.owner.id();
  const tenant = await core.services.tenants.create({ slug: `s${randomBytes(3).toString('hex')}`, name: 'Sync' }, ownerId);
  const api = createCaller(apiContext(core, { userId: ownerId, tenantId: tenant.id, role: 'ADMIN', isConsoleOwner: true }, 'script'));
  const db = core.database.db;
  const member = async (email: string) => {
    const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (!user) return null;
    return db.selectFrom('memberships').select(['subscriptionStatus', 'joinSource']).where('tenantId', '=', tenant.id).where('userId', '=', user.id).executeTakeFirst();
  };
  /** The status of the subscription the console holds for this provider id, if any. */
  const subscription = async (providerSubscriptionId: string) =>
    (await db.selectFrom('subscriptions').select('status').where('providerSubscriptionId', '=', providerSubscriptionId).executeTakeFirst())?.status;
  const ledgerRows = (providerEventId: string) => db.selectFrom('webhookEvents').select(['id', 'status', 'headers']).where('providerEventId', '=', providerEventId).execute();
  const history = async () => Number((await db.selectFrom('subscriptionEvents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const syncOf = async (provider: 'stripe' | 'lemonsqueezy') => (await api.webhooks.sync.state()).providers.find((p) => p.provider === provider)!;
  const upsert = async (input: UpsertPackageRequest) => (await core.services.packages.upsert(tenant.id, ownerId, upsertPackageInput.parse(input))).package;
  return { core, api, tenantId: tenant.id, ownerId, member, subscription, ledgerRows, history, syncOf, upsert, url: (p: string) => `${server?.url}/api/webhooks/${p}` };
}

/** An ADMIN of a second tenant who is not the console owner, with their API. */
async function otherTenantAdmin(t: { core: TestCore | Core; ownerId: string }) {
  const db = t.core.database.db;
  const other = await t.core.services.tenants.create({ slug: `o${randomBytes(3).toString('hex')}`, name: 'Other' }, t.ownerId);
  const admin = await db.insertInto('users').values({ id: `user_o${randomBytes(6).toString('hex')}`, email: `other-admin-${randomBytes(3).toString('hex')}@example.com`, name: 'Other admin', avatarUrl: null, createdAt: new Date().toISOString(), erasedAt: null }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('memberships').values({ id: `mem_o${randomBytes(6).toString('hex')}`, tenantId: other.id, userId: admin.id, role: 'ADMIN', joinSource: 'invite_link', subscriptionStatus: null, compedUntil: null, joinedAt: new Date().toISOString(), lastActiveAt: null, leftAt: null }).execute();
  return createCaller(apiContext(t.core, { userId: admin.id, tenantId: other.id, role: 'ADMIN', isConsoleOwner: false }, 'script'));
}

const eventPolls = (fake: StripeFake) => fake.requests.filter((r) => r.method === 'GET' && r.path === '/v1/events').length;
const lsPolls = (fake: LemonSqueezyFake) => fake.requests.filter((r) => r.method === 'GET' && r.path === '/v1/subscriptions').length;
/** The start-up reconciliation (one Stripe call per instance) is over: what the fake sees next is polling. */
const startUpDone = (core: Core) =>
  until('the start-up reconciliation done', async () => (await core.database.db.selectFrom('jobs').select('status').where('kind', '=', 'webhooks.reconcile').execute()).every((j) => j.status === 'done'));

/** The modes a provider went through, oldest first. */
const modesOf = (recent: { mode: SyncMode }[]) => recent.map((r) => r.mode).reverse();

describe.each(dialects)('billing sync on %s', (dialect) => {
  it('applies a subscription made at Stripe with no webhook delivered, within the polling interval, and shows "live by polling"', async () => {
    const t = await setup(dialect, { lemonSqueezy: false });
    t.core.start();
    await until('a first Stripe poll', async () => (await t.syncOf('stripe')).lastSyncAt);
    const { price } = t.stripe.createPrice({ unitAmount: 2900 });
    const started = Date.now();
    const sub = t.stripe.createSubscription({ price: price.id, email: 'nia@example.com', metadata: { tenantId: t.tenantId } });
    await until('Nia\'s subscription applied', async () => (await t.subscription(sub.id)) === 'active');
    const tookMs = Date.now() - started;
    expect(tookMs).toBeLessThan(35_000);
    console.info(`[billing-sync] stripe poll applied a subscription in ${tookMs} ms (interval 1 s)`);
    const event = t.stripe.events('customer.subscription.created').find((e) => (e.data as { object: { id: string } }).object.id === sub.id)!;
    expect(await t.ledgerRows(event.id)).toMatchObject([{ status: 'applied' }]);
    const state = await until('live by polling', async () => {
      const s = await t.syncOf('stripe');
      return s.mode === 'polling' && s;
    });
    expect(state).toMatchObject({ label: 'Live by polling', error: null, pollEverySeconds: 1 });
    expect(state.detail).toMatch(/^Polling Stripe every 1 s \(last sync \d+ s ago\)\.$/);
    // Lemon Squeezy is not configured: it says so, and nothing polls it.
    expect(await t.syncOf('lemonsqueezy')).toMatchObject({ mode: 'off', label: 'Not connected' });
    expect(lsPolls(t.ls)).toBe(0);
  });

  it('applies a subscription made at Lemon Squeezy with no webhook delivered, reading only what changed since the checkpoint', async () => {
    const t = await setup(dialect, { stripe: false });
    t.core.start();
    await until('a first Lemon Squeezy poll', async () => (await t.syncOf('lemonsqueezy')).lastSyncAt);
    const started = Date.now();
    t.ls.addSubscription(t.catalog.variants[0]!.id, { user_email: 'lou@example.com', user_name: 'Lou' });
    // Lemon Squeezy's event has no tenant in it here: the package of the variant names it.
    await t.upsert({ name: 'LS Monthly', price: 29, interval: 'month', currency: 'USD', isActive: true }).then((p) =>
      t.core.database.db.updateTable('packages').set({ variantId: t.catalog.variants[0]!.id }).where('id', '=', p.id).execute(),
    );
    await until('Lou applied', async () => (await t.member('lou@example.com'))?.subscriptionStatus === 'active');
    const tookMs = Date.now() - started;
    expect(tookMs).toBeLessThan(150_000);
    console.info(`[billing-sync] lemon squeezy poll applied a subscription in ${tookMs} ms (interval 1 s)`);
    const rows = await t.core.database.db.selectFrom('webhookEvents').select(['type', 'status']).where('provider', '=', 'lemonsqueezy').execute();
    expect(rows).toEqual([{ type: 'subscription_created', status: 'applied' }]);
    // A one-time purchase: the order placed since the checkpoint is applied as its order_created.
    t.ls.addOrder(t.catalog.variants[0]!.id, { user_email: 'ora@example.com', user_name: 'Ora' });
    await until('Ora joined by paying', async () => (await t.member('ora@example.com'))?.joinSource === 'paid');
    // Polls go on; the same subscription and order are never stored again.
    const polls = lsPolls(t.ls);
    await until('two more polls', async () => lsPolls(t.ls) >= polls + 2);
    const stored = await t.core.database.db.selectFrom('webhookEvents').select(['type', 'status']).where('provider', '=', 'lemonsqueezy').orderBy('receivedAt').execute();
    expect(stored).toEqual([{ type: 'subscription_created', status: 'applied' }, { type: 'order_created', status: 'applied' }]);
    expect(await t.syncOf('lemonsqueezy')).toMatchObject({ mode: 'polling' });
    expect(await t.syncOf('stripe')).toMatchObject({ mode: 'off' });
  });

  it('applies an event once when a webhook and a poll both bring it, then polls only as a safety net while webhooks arrive, and speeds up when they stop', async () => {
    const t = await setup(dialect, { lemonSqueezy: false });
    await t.api.webhooks.sync.setSettings({ safetyNetSeconds: 600, webhookQuietSeconds: 600 });
    const { price } = t.stripe.createPrice({ unitAmount: 1900 });
    const ola = t.stripe.createSubscription({ price: price.id, email: 'ola@example.com', metadata: { tenantId: t.tenantId } });
    const event = t.stripe.events('customer.subscription.created')[0]!;
    // The webhook arrives first; then the console starts polling and lists the same event.
    expect((await t.stripe.deliverWebhook(t.url('stripe'), STRIPE_SECRET, event)).status).toBe(200);
    await t.api.webhooks.sync.pollNow({ provider: 'stripe' });
    await t.core.jobs.drain();
    expect(await t.ledgerRows(event.id)).toMatchObject([{ status: 'applied' }]);
    expect(await t.history()).toBe(1);
    expect(await t.subscription(ola.id)).toBe('active');

    // A poll first, then the webhook of a new event: still one row, applied once.
    t.stripe.createSubscription({ price: price.id, email: 'pia@example.com', metadata: { tenantId: t.tenantId } });
    const second = t.stripe.events('customer.subscription.created')[1]!;
    await t.api.webhooks.sync.pollNow({ provider: 'stripe' });
    const late = await t.stripe.deliverWebhook(t.url('stripe'), STRIPE_SECRET, second);
    expect(JSON.parse(late.body)).toMatchObject({ duplicate: true });
    await t.core.jobs.drain();
    expect(await t.ledgerRows(second.id)).toHaveLength(1);
    expect(await t.history()).toBe(2);

    // Signed deliveries arrive: polling becomes the safety net (every 10 min), so ticks ask nothing.
    t.core.start();
    const live = await until('live by webhooks', async () => {
      const s = await t.syncOf('stripe');
      return s.mode === 'webhooks' && s;
    });
    expect(live).toMatchObject({ label: 'Live by webhooks', pollEverySeconds: 600 });
    await startUpDone(t.core);
    const before = eventPolls(t.stripe);
    const ticks = await t.core.database.db.selectFrom('jobs').select('id').where('kind', '=', 'webhooks.sync.poll').execute();
    await until('three more ticks', async () => (await t.core.database.db.selectFrom('jobs').select('id').where('kind', '=', 'webhooks.sync.poll').where('status', '=', 'done').execute()).length >= ticks.length + 3);
    expect(eventPolls(t.stripe)).toBe(before);

    // They stop (none within the quiet window): polling speeds up again.
    await t.api.webhooks.sync.setSettings({ webhookQuietSeconds: 1 });
    await until('live by polling again', async () => (await t.syncOf('stripe')).mode === 'polling');
    await until('polls again', async () => eventPolls(t.stripe) >= before + 2);
    const modes = modesOf((await t.syncOf('stripe')).recent);
    expect(modes.slice(modes.lastIndexOf('webhooks'))).toEqual(['webhooks', 'polling']);
  });

  it('backs off on a 429, honouring Retry-After, and recovers', async () => {
    const t = await setup(dialect, { lemonSqueezy: false });
    t.core.start();
    await until('a first poll', async () => (await t.syncOf('stripe')).lastSyncAt);
    await startUpDone(t.core);
    t.stripe.rateLimitNext(1, 3);
    const failing = await until('failing (rate limited)', async () => {
      const s = await t.syncOf('stripe');
      return s.mode === 'failing' && s;
    });
    const limitedAt = Date.now();
    expect(failing.error?.message).toMatch(/^Stripe: Too many requests/);
    expect(failing.error?.fix).toMatch(/asked the console to slow down/);
    // Another tenant's ADMIN (not the console owner) sees the mode, not Stripe's own words nor other tenants' figures.
    const otherApi = await otherTenantAdmin(t);
    const seen = (await otherApi.webhooks.sync.state()).providers.find((p) => p.provider === 'stripe')!;
    expect(seen.mode).toBe('failing');
    expect(seen.error?.message).toBe("Stripe refused the console's request; the console owner can see why in Settings → Providers.");
    expect(JSON.stringify(seen)).not.toMatch(/Too many requests/);
    expect(Date.parse(failing.nextPollAt!) - Date.now()).toBeGreaterThan(1_000);
    const afterLimit = eventPolls(t.stripe);
    // The next request to Stripe comes only after the 3 s it asked for.
    await until('the next poll', async () => eventPolls(t.stripe) > afterLimit);
    const nextPollMs = Date.now() - limitedAt;
    expect(nextPollMs).toBeGreaterThan(2_500);
    const { price } = t.stripe.createPrice({ unitAmount: 900 });
    const quinn = t.stripe.createSubscription({ price: price.id, email: 'quinn@example.com', metadata: { tenantId: t.tenantId } });
    await until('Quinn applied after the pause', async () => (await t.subscription(quinn.id)) === 'active');
    expect(await until('live again', async () => (await t.syncOf('stripe')).mode === 'polling')).toBe(true);
    console.info(`[billing-sync] 429 with Retry-After 3 s: next poll after ${nextPollMs} ms`);
  });

  it('backs off on Lemon Squeezy\'s 429 too, for its Retry-After, and recovers', async () => {
    const t = await setup(dialect, { stripe: false });
    t.core.start();
    await until('a first poll', async () => (await t.syncOf('lemonsqueezy')).lastSyncAt);
    await startUpDone(t.core);
    t.ls.rateLimitNext(1, 3);
    const failing = await until('failing (rate limited)', async () => {
      const s = await t.syncOf('lemonsqueezy');
      return s.mode === 'failing' && s;
    });
    const limitedAt = Date.now();
    expect(failing.error).toMatchObject({ message: 'Lemon Squeezy: Too Many Attempts.', fix: expect.stringMatching(/asked the console to slow down/) });
    const afterLimit = lsPolls(t.ls);
    await until('the next poll', async () => lsPolls(t.ls) > afterLimit);
    expect(Date.now() - limitedAt).toBeGreaterThan(2_500);
    await until('live again', async () => (await t.syncOf('lemonsqueezy')).mode === 'polling');
  });

  it('offline (the fakes down) then back: each event and local change is accounted for once; offline → catching up → live', async () => {
    const t = await setup(dialect);
    const pkg = await t.upsert({ name: 'Circle', description: 'Monthly circle', price: 19, interval: 'month', currency: 'USD', isActive: true });
    t.core.start();
    await until('the package synced', async () => (await t.core.database.db.selectFrom('packages').select('syncState').where('id', '=', pkg.id).executeTakeFirstOrThrow()).syncState === 'synced');
    await until('both providers live', async () => (await t.api.webhooks.sync.state()).providers.every((p) => p.mode === 'polling'));

    await t.stripe.setDown('refuse');
    await t.ls.setDown('refuse');
    await until('offline', async () => (await t.api.webhooks.sync.state()).providers.every((p) => p.mode === 'offline'));
    // Meanwhile: two subscriptions at Stripe, one at Lemon Squeezy, and the owner renames the package here.
    const { price } = t.stripe.createPrice({ unitAmount: 4900 });
    const rae = t.stripe.createSubscription({ price: price.id, email: 'rae@example.com', metadata: { tenantId: t.tenantId } });
    const sol = t.stripe.createSubscription({ price: price.id, email: 'sol@example.com', metadata: { tenantId: t.tenantId } });
    t.ls.addSubscription(t.catalog.variants[0]!.id, { user_email: 'tam@example.com' });
    await t.core.database.db.updateTable('packages').set({ variantId: t.catalog.variants[0]!.id }).where('id', '=', pkg.id).execute();
    await t.upsert({ id: pkg.id, name: 'Inner Circle' });
    const offline = await until('offline with the change waiting', async () => {
      const s = await t.syncOf('stripe');
      return s.mode === 'offline' && s.localChangesWaiting === 1 && s;
    });
    expect(offline.detail).toBe('Stripe cannot be reached (1 local change waiting).');
    expect(offline.error?.fix).toMatch(/internet connection/);
    // Held from the start: nothing is tried while Stripe cannot be reached.
    expect(await t.api.webhooks.sync.localChanges()).toMatchObject([{ kind: 'package_sync', packageId: pkg.id, packageName: 'Inner Circle', state: 'waiting', conflict: null }]);
    const productId = (await t.core.database.db.selectFrom('packages').select('stripeProductId').where('id', '=', pkg.id).executeTakeFirstOrThrow()).stripeProductId!;

    await t.stripe.setDown(false);
    await t.ls.setDown(false);
    await until('live again', async () => (await t.api.webhooks.sync.state()).providers.every((p) => p.mode === 'polling'), 30_000);
    await until('Rae, Sol and Tam applied', async () =>
      (await t.subscription(rae.id)) === 'active' && (await t.subscription(sol.id)) === 'active' && (await t.member('tam@example.com'))?.subscriptionStatus === 'active',
    );
    await until('the rename sent', async () => t.stripe.state.get(productId)?.name === 'Inner Circle');
    await until('no local change waiting', async () => (await t.api.webhooks.sync.localChanges()).length === 0);
    // Once each: one ledger row per Stripe event, one Lemon Squeezy event, one product update.
    const created = t.stripe.events('customer.subscription.created');
    for (const e of created) expect(await t.ledgerRows(e.id)).toHaveLength(1);
    const lsRows = await t.core.database.db.selectFrom('webhookEvents').select('status').where('provider', '=', 'lemonsqueezy').execute();
    expect(lsRows).toEqual([{ status: 'applied' }]);
    const renames = t.stripe.requests.filter((r) => r.method === 'POST' && r.path === `/v1/products/${productId}` && r.params.name === 'Inner Circle' && r.status === 200 && !r.replayed);
    expect(renames).toHaveLength(1);
    for (const provider of ['stripe', 'lemonsqueezy'] as const) {
      const modes = modesOf((await t.syncOf(provider)).recent);
      expect(modes.slice(modes.indexOf('offline'))).toEqual(['offline', 'catching_up', 'polling']);
    }
  });

  it('holds a local change Stripe contradicts, shows both versions, and sends it only when the owner keeps theirs or mine', async () => {
    const t = await setup(dialect, { lemonSqueezy: false });
    const pkg = await t.upsert({ name: 'Studio', description: 'Studio pass', price: 25, interval: 'month', currency: 'USD', isActive: true });
    t.core.start();
    await until('the package synced', async () => (await t.core.database.db.selectFrom('packages').select('syncState').where('id', '=', pkg.id).executeTakeFirstOrThrow()).syncState === 'synced');
    const productId = (await t.core.database.db.selectFrom('packages').select('stripeProductId').where('id', '=', pkg.id).executeTakeFirstOrThrow()).stripeProductId!;
    await t.stripe.setDown('refuse');
    await until('offline', async () => (await t.syncOf('stripe')).mode === 'offline');
    await t.upsert({ id: pkg.id, name: 'Studio Plus' });
    // The owner sees the change waiting; another tenant's ADMIN sees none of theirs, and not Stripe's own words.
    await until('the change waiting', async () => (await t.syncOf('stripe')).localChangesWaiting === 1);
    const elsewhere = (await (await otherTenantAdmin(t)).webhooks.sync.state()).providers.find((p) => p.provider === 'stripe')!;
    expect(elsewhere).toMatchObject({ mode: 'offline', localChangesWaiting: 0, error: { message: 'Stripe cannot be reached.' } });
    // Someone renames the product in Stripe's Dashboard meanwhile.
    t.stripe.advanceClock(1);
    t.stripe.editProductInDashboard(productId, { name: 'Studio (Dashboard)' });
    await t.stripe.setDown(false);
    const [held] = await until('the conflict shown', async () => {
      const list = await t.api.webhooks.sync.localChanges();
      return list[0]?.state === 'conflict' && list;
    });
    expect(held).toMatchObject({ packageName: 'Studio Plus', conflict: { theirs: { name: 'Studio (Dashboard)', active: true } } });
    await until('live again', async () => (await t.syncOf('stripe')).mode === 'polling');
    await t.core.jobs.drain();
    // Not overwritten silently.
    expect(t.stripe.state.get(productId)?.name).toBe('Studio (Dashboard)');

    // Another tenant's ADMIN neither sees nor resolves it.
    const other = await t.core.services.tenants.create({ slug: `o${randomBytes(3).toString('hex')}`, name: 'Other' }, t.ownerId);
    const admin = await t.core.database.db.insertInto('users').values({ id: `user_o${randomBytes(6).toString('hex')}`, email: 'other-admin@example.com', name: 'Other admin', avatarUrl: null, createdAt: new Date().toISOString(), erasedAt: null }).returning('id').executeTakeFirstOrThrow();
    await t.core.database.db.insertInto('memberships').values({ id: `mem_o${randomBytes(6).toString('hex')}`, tenantId: other.id, userId: admin.id, role: 'ADMIN', joinSource: 'invite_link', subscriptionStatus: null, compedUntil: null, joinedAt: new Date().toISOString(), lastActiveAt: null, leftAt: null }).execute();
    const otherApi = createCaller(apiContext(t.core, { userId: admin.id, tenantId: other.id, role: 'ADMIN', isConsoleOwner: false }, 'script'));
    expect(await otherApi.webhooks.sync.localChanges()).toEqual([]);
    await expect(otherApi.webhooks.sync.resolveConflict({ id: held!.id, keep: 'mine' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(otherApi.webhooks.sync.setSettings({ stripeIntervalSeconds: 5 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Its sidebar still shows the console-wide state.
    expect((await otherApi.webhooks.sync.state()).providers.map((p) => p.provider)).toEqual(['stripe', 'lemonsqueezy']);

    // The owner keeps theirs: the package takes Stripe's name, and nothing of ours is sent over it.
    const after = await t.api.webhooks.sync.resolveConflict({ id: held!.id, keep: 'theirs' });
    expect(after.filter((c) => c.state === 'conflict')).toEqual([]);
    await until('the package named as at Stripe', async () => (await t.core.database.db.selectFrom('packages').select('name').where('id', '=', pkg.id).executeTakeFirstOrThrow()).name === 'Studio (Dashboard)');
    await t.core.jobs.drain();
    expect(t.stripe.state.get(productId)?.name).toBe('Studio (Dashboard)');
  });

  it('refuses bad settings naming the field', async () => {
    const t = await setup(dialect, { lemonSqueezy: false });
    const err = await t.api.webhooks.sync.setSettings({ stripeIntervalSeconds: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('BAD_REQUEST');
    expect((err as TRPCError).message).toMatch(/stripeIntervalSeconds/);
    const none = await t.api.webhooks.sync.setSettings({}).catch((e: unknown) => e);
    expect((none as TRPCError).code).toBe('BAD_REQUEST');
    await expect(t.api.webhooks.sync.pollNow({ provider: 'lemonsqueezy' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((await t.api.webhooks.sync.state()).settings).toEqual({ stripeIntervalSeconds: 1, lemonSqueezyIntervalSeconds: 1, safetyNetSeconds: 600, webhookQuietSeconds: 900 });
  });
});

describe('Retry-After', () => {
  it('is read in seconds or as an HTTP date', () => {
    expect(retryAfterMsOf('3')).toBe(3_000);
    expect(retryAfterMsOf('0.5')).toBe(500);
    expect(retryAfterMsOf(new Date(Date.UTC(2026, 11, 2, 12, 0, 30)).toUTCString(), Date.UTC(2026, 11, 2, 12, 0, 0))).toBe(30_000);
    expect(retryAfterMsOf('soon')).toBeUndefined();
    expect(retryAfterMsOf(null)).toBeUndefined();
  });
});

describe.runIf(dialects.includes('postgres'))('billing sync, two instances on one PostgreSQL', () => {
  it('polls Stripe once per interval between them', async () => {
    stripe = await startStripeFake();
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const masterKey = randomBytes(32).toString('base64');
    const providers: ProviderEnv = { stripeApiBase: stripe.url, stripeSecretKey: stripe.apiKey, stripeMaxNetworkRetries: 0, timeoutMs: 2_000 };
    const open = async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'tc-sync-'));
      const core = await createCore({ dataDir, databaseUrl: process.env.TEST_DATABASE_URL, postgresSchema: schema, masterKey, logger: silentLogger, providers });
      return { core, dataDir };
    };
    const a = await open();
    const b = await open();
    cleanups.push(async () => {
      await b.core.close();
      await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(a.core.database.db);
      await a.core.close();
      rmSync(a.dataDir, { recursive: true, force: true });
      rmSync(b.dataDir, { recursive: true, force: true });
    });
    const t = await tenantOf(a.core);
    await t.api.webhooks.sync.setSettings({ stripeIntervalSeconds: 1 });
    a.core.start();
    b.core.start();
    await until('a first poll', async () => (await t.syncOf('stripe')).lastSyncAt);
    // Past the start-up reconciliation each instance runs once.
    await until('both start-up runs done', async () => {
      const rows = await a.core.database.db.selectFrom('jobs').select('status').where('kind', '=', 'webhooks.reconcile').execute();
      return rows.length === 2 && rows.every((r) => r.status === 'done');
    });
    const from = Date.now();
    const before = eventPolls(stripe);
    await until('six seconds of polling', async () => Date.now() - from >= 6_000 && true, 10_000);
    const polls = eventPolls(stripe) - before;
    const slots = (Date.now() - from) / 1000;
    console.info(`[billing-sync] two instances, 1 s interval: ${polls} polls in ${slots.toFixed(1)} s`);
    expect(polls).toBeGreaterThanOrEqual(Math.floor(slots) - 1);
    expect(polls).toBeLessThanOrEqual(Math.ceil(slots) + 1);
  });
});
