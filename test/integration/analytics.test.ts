import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../db/seed';
import { apiContext } from '../../src-main/core/api/context';
import { appRouter } from '../../src-main/core/api/router';
import { createCallerFactory } from '../../src-main/core/api/trpc';
import { ChangeLog } from '../../src-main/core/areas/billing/billing';
import { membersFromMemberships, mrrFromSubscriptions, recomputeDays } from '../../src-main/core/areas/analytics/recompute';
import { chainPeriods, toUnits } from '../../src-shared/analytics';
import type { PushMessage } from '../../src-shared/push';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

const createCaller = createCallerFactory(appRouter);
const NOW = new Date().toISOString();
const TODAY = NOW.slice(0, 10);
const MEMBERS = 1500;

/** 18 months back from today, as the seed's history. */
const HISTORY_FROM = new Date(Date.parse(NOW) - 18 * 30.44 * 86_400_000).toISOString().slice(0, 10);

// The read models over the seeded 18 months, on each dialect: they equal a full recomputation
// from the history tables, MRR equals a sum over the subscriptions table, every period obeys the
// movement identity and starts where the previous one ended; a subscription change reaches them
// through its event (and a push); another tenant sees none of it.
describe.each(dialects)('analytics on %s', (dialect) => {
  let core: TestCore;
  let tenantId: string;
  let otherTenantId: string;
  let admin: ReturnType<typeof createCaller>;
  let otherAdmin: ReturnType<typeof createCaller>;

  const readModelDays = async () =>
    (await core.database.db.selectFrom('analyticsMrrDays').selectAll().where('tenantId', '=', tenantId).orderBy('day').execute())
      .map((r) => ({
        day: r.day, newMinor: Number(r.newMinor), expansionMinor: Number(r.expansionMinor), contractionMinor: Number(r.contractionMinor), churnedMinor: Number(r.churnedMinor),
        reactivationMinor: Number(r.reactivationMinor), newCustomers: Number(r.newCustomers), reactivatedCustomers: Number(r.reactivatedCustomers), churnedCustomers: Number(r.churnedCustomers),
      }))
      .filter((d) => Object.entries(d).some(([k, v]) => k !== 'day' && v !== 0));

  beforeAll(async () => {
    core = await makeTestCore(dialect);
    const owner = await core.services.owner.id();
    const report = await seedDemoData(core.database, { tenantSlug: 'demo', members: MEMBERS, ownerUserId: owner, now: NOW, seed: 12 });
    tenantId = report.tenantId;
    const other = await core.services.tenants.create({ slug: 'other', name: 'Other' }, owner);
    otherTenantId = other.id;
    const [otherAdminId] = await addMembers(core, otherTenantId, [{ name: 'Olga Other', email: 'olga@other.test', role: 'ADMIN' }]);
    // The catch-up pass the console runs at start builds the read models from the seeded history.
    await core.services.analytics.scheduleOnStart();
    await core.jobs.drain();
    const as = async (tenant: string, userId: string) =>
      createCaller(apiContext(core, await core.services.auth.authenticate(await core.services.auth.issue({ tenantId: tenant, userId, role: 'ADMIN' })), 'script'));
    admin = await as(tenantId, owner);
    otherAdmin = await as(otherTenantId, otherAdminId!);
  }, 240_000);
  afterAll(async () => core?.dispose());

  it('the catch-up pass built the read models, equal to a full recomputation from the history', async () => {
    expect(await admin.analytics.status()).toMatchObject({ ready: true });
    const recomputed = await recomputeDays(core.database.db, core.database.dialect, tenantId);
    expect(recomputed.length).toBeGreaterThan(200);
    expect(await readModelDays()).toEqual(recomputed);
  });

  it('MRR and paying customers equal a sum over the subscriptions table; members equal a count of memberships', async () => {
    const overview = await admin.analytics.overview({});
    const fromTable = await mrrFromSubscriptions(core.database.db, tenantId);
    expect(fromTable.mrrMinor).toBeGreaterThan(0);
    expect(overview.mrr).toBe(toUnits(fromTable.mrrMinor));
    expect(overview.arr).toBe(toUnits(fromTable.mrrMinor * 12));
    expect(overview.activeSubscribers).toBe(fromTable.customers);
    expect(overview.members).toEqual(await membersFromMemberships(core.database.db, tenantId));
    // Currency units like the seed's prices: whole cents.
    expect(Math.round(overview.mrr * 100)).toBe(fromTable.mrrMinor);
  });

  it.each(['month', 'week', 'day'] as const)('every %s of the 18 months obeys start + new + expansion + reactivation − contraction − churned = end and chains', async (interval) => {
    const { periods } = await admin.analytics.mrrMovements({ from: HISTORY_FROM, to: TODAY, interval });
    expect(periods.length).toBeGreaterThan(interval === 'month' ? 17 : 70);
    const cents = (v: number) => Math.round(v * 100);
    expect(periods[0]!.startMrr).toBe(0);
    periods.forEach((p, i) => {
      expect(cents(p.startMrr) + cents(p.new) + cents(p.expansion) + cents(p.reactivation) - cents(p.contraction) - cents(p.churned), `${p.period}`).toBe(cents(p.endMrr));
      if (i > 0) expect(p.startMrr, `${p.period} starts where ${periods[i - 1]!.period} ended`).toBe(periods[i - 1]!.endMrr);
    });
    const overview = await admin.analytics.overview({});
    expect(periods[periods.length - 1]!.endMrr).toBe(overview.mrr);
    // The same periods from the full recomputation.
    const recomputed = chainPeriods(await recomputeDays(core.database.db, core.database.dialect, tenantId), HISTORY_FROM, TODAY, interval);
    expect(periods.map((p) => [p.period, cents(p.new), cents(p.churned), cents(p.reactivation), cents(p.endMrr)])).toEqual(
      recomputed.map((p) => [p.period, p.new, p.churned, p.reactivation, p.endMrr]),
    );
    // The seeded history has every kind a member can make without a plan change.
    expect(periods.some((p) => p.churned > 0) && periods.some((p) => p.reactivation > 0) && periods.some((p) => p.new > 0)).toBe(true);
  });

  it('a subscription change reaches the read models through its event, is pushed, and still equals the recomputation', async () => {
    const before = await admin.analytics.overview({});
    const pushed: PushMessage[] = [];
    const stop = core.services.push.subscribe({ tenantId, isConsoleOwner: false }, (m) => pushed.push(m));
    const members = await core.database.db
      .selectFrom('memberships')
      .select('userId')
      .where('tenantId', '=', tenantId)
      .where('subscriptionStatus', 'is', null)
      .where('status', '=', 'active')
      .limit(1)
      .execute();
    const userId = members[0]!.userId;
    const at = new Date().toISOString();
    await core.database.db.transaction().execute(async (trx) => {
      const session = core.services.billing.session(trx, new ChangeLog());
      await session.applySubscription(tenantId, {
        provider: 'stripe', providerSubscriptionId: 'sub_analytics_test_1', at, source: 'full', initial: true, status: 'active', amountMinor: 12_000, interval: 'year', userId,
      });
    });
    await core.jobs.drain();
    const after = await admin.analytics.overview({});
    expect(Math.round(after.mrr * 100) - Math.round(before.mrr * 100)).toBe(1000);
    expect(after.activeSubscribers).toBe(before.activeSubscribers + 1);
    expect(pushed.some((m) => m.topic === 'analytics')).toBe(true);

    // Downgrade (contraction), then cancel (churn), each through billing.
    const later = (s: number) => new Date(Date.parse(at) + s * 1000).toISOString();
    for (const [i, change] of [{ amountMinor: 6_000 }, { status: 'canceled' as const }].entries()) {
      await core.database.db.transaction().execute(async (trx) => {
        await core.services.billing.session(trx, new ChangeLog()).applySubscription(tenantId, { provider: 'stripe', providerSubscriptionId: 'sub_analytics_test_1', at: later(i + 1), source: 'full', ...change });
      });
      await core.jobs.drain();
    }
    const today = await admin.analytics.mrrMovements({ from: TODAY, to: TODAY, interval: 'day' });
    expect(today.periods[0]).toMatchObject({ contraction: expect.any(Number) });
    expect(Math.round(today.periods[0]!.contraction * 100)).toBeGreaterThanOrEqual(500);
    const final = await admin.analytics.overview({});
    expect(final.mrr).toBe(before.mrr);
    expect(await readModelDays()).toEqual(await recomputeDays(core.database.db, core.database.dialect, tenantId));
    const churned = await admin.analytics.movementMembers({ kind: 'churned', from: TODAY, to: TODAY });
    expect(churned.map((m) => m.userId)).toContain(userId);
    // The drill-down: the Members page's filter finds the same members (those still members).
    const listed = await admin.members.list({ churnedFrom: TODAY, churnedTo: TODAY, limit: 100 });
    expect(listed.items.map((m) => m.userId)).toContain(userId);
    expect(listed.items.every((m) => churned.some((c) => c.userId === m.userId))).toBe(true);
    stop();
  });

  it('growth, cohorts, engagement, revenue and CSV answer from the same data', async () => {
    const growth = await admin.analytics.growth({ from: HISTORY_FROM, to: TODAY, interval: 'month' });
    const last = growth.periods[growth.periods.length - 1]!;
    const members = await core.database.db.selectFrom('memberships').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', tenantId).where('status', '=', 'active').executeTakeFirstOrThrow();
    expect(last.endMembers).toBe(Number(members.n));
    growth.periods.forEach((p) => expect(p.endMembers).toBe(p.startMembers + p.joined - p.left));
    expect(growth.conversions.trialToPaid.started).toBeGreaterThan(0);

    const byPayment = await admin.analytics.cohorts({ by: 'payment', from: HISTORY_FROM, to: TODAY });
    const firstFull = byPayment.cohorts.find((c) => c.size > 0)!;
    expect(firstFull.rates[0]).toBe(1);
    expect(firstFull.retained.every((r) => r <= firstFull.size)).toBe(true);
    const byJoin = await admin.analytics.cohorts({ by: 'join', from: HISTORY_FROM, to: TODAY });
    expect(byJoin.cohorts.reduce((s, c) => s + c.size, 0)).toBeGreaterThan(MEMBERS * 0.9);

    const engagement = await admin.analytics.engagement({ from: HISTORY_FROM, to: TODAY });
    expect(engagement.mau).toBeGreaterThanOrEqual(engagement.wau);
    expect(engagement.wau).toBeGreaterThanOrEqual(engagement.dau);

    const revenue = await admin.analytics.revenue();
    const overview = await admin.analytics.overview({});
    expect(Math.round(revenue.byProvider.reduce((s, p) => s + p.mrr * 100, 0))).toBe(Math.round(overview.mrr * 100));

    const csv = await admin.analytics.exportCsv({ chart: 'movements', from: HISTORY_FROM, to: TODAY, interval: 'month' });
    const lines = csv.content.trim().split('\n');
    expect(lines[0]).toBe('period,start_mrr,new,expansion,contraction,churned,reactivation,end_mrr,paying_customers,churned_customers,customer_churn_pct,gross_mrr_churn_pct,net_mrr_churn_pct,arpu');
    expect(lines).toHaveLength(growth.periods.length + 1);
    for (const chart of ['growth', 'cohorts', 'engagement', 'revenue'] as const) {
      expect((await admin.analytics.exportCsv({ chart, from: HISTORY_FROM, to: TODAY })).content.split('\n').length).toBeGreaterThan(2);
    }
  });

  it('the Members page’s churn filter finds exactly the active members who churned in a month', async () => {
    const { periods } = await admin.analytics.mrrMovements({ from: HISTORY_FROM, to: TODAY, interval: 'month' });
    const month = [...periods].reverse().find((p) => p.churnedCustomers > 3)!;
    const end = new Date(Date.UTC(Number(month.period.slice(0, 4)), Number(month.period.slice(5, 7)), 0)).toISOString().slice(0, 10);
    const churned = await admin.analytics.movementMembers({ kind: 'churned', from: month.period, to: end, limit: 1000 });
    expect(churned.length).toBe(month.churnedCustomers);
    const active = await core.database.db
      .selectFrom('memberships')
      .select('userId')
      .where('tenantId', '=', tenantId)
      .where('status', '=', 'active')
      .where('userId', 'in', churned.map((c) => c.userId!))
      .execute();
    const listed = await admin.members.list({ churnedFrom: month.period, churnedTo: end, limit: 200 });
    expect(listed.items.map((m) => m.userId).sort()).toEqual(active.map((a) => a.userId).sort());
    expect(listed.total).toBe(active.length);
  });

  it('campaign results: a sent campaign with its stats, and the recipients who started paying within 14 days', async () => {
    // Someone who started paying in the seeded history, and a campaign that reached them 3 days before.
    const first = await core.database.db
      .selectFrom('analyticsMovements')
      .select(['customerKey', 'occurredAt'])
      .where('tenantId', '=', tenantId)
      .where('kind', '=', 'new')
      .where('customerKey', 'not like', 'sub:%')
      .orderBy('occurredAt', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const reached = new Date(Date.parse(first.occurredAt) - 3 * 86_400_000).toISOString();
    const user = await core.database.db.selectFrom('users').select('email').where('id', '=', first.customerKey).executeTakeFirstOrThrow();
    await core.database.db
      .insertInto('campaigns')
      .values({ id: 'cmp_tanalytics01', tenantId, subject: 'Spring offer', content: '<p>Hi</p>', audience: 'all', segmentId: null, status: 'sent', scheduledAt: null, sentAt: reached, createdBy: null, createdAt: reached, updatedAt: reached, dedupeKey: null, source: null, startedAt: reached, pausedAt: null, pauseReason: null, waitingReason: null, sendLeaseOwner: null, sendLeaseUntil: null })
      .execute();
    await core.database.db
      .insertInto('campaignRecipients')
      .values({ id: 'rcp_tanalytics01', campaignId: 'cmp_tanalytics01', userId: first.customerKey, email: user.email, status: 'sent', lastError: null, sentAt: reached, name: null, messageId: null, nextAttemptAt: null, claimedAt: null, unsubscribeToken: null, clickedAt: null, unsubscribedAt: null })
      .execute();
    const { results, source } = await admin.analytics.campaigns({ from: HISTORY_FROM, to: TODAY });
    expect(source).toBe('campaigns');
    expect(results).toEqual([expect.objectContaining({ campaignId: 'cmp_tanalytics01', name: 'Spring offer', recipients: 1, delivered: 1, conversions: 1 })]);
    expect((await otherAdmin.analytics.campaigns({ from: HISTORY_FROM, to: TODAY })).results).toEqual([]);
  });

  it('another tenant ADMIN sees only their own tenant: nothing of the seeded one', async () => {
    expect(await otherAdmin.analytics.overview({})).toMatchObject({ mrr: 0, arr: 0, activeSubscribers: 0, members: { total: 2, free: 2, paid: 0 } });
    expect((await otherAdmin.analytics.movementMembers({ kind: 'churned', from: HISTORY_FROM, to: TODAY })).length).toBe(0);
    expect((await otherAdmin.analytics.revenue()).byPackage).toEqual([]);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const refusal = async (p: Promise<unknown>) => p.then(() => 'OK', (e: unknown) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e)));
    expect(await refusal(admin.analytics.mrrMovements({ from: '2026-02-30', to: TODAY, interval: 'month' }))).toMatch(/BAD_REQUEST.*"from"/s);
    expect(await refusal(admin.analytics.mrrMovements({ from: TODAY, to: '2020-01-01', interval: 'month' }))).toMatch(/BAD_REQUEST.*"to"/s);
    expect(await refusal(admin.analytics.mrrMovements({ from: '2000-01-01', to: TODAY, interval: 'day' }))).toMatch(/BAD_REQUEST.*"interval"/s);
    expect(await refusal(admin.analytics.mrrMovements({ from: '2026-01-01', to: TODAY, interval: 'year' as 'month' }))).toMatch(/BAD_REQUEST.*"interval"/s);
    // Ranges that would hold the event loop for seconds (or exhaust memory) are refused up front,
    // by every procedure that reads a range, the CSV export included.
    expect(await refusal(admin.analytics.cohorts({ by: 'payment', from: '1826-01-01', to: TODAY }))).toMatch(/BAD_REQUEST.*"from"/s);
    expect(await refusal(admin.analytics.cohorts({ by: 'payment', from: '2001-01-01', to: TODAY }))).toMatch(/BAD_REQUEST.*"from".*10 years/s);
    expect(await refusal(admin.analytics.engagement({ from: '2020-01-01', to: TODAY }))).toMatch(/BAD_REQUEST.*"from".*800 days/s);
    expect(await refusal(admin.analytics.exportCsv({ chart: 'growth', interval: 'day', from: '2001-01-01', to: TODAY }))).toMatch(/BAD_REQUEST.*"interval"/s);
    expect(await refusal(admin.analytics.exportCsv({ chart: 'engagement', from: '2020-01-01', to: TODAY }))).toMatch(/BAD_REQUEST.*"from"/s);
  });
});
