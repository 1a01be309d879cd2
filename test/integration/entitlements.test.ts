import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { upsertPackageInput, type UpsertPackageRequest } from '../../src-shared/schemas/packages';
import { httpClient } from '../support/clients';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

async function setup(dialect: 'sqlite' | 'postgres') {
  const clock = fixedClock('2026-03-31T23:59:00.000Z');
  const core = await makeTestCore(dialect, { clock });
  const owner = await core.services.owner.id();
  const tenant = await core.services.tenants.create({ slug: 'ent', name: 'Ent' }, owner);
  const [paid, free] = await addMembers(core, tenant.id, [
    { name: 'Paula Paid', email: 'paula@ent.test', joinSource: 'paid', subscriptionStatus: 'active' },
    { name: 'Fred Free', email: 'fred@ent.test' },
  ]);
  const pkg = async (input: UpsertPackageRequest) =>
    (await core.services.packages.upsert(tenant.id, owner, upsertPackageInput.parse(input))).package;
  const subscribe = async (userId: string, packageId: string, status: string, startedAt = '2026-01-01T00:00:00.000Z') => {
    await core.database.db
      .insertInto('subscriptions')
      .values({
        id: `sub_t${randomBytes(8).toString('hex')}`, tenantId: tenant.id, userId, customerId: null, packageId, provider: 'stripe',
        providerSubscriptionId: `sub_${randomBytes(6).toString('hex')}`, planId: null, status: status as 'active', amountMinor: 2900,
        startedAt, canceledAt: null, providerUpdatedAt: startedAt, createdAt: startedAt, updatedAt: startedAt,
      })
      .execute();
  };
  return { core, clock, owner, tenant, paid: paid!, free: free!, pkg, subscribe };
}

describe.each(dialects)('entitlements on %s', (dialect) => {
  let core: TestCore;
  afterEach(async () => core?.dispose());

  it('come from the active subscription\'s package, else the free tier, else the built-in set', async () => {
    const s = await setup(dialect);
    core = s.core;
    const pro = await s.pkg({ name: 'Pro', price: 49, maxUsers: 5, maxAiPosts: 7, maxSocialAccounts: 3, maxCampaigns: 4 });
    const old = await s.pkg({ name: 'Old', price: 19, maxAiPosts: 1 });
    await s.subscribe(s.paid, old.id, 'canceled', '2026-03-01T00:00:00.000Z');
    await s.subscribe(s.paid, pro.id, 'trialing', '2026-02-01T00:00:00.000Z');
    const ent = core.services.entitlements;

    await expect(ent.limitsFor(s.tenant.id, s.paid)).resolves.toEqual({
      source: 'subscription', packageId: pro.id, packageName: 'Pro', limits: { maxUsers: 5, maxAiPosts: 7, maxSocialAccounts: 3, maxCampaigns: 4 },
    });
    await expect(ent.limitsFor(s.tenant.id, s.free)).resolves.toEqual({
      source: 'built_in', packageId: null, packageName: null, limits: { maxUsers: 1, maxAiPosts: 0, maxSocialAccounts: 0, maxCampaigns: 0 },
    });
    const freeTier = await s.pkg({ name: 'Free', price: 0, maxAiPosts: 2, maxUsers: 1, maxSocialAccounts: 1, maxCampaigns: 0 });
    await core.database.db.updateTable('tenants').set({ freePackageId: freeTier.id }).where('id', '=', s.tenant.id).execute();
    await expect(ent.limitsFor(s.tenant.id, s.free)).resolves.toMatchObject({ source: 'free_tier', packageName: 'Free', limits: { maxAiPosts: 2 } });

    // An archived package keeps granting its limits to the subscribers it has.
    await core.services.packages.remove(s.tenant.id, s.owner, pro.id);
    await expect(ent.limitsFor(s.tenant.id, s.paid)).resolves.toMatchObject({ source: 'subscription', packageName: 'Pro' });
    // Once the subscription lapses, the member falls back to the free tier.
    await core.database.db.updateTable('subscriptions').set({ status: 'past_due' }).where('packageId', '=', pro.id).execute();
    await expect(ent.limitsFor(s.tenant.id, s.paid)).resolves.toMatchObject({ source: 'free_tier', packageName: 'Free' });

    await expect(ent.limitsFor(s.tenant.id, 'user_nobody')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('50 concurrent consumes of 1 against 20, keys repeated: 20 keys succeed once, repeats answer the first result', async () => {
    const s = await setup(dialect);
    core = s.core;
    const pro = await s.pkg({ name: 'Pro', price: 49, maxAiPosts: 20 });
    await s.subscribe(s.paid, pro.id, 'active');
    // 50 calls over 30 distinct keys: keys 0..19 are sent twice, 20..29 once.
    const keys = Array.from({ length: 50 }, (_, i) => `key-${String(i < 40 ? i % 20 : i - 20).padStart(4, '0')}`);
    const results = await Promise.allSettled(
      keys.map((idempotencyKey) => core.services.entitlements.consume(s.tenant.id, s.paid, { limit: 'maxAiPosts', amount: 1, idempotencyKey })),
    );
    const okByKey = new Map<string, number[]>();
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') okByKey.set(keys[i]!, [...(okByKey.get(keys[i]!) ?? []), r.value.used]);
    });
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(okByKey.size).toBe(20);
    // A key answered twice got the same answer both times.
    for (const answers of okByKey.values()) expect(new Set(answers).size).toBe(1);
    expect([...okByKey.values()].map((a) => a[0]!).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.length - refused.length).toBe([...okByKey.values()].flat().length);
    for (const r of refused) {
      expect(r.reason).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'maxAiPosts', used: 20, max: 20, resetsAt: '2026-04-01T00:00:00.000Z' } });
    }
    expect(refused[0]!.reason.message).toBe('maxAiPosts: the plan allows 20 AI posts this month and 20 are used');

    const rows = await core.database.db.selectFrom('usageCounters').selectAll().execute();
    expect(rows.map((r) => [r.userId, r.metric, r.period, Number(r.count)])).toEqual([[s.paid, 'maxAiPosts', '2026-03', 20]]);
    const kept = await core.database.db.selectFrom('entitlementConsumptions').select('idempotencyKey').execute();
    expect(kept).toHaveLength(20); // refusals keep nothing, not even the key
    await expect(core.services.entitlements.check(s.tenant.id, s.paid, 'maxAiPosts')).resolves.toEqual({
      limit: 'maxAiPosts', allowed: false, used: 20, max: 20, remaining: 0, resetsAt: '2026-04-01T00:00:00.000Z', overLimitSince: null,
    });
  });

  it('counts maxAiPosts per calendar month (UTC): a new month starts at zero', async () => {
    const s = await setup(dialect);
    core = s.core;
    const pro = await s.pkg({ name: 'Pro', price: 49, maxAiPosts: 3 });
    await s.subscribe(s.paid, pro.id, 'active');
    const ent = core.services.entitlements;
    const use = (amount: number, key: string) => ent.consume(s.tenant.id, s.paid, { limit: 'maxAiPosts', amount, idempotencyKey: key });
    await expect(use(3, 'march-0001')).resolves.toMatchObject({ used: 3, max: 3, remaining: 0, resetsAt: '2026-04-01T00:00:00.000Z' });
    await expect(use(1, 'march-0002')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    s.clock.advance(60_000); // 2026-04-01T00:00:00Z
    await expect(ent.check(s.tenant.id, s.paid, 'maxAiPosts')).resolves.toMatchObject({ allowed: true, used: 0, remaining: 3, resetsAt: '2026-05-01T00:00:00.000Z' });
    await expect(use(2, 'april-0001')).resolves.toMatchObject({ used: 2, max: 3 });
    // A request larger than what is left is refused whole, and uses nothing.
    await expect(use(2, 'april-0002')).rejects.toMatchObject({ details: { used: 2, max: 3 } });
    await expect(use(1, 'april-0003')).resolves.toMatchObject({ used: 3 });
    // A key is one use: sent again with another amount, it is a conflict naming the key.
    await expect(use(1, 'april-0001')).rejects.toMatchObject({ code: 'CONFLICT', details: { field: 'idempotencyKey' } });
    // Metered use is not given back; it resets with the month.
    await expect(ent.release(s.tenant.id, s.paid, { limit: 'maxAiPosts', idempotencyKey: 'april-0001' })).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'limit' } });
    // Free members on the built-in set have no AI posts at all.
    await expect(ent.consume(s.tenant.id, s.free, { limit: 'maxAiPosts', amount: 1, idempotencyKey: 'free-0001' })).rejects.toMatchObject({ details: { used: 0, max: 0 } });
  });

  it('holds count limits until released, once per key', async () => {
    const s = await setup(dialect);
    core = s.core;
    const team = await s.pkg({ name: 'Team', price: 99, maxSocialAccounts: 2 });
    await s.subscribe(s.paid, team.id, 'active');
    const ent = core.services.entitlements;
    const connect = (key: string) => ent.consume(s.tenant.id, s.paid, { limit: 'maxSocialAccounts', amount: 1, idempotencyKey: key });
    await expect(connect('acct-x-0001')).resolves.toMatchObject({ used: 1, remaining: 1, resetsAt: null });
    await expect(connect('acct-ig-0001')).resolves.toMatchObject({ used: 2, remaining: 0 });
    await expect(connect('acct-li-0001')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'maxSocialAccounts', used: 2, max: 2, resetsAt: null } });
    // A month later the count still holds.
    s.clock.advance(40 * 86_400_000);
    await expect(ent.check(s.tenant.id, s.paid, 'maxSocialAccounts')).resolves.toMatchObject({ used: 2, allowed: false });

    const release = (key: string) => ent.release(s.tenant.id, s.paid, { limit: 'maxSocialAccounts', idempotencyKey: key });
    await expect(release('acct-x-0001')).resolves.toMatchObject({ used: 1, remaining: 1, allowed: true });
    await expect(release('acct-x-0001')).resolves.toMatchObject({ used: 1 }); // twice releases once
    await expect(release('acct-nope-0001')).rejects.toMatchObject({ code: 'NOT_FOUND', details: { field: 'idempotencyKey' } });
    await expect(ent.release(s.tenant.id, s.paid, { limit: 'maxCampaigns', idempotencyKey: 'acct-ig-0001' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(connect('acct-li-0001')).resolves.toMatchObject({ used: 2 });
    // Counts are per member: another member's count is their own.
    await expect(ent.check(s.tenant.id, s.free, 'maxSocialAccounts')).resolves.toMatchObject({ used: 0 });
  });

  it('a downgrade keeps what was used and refuses new use until under the new limit; an upgrade allows it at once', async () => {
    const s = await setup(dialect);
    core = s.core;
    const big = await s.pkg({ name: 'Big', price: 99, maxAiPosts: 10, maxCampaigns: 5 });
    const small = await s.pkg({ name: 'Small', price: 9, maxAiPosts: 2, maxCampaigns: 1 });
    await s.subscribe(s.paid, big.id, 'active');
    const ent = core.services.entitlements;
    const use = (limit: 'maxAiPosts' | 'maxCampaigns', key: string) => ent.consume(s.tenant.id, s.paid, { limit, amount: 1, idempotencyKey: key });
    for (let i = 0; i < 4; i++) await use('maxAiPosts', `post-${i}-0001`);
    for (let i = 0; i < 3; i++) await use('maxCampaigns', `camp-${i}-0001`);

    // Downgrade: Big ends, Small starts.
    await core.database.db.updateTable('subscriptions').set({ status: 'canceled' }).where('packageId', '=', big.id).execute();
    await s.subscribe(s.paid, small.id, 'active', '2026-03-15T00:00:00.000Z');
    const downgradedAt = s.clock.nowIso();
    await expect(ent.check(s.tenant.id, s.paid, 'maxCampaigns')).resolves.toMatchObject({ allowed: false, used: 3, max: 1, remaining: 0, overLimitSince: downgradedAt });
    s.clock.advance(30_000);
    await expect(use('maxCampaigns', 'camp-9-0001')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { used: 3, max: 1, overLimitSince: downgradedAt } });
    await expect(use('maxAiPosts', 'post-9-0001')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { used: 4, max: 2 } });
    const view = await ent.get(s.tenant.id, s.paid);
    expect(view).toMatchObject({ packageName: 'Small', usage: { maxCampaigns: 3, maxAiPosts: 4 }, overLimitSince: { maxCampaigns: downgradedAt, maxUsers: null } });
    expect(view.overLimitSince.maxAiPosts).not.toBeNull();
    // Nothing was deleted.
    expect(await core.database.db.selectFrom('entitlementConsumptions').select('idempotencyKey').execute()).toHaveLength(7);

    // Back under the new limit: releasing two campaigns leaves 1 of 1, still no room; a third frees one.
    await ent.release(s.tenant.id, s.paid, { limit: 'maxCampaigns', idempotencyKey: 'camp-0-0001' });
    await expect(ent.release(s.tenant.id, s.paid, { limit: 'maxCampaigns', idempotencyKey: 'camp-1-0001' })).resolves.toMatchObject({ used: 1, allowed: false, overLimitSince: null });
    await ent.release(s.tenant.id, s.paid, { limit: 'maxCampaigns', idempotencyKey: 'camp-2-0001' });
    await expect(use('maxCampaigns', 'camp-9-0001')).resolves.toMatchObject({ used: 1, max: 1 });

    // Upgrade: allowed at once.
    await s.subscribe(s.paid, big.id, 'active', '2026-03-20T00:00:00.000Z');
    await expect(use('maxAiPosts', 'post-9-0001')).resolves.toMatchObject({ used: 5, max: 10 });
    await expect(ent.get(s.tenant.id, s.paid)).resolves.toMatchObject({ overLimitSince: { maxAiPosts: null, maxCampaigns: null } });

    // A lapse (past_due: no access) falls back to the built-in set: refused, nothing deleted.
    await core.database.db.updateTable('subscriptions').set({ status: 'past_due' }).where('userId', '=', s.paid).execute();
    await expect(use('maxAiPosts', 'post-10-0001')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { used: 5, max: 0 } });
    await expect(ent.get(s.tenant.id, s.paid)).resolves.toMatchObject({ source: 'built_in', usage: { maxAiPosts: 5, maxCampaigns: 1 } });
  });
});

describe('entitlements.get over tRPC', () => {
  let core: TestCore;
  let server: RunningServer;
  afterEach(async () => {
    await server?.close();
    await core?.dispose();
  });

  it('tells a member their limits and this month\'s use', async () => {
    const s = await setup('sqlite');
    core = s.core;
    const pro = await s.pkg({ name: 'Pro', price: 49, maxAiPosts: 7, maxUsers: 3, maxSocialAccounts: 2, maxCampaigns: 1 });
    await s.subscribe(s.paid, pro.id, 'active');
    await core.services.entitlements.consume(s.tenant.id, s.paid, { limit: 'maxAiPosts', amount: 2, idempotencyKey: 'seed-0001' });
    server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
    const member = httpClient(server.url, await core.services.auth.issue({ tenantId: s.tenant.id, userId: s.paid, role: 'MEMBER' }));
    await expect(member.entitlements.get.query()).resolves.toEqual({
      source: 'subscription',
      packageId: pro.id,
      packageName: 'Pro',
      period: '2026-03',
      resetsAt: '2026-04-01T00:00:00.000Z',
      limits: { maxUsers: 3, maxAiPosts: 7, maxSocialAccounts: 2, maxCampaigns: 1 },
      usage: { maxUsers: 0, maxAiPosts: 2, maxSocialAccounts: 0, maxCampaigns: 0 },
      overLimitSince: { maxUsers: null, maxAiPosts: null, maxSocialAccounts: null, maxCampaigns: null },
    });
  });
});
