import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/clock';
import { SOCIAL_ACCOUNTS_SETTING } from '../../src-main/core/repositories/usage';
import { startHttpServer, type RunningServer } from '../../src-main/core/http/server';
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

  it('20 concurrent consumers against a limit of 7: exactly 7 succeed, 13 get LIMIT_EXCEEDED', async () => {
    const s = await setup(dialect);
    core = s.core;
    const pro = await s.pkg({ name: 'Pro', price: 49, maxAiPosts: 7 });
    await s.subscribe(s.paid, pro.id, 'active');

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => core.services.entitlements.consume(s.tenant.id, s.paid, 'maxAiPosts')),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(7);
    expect(refused).toHaveLength(13);
    for (const r of refused) {
      expect(r.reason).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'maxAiPosts', used: 7, max: 7 } });
    }
    expect(refused[0]!.reason.message).toBe('maxAiPosts: the plan allows 7 AI posts this month and 7 are used');
    expect(ok.map((r) => (r as PromiseFulfilledResult<{ used: number }>).value.used).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);

    const rows = await core.database.db.selectFrom('usageCounters').selectAll().execute();
    expect(rows.map((r) => [r.userId, r.metric, r.period, Number(r.count)])).toEqual([[s.paid, 'maxAiPosts', '2026-03', 7]]);
    await expect(core.services.entitlements.check(s.tenant.id, s.paid, 'maxAiPosts')).resolves.toEqual({ name: 'maxAiPosts', allowed: false, limit: 7, used: 7 });
  });

  it('counts per calendar month (UTC): a new month starts at zero', async () => {
    const s = await setup(dialect);
    core = s.core;
    const pro = await s.pkg({ name: 'Pro', price: 49, maxAiPosts: 3 });
    await s.subscribe(s.paid, pro.id, 'active');
    const ent = core.services.entitlements;
    await expect(ent.consume(s.tenant.id, s.paid, 'maxAiPosts', 3)).resolves.toEqual({ used: 3, limit: 3, period: '2026-03' });
    await expect(ent.consume(s.tenant.id, s.paid, 'maxAiPosts')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    s.clock.advance(60_000); // 2026-04-01T00:00:00Z
    await expect(ent.check(s.tenant.id, s.paid, 'maxAiPosts')).resolves.toMatchObject({ allowed: true, used: 0 });
    await expect(ent.consume(s.tenant.id, s.paid, 'maxAiPosts', 2)).resolves.toEqual({ used: 2, limit: 3, period: '2026-04' });
    // A request larger than what is left is refused whole, and uses nothing.
    await expect(ent.consume(s.tenant.id, s.paid, 'maxAiPosts', 2)).rejects.toMatchObject({ details: { used: 2, max: 3 } });
    await expect(ent.consume(s.tenant.id, s.paid, 'maxAiPosts', 4)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    await expect(ent.consume(s.tenant.id, s.paid, 'maxAiPosts', 0)).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'amount' } });
    // Free members on the built-in set have no AI posts at all.
    await expect(ent.consume(s.tenant.id, s.free, 'maxAiPosts')).rejects.toMatchObject({ details: { used: 0, max: 0 } });
  });

  it('checks count limits: seats, open campaigns and connected social accounts', async () => {
    const s = await setup(dialect);
    core = s.core;
    const team = await s.pkg({ name: 'Team', price: 99, maxUsers: 2, maxCampaigns: 2, maxSocialAccounts: 2 });
    await s.subscribe(s.paid, team.id, 'active');
    const ent = core.services.entitlements;
    const at = s.clock.nowIso();

    // Seats are the tenant's ADMINs: the owner so far.
    await expect(ent.check(s.tenant.id, s.paid, 'maxUsers')).resolves.toEqual({ name: 'maxUsers', allowed: true, limit: 2, used: 1 });
    await addMembers(core, s.tenant.id, [{ name: 'Ada Admin', email: 'ada@ent.test', role: 'ADMIN' }]);
    await expect(ent.check(s.tenant.id, s.paid, 'maxUsers')).resolves.toMatchObject({ allowed: false, used: 2 });
    await expect(ent.assertAllowed(s.tenant.id, s.paid, 'maxUsers')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'maxUsers', used: 2, max: 2 } });

    const campaign = (id: string, status: 'draft' | 'sent' | 'scheduled' | 'canceled') => ({
      id, tenantId: s.tenant.id, subject: 's', content: 'c', audience: 'all_members', segmentId: null, status, scheduledAt: null, sentAt: null, createdBy: null, createdAt: at, updatedAt: at,
    });
    await core.database.db.insertInto('campaigns').values([campaign('cmp_a', 'draft'), campaign('cmp_b', 'sent'), campaign('cmp_c', 'canceled')]).execute();
    await expect(ent.check(s.tenant.id, s.paid, 'maxCampaigns')).resolves.toMatchObject({ allowed: true, used: 1 });
    await core.database.db.insertInto('campaigns').values(campaign('cmp_d', 'scheduled')).execute();
    await expect(ent.check(s.tenant.id, s.paid, 'maxCampaigns')).resolves.toMatchObject({ allowed: false, used: 2 });

    await expect(ent.check(s.tenant.id, s.paid, 'maxSocialAccounts')).resolves.toMatchObject({ allowed: true, used: 0 });
    await core.database.db
      .insertInto('settings')
      .values({ scope: s.tenant.id, key: SOCIAL_ACCOUNTS_SETTING, value: JSON.stringify([{ platform: 'x', handle: '@ent' }]), isSecret: 0, updatedAt: at })
      .execute();
    await expect(ent.check(s.tenant.id, s.paid, 'maxSocialAccounts')).resolves.toMatchObject({ allowed: true, used: 1 });
    await expect(ent.check(s.tenant.id, s.paid, 'maxSocialAccounts', 2)).resolves.toMatchObject({ allowed: false, used: 1 });
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
    await core.services.entitlements.consume(s.tenant.id, s.paid, 'maxAiPosts', 2);
    server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
    const member = httpClient(server.url, await core.services.auth.issue({ tenantId: s.tenant.id, userId: s.paid, role: 'MEMBER' }));
    await expect(member.entitlements.get.query()).resolves.toEqual({
      source: 'subscription',
      packageId: pro.id,
      packageName: 'Pro',
      period: '2026-03',
      limits: { maxUsers: 3, maxAiPosts: 7, maxSocialAccounts: 2, maxCampaigns: 1 },
      usage: { maxUsers: 1, maxAiPosts: 2, maxSocialAccounts: 0, maxCampaigns: 0 },
    });
  });
});
