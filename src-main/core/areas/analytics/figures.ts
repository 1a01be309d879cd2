import { sql, type Kysely } from 'kysely';
import {
  arpuMinor,
  chainPeriods,
  conversionRate,
  customerChurnRate,
  grossMrrChurnRate,
  monthlyRate,
  netMrrChurnRate,
  nextPeriod,
  periodStart,
  periodsBetween,
  retention,
  stickiness,
  toUnits,
  type DayMovements,
  type Interval,
  type PeriodMovementsMinor,
} from '@shared/analytics';
import { JOIN_SOURCES } from '@shared/domain';
import type { Clock } from '../../platform/clock';
import type { Dialect } from '../../platform/db/connect';
import type { Database } from '../../platform/db/schema';

// The figures owners read, from the read models (a few hundred day rows) or, for what has no read
// model (engagement, cohorts, revenue split), one aggregate query. Everything here runs on the read
// pool (`reader`: worker threads on SQLite), never on the loop that answers webhooks.

/** The campaigns area's list (campaigns.list), the part analytics reads: a narrow port wired in create-core. */
export type CampaignListPort = (tenantId: string) => Promise<{
  items: { id: string; subject: string; sentAt: string | null; stats: { recipients: number; sent: number; clicked: number; unsubscribed: number } }[];
}>;
export interface CampaignResult {
  campaignId: string;
  name: string;
  sentAt: string | null;
  recipients: number;
  delivered?: number;
  opened?: number;
  clicked?: number;
  unsubscribed?: number;
  /** Recipients who started paying (new or back) within CONVERSION_DAYS after it reached them. */
  conversions?: number;
}

/** How long after a campaign reached a member their first (or renewed) payment counts as its result. */
export const CONVERSION_DAYS = 14;

export interface Range {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
/** The same day a month earlier (the last day of that month when it has fewer days). */
export function monthBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 2, Math.min(d, last))).toISOString().slice(0, 10);
}

const n = (v: unknown) => Number(v ?? 0);

const money = (p: PeriodMovementsMinor) => ({
  period: p.period,
  startMrr: toUnits(p.startMrr),
  new: toUnits(p.new),
  expansion: toUnits(p.expansion),
  contraction: toUnits(p.contraction),
  churned: toUnits(p.churned),
  reactivation: toUnits(p.reactivation),
  endMrr: toUnits(p.endMrr),
  startCustomers: p.startCustomers,
  newCustomers: p.newCustomers,
  reactivatedCustomers: p.reactivatedCustomers,
  churnedCustomers: p.churnedCustomers,
  endCustomers: p.endCustomers,
  customerChurnRate: customerChurnRate(p.churnedCustomers, p.startCustomers),
  grossMrrChurnRate: grossMrrChurnRate(p),
  netMrrChurnRate: netMrrChurnRate(p),
  arpu: ((a) => (a === null ? null : toUnits(a)))(arpuMinor(p.endMrr, p.endCustomers)),
});
export type MovementPeriod = ReturnType<typeof money>;

export function analyticsFigures(deps: { reader: Kysely<Database>; dialect: Dialect; clock: Clock; campaigns?: CampaignListPort }) {
  const { reader, clock } = deps;
  const today = () => clock.nowIso().slice(0, 10);

  async function days(tenantId: string, to: string): Promise<DayMovements[]> {
    const rows = await reader.selectFrom('analyticsMrrDays').selectAll().where('tenantId', '=', tenantId).where('day', '<=', to).execute();
    return rows.map((r) => ({
      day: r.day,
      newMinor: n(r.newMinor),
      expansionMinor: n(r.expansionMinor),
      contractionMinor: n(r.contractionMinor),
      churnedMinor: n(r.churnedMinor),
      reactivationMinor: n(r.reactivationMinor),
      newCustomers: n(r.newCustomers),
      reactivatedCustomers: n(r.reactivatedCustomers),
      churnedCustomers: n(r.churnedCustomers),
    }));
  }

  /** Movements over [from, to] as one period (day granularity chained, then summed). */
  function sumRange(all: DayMovements[], range: Range): PeriodMovementsMinor {
    const dayRows = chainPeriods(all, range.from, range.to, 'day');
    const first = dayRows[0]!;
    const last = dayRows[dayRows.length - 1]!;
    const sum = (k: 'new' | 'expansion' | 'contraction' | 'churned' | 'reactivation' | 'newCustomers' | 'reactivatedCustomers' | 'churnedCustomers') => dayRows.reduce((s, r) => s + r[k], 0);
    return {
      period: range.from,
      startMrr: first.startMrr,
      new: sum('new'),
      expansion: sum('expansion'),
      contraction: sum('contraction'),
      churned: sum('churned'),
      reactivation: sum('reactivation'),
      endMrr: last.endMrr,
      startCustomers: first.startCustomers,
      newCustomers: sum('newCustomers'),
      reactivatedCustomers: sum('reactivatedCustomers'),
      churnedCustomers: sum('churnedCustomers'),
      endCustomers: last.endCustomers,
    };
  }

  /** The range's churn as an average month (the tiles compare ranges of any length). */
  function monthlyRates(p: PeriodMovementsMinor, range: Range) {
    const days = daysBetween(range.from, range.to) + 1;
    return {
      customerChurnRate: monthlyRate(p.churnedCustomers, p.startCustomers, p.endCustomers, days),
      grossMrrChurnRate: monthlyRate(p.churned + p.contraction, p.startMrr, p.endMrr, days),
      netMrrChurnRate: monthlyRate(p.churned + p.contraction - p.expansion - p.reactivation, p.startMrr, p.endMrr, days),
    };
  }

  /** The range asked for, or the last 30 days up to today. */
  function rangeOf(input: { from?: string; to?: string }): Range {
    const to = input.to ?? today();
    return { from: input.from ?? addDays(to, -29), to };
  }

  /** The range of the same length just before. */
  function previousOf(range: Range): Range {
    const len = daysBetween(range.from, range.to);
    const to = addDays(range.from, -1);
    return { from: addDays(to, -len), to };
  }

  async function members(tenantId: string) {
    const rows = await reader
      .selectFrom('memberCounts')
      .select(['subscriptionStatus', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('tenantId', '=', tenantId)
      .groupBy('subscriptionStatus')
      .execute();
    let total = 0;
    let paid = 0;
    for (const r of rows) {
      total += n(r.n);
      if (r.subscriptionStatus === 'active' || r.subscriptionStatus === 'trialing' || r.subscriptionStatus === 'past_due') paid += n(r.n);
    }
    return { total, free: total - paid, paid };
  }

  return {
    rangeOf,

    /** The headline figures at the end of `to` (today by default) and for the range and the one before it. */
    async overview(tenantId: string, input: { from?: string; to?: string }) {
      const range = rangeOf(input);
      const previous = previousOf(range);
      const [all, memberFigures] = await Promise.all([days(tenantId, range.to), members(tenantId)]);
      const current = sumRange(all, range);
      const before = sumRange(all, previous);
      const monthAgo = sumRange(all, { from: monthBefore(range.to), to: monthBefore(range.to) });
      const mrrMinor = current.endMrr;
      const arpu = arpuMinor(mrrMinor, current.endCustomers);
      return {
        asOf: range.to,
        range,
        previousRange: previous,
        mrr: toUnits(mrrMinor),
        arr: toUnits(mrrMinor * 12),
        activeSubscribers: current.endCustomers,
        arpu: arpu === null ? null : toUnits(arpu),
        /** MRR at the end of the same day a month earlier: "change vs last month". */
        mrrMonthAgo: toUnits(monthAgo.endMrr),
        mrrChange: toUnits(mrrMinor - monthAgo.endMrr),
        members: memberFigures,
        /** The range's movements and, as `monthly`, its churn as an average month. */
        period: { ...money(current), monthly: monthlyRates(current, range) },
        previousPeriod: { ...money(before), monthly: monthlyRates(before, previous) },
        currency: 'USD',
      };
    },

    /** Periods chained from the first one holding `from` to the one holding `to`. */
    async mrrMovements(tenantId: string, input: { from: string; to: string; interval: Interval }) {
      const all = await days(tenantId, nextPeriod(periodStart(input.to, input.interval), input.interval));
      return { interval: input.interval, currency: 'USD', periods: chainPeriods(all, input.from, input.to, input.interval).map(money) };
    },

    /** Joins by source, leaves and net per period, the member count at each period's end, and conversions. */
    async growth(tenantId: string, input: { from: string; to: string; interval: Interval }) {
      const starts = periodsBetween(input.from, input.to, input.interval);
      const end = nextPeriod(starts[starts.length - 1] ?? input.to, input.interval);
      const rows = await reader
        .selectFrom('analyticsMemberDays')
        .select(['day', 'joinSource', 'joinedCount', 'leftCount'])
        .where('tenantId', '=', tenantId)
        .where('day', '<', end)
        .execute();
      const first = starts[0] ?? input.from;
      let total = 0;
      const byPeriod = new Map(starts.map((p) => [p, { period: p, joined: Object.fromEntries(JOIN_SOURCES.map((s) => [s, 0])) as Record<string, number>, left: 0 }]));
      for (const r of rows) {
        if (r.day < first) total += n(r.joinedCount) - n(r.leftCount);
        else {
          const p = byPeriod.get(periodStart(r.day, input.interval));
          if (!p) continue;
          p.joined[r.joinSource] = (p.joined[r.joinSource] ?? 0) + n(r.joinedCount);
          p.left += n(r.leftCount);
        }
      }
      const periods = [...byPeriod.values()].map((p) => {
        const joined = Object.values(p.joined).reduce((a, b) => a + b, 0);
        const startMembers = total;
        total += joined - p.left;
        return { period: p.period, startMembers, joinedBySource: p.joined, joined, left: p.left, net: joined - p.left, endMembers: total };
      });
      // Conversions over the range: trials that turned into paid, free sign-ups who started paying.
      const fromIso = `${first}T00:00:00.000Z`;
      const toIso = `${end}T00:00:00.000Z`;
      const [trials, free] = await Promise.all([
        sql<{ started: unknown; converted: unknown }>`
          SELECT COUNT(*) AS started,
                 SUM(CASE WHEN EXISTS (SELECT 1 FROM subscription_events p WHERE p.subscription_id = e.subscription_id AND p.status = 'active' AND p.occurred_at >= e.occurred_at) THEN 1 ELSE 0 END) AS converted
          FROM subscription_events e
          WHERE e.tenant_id = ${tenantId} AND e.kind = 'created' AND e.status = 'trialing' AND e.occurred_at >= ${fromIso} AND e.occurred_at < ${toIso}`.execute(reader),
        sql<{ joined: unknown; converted: unknown }>`
          SELECT COUNT(*) AS joined, COUNT(a.customer_key) AS converted
          FROM memberships m
          LEFT JOIN (SELECT DISTINCT customer_key FROM analytics_movements WHERE tenant_id = ${tenantId} AND kind = 'new') a ON a.customer_key = m.user_id
          WHERE m.tenant_id = ${tenantId} AND m.join_source = 'free_signup' AND m.joined_at >= ${fromIso} AND m.joined_at < ${toIso}`.execute(reader),
      ]);
      const t = trials.rows[0];
      const f = free.rows[0];
      return {
        interval: input.interval,
        periods,
        conversions: {
          trialToPaid: { started: n(t?.started), converted: n(t?.converted), rate: conversionRate(n(t?.converted), n(t?.started)) },
          freeToPaid: { joined: n(f?.joined), converted: n(f?.converted), rate: conversionRate(n(f?.converted), n(f?.joined)) },
        },
      };
    },

    /**
     * Retention cohorts by month. `join`: members who joined that month and are still members k
     * months later. `payment`: customers whose first payment fell in that month, how many still pay
     * and their MRR (net MRR retention) k months later.
     */
    async cohorts(tenantId: string, input: { by: 'join' | 'payment'; from: string; to: string }) {
      const fromMonth = input.from.slice(0, 7);
      const toMonth = input.to.slice(0, 7);
      const months = periodsBetween(`${fromMonth}-01`, `${toMonth}-01`, 'month').map((d) => d.slice(0, 7));
      const index = new Map(months.map((m, i) => [m, i]));
      if (input.by === 'join') {
        const { rows } = await sql<{ cohort: string; leftmonth: string | null; n: unknown }>`
          SELECT substr(joined_at, 1, 7) AS cohort, CASE WHEN status = 'active' THEN NULL ELSE substr(COALESCE(left_at, joined_at), 1, 7) END AS leftmonth, COUNT(*) AS n
          FROM memberships WHERE tenant_id = ${tenantId} AND joined_at >= ${`${fromMonth}-01`} AND joined_at < ${`${nextPeriod(`${toMonth}-01`, 'month')}`}
          GROUP BY 1, 2`.execute(reader);
        const cohorts = months.map((m) => ({ cohort: m, size: 0, retained: months.slice(index.get(m)).map(() => 0) }));
        for (const r of rows) {
          const c = cohorts[index.get(r.cohort) ?? -1];
          if (!c) continue;
          const count = n(r.n);
          c.size += count;
          const leftAt = r.leftmonth === null ? Infinity : (index.get(r.leftmonth) ?? Infinity) - index.get(r.cohort)!;
          // Still a member at the end of month k when they left after it.
          for (let k = 0; k < c.retained.length; k++) if (leftAt > k) c.retained[k]! += count;
        }
        return { by: input.by, months, cohorts: cohorts.map((c) => ({ ...c, rates: c.retained.map((r) => retention(r, c.size)) })) };
      }
      const { rows } = await sql<{ cohort: string; month: string; customers: unknown; mrr: unknown }>`
        SELECT f.cohort AS cohort, substr(a.day, 1, 7) AS month,
               SUM(CASE a.kind WHEN 'new' THEN 1 WHEN 'reactivation' THEN 1 WHEN 'churned' THEN -1 ELSE 0 END) AS customers,
               SUM(CASE WHEN a.kind IN ('churned', 'contraction') THEN -a.amount_minor ELSE a.amount_minor END) AS mrr
        FROM analytics_movements a
        JOIN (SELECT customer_key, substr(MIN(day), 1, 7) AS cohort FROM analytics_movements WHERE tenant_id = ${tenantId} AND kind = 'new' GROUP BY customer_key) f
          ON f.customer_key = a.customer_key
        WHERE a.tenant_id = ${tenantId} AND f.cohort >= ${fromMonth} AND f.cohort <= ${toMonth}
        GROUP BY 1, 2`.execute(reader);
      const cohorts = months.map((m) => ({ cohort: m, size: 0, startMrr: 0, retained: months.slice(index.get(m)).map(() => 0), mrr: months.slice(index.get(m)).map(() => 0) }));
      const deltas = new Map<string, { customers: number; mrr: number }>();
      for (const r of rows) deltas.set(`${r.cohort}|${r.month}`, { customers: n(r.customers), mrr: n(r.mrr) });
      for (const c of cohorts) {
        let customers = 0;
        let mrr = 0;
        for (let k = 0; k < c.retained.length; k++) {
          const d = deltas.get(`${c.cohort}|${months[index.get(c.cohort)! + k]}`);
          customers += d?.customers ?? 0;
          mrr += d?.mrr ?? 0;
          c.retained[k] = customers;
          c.mrr[k] = mrr;
        }
        c.size = c.retained[0] ?? 0;
        c.startMrr = c.mrr[0] ?? 0;
      }
      return {
        by: input.by,
        months,
        cohorts: cohorts.map((c) => ({
          cohort: c.cohort,
          size: c.size,
          retained: c.retained,
          rates: c.retained.map((r) => retention(r, c.size)),
          startMrr: toUnits(c.startMrr),
          mrr: c.mrr.map(toUnits),
          netMrrRetention: c.mrr.map((m) => retention(m, c.startMrr)),
        })),
      };
    },

    /**
     * Engagement from activity: each day's active members (posted, commented, reacted, or last seen
     * that day), DAU/WAU/MAU at the end of the range, stickiness, contributing members, and how
     * recently members were last active.
     */
    async engagement(tenantId: string, range: Range) {
      const fromIso = `${addDays(range.to, -29) < range.from ? addDays(range.to, -29) : range.from}T00:00:00.000Z`;
      const toIso = `${addDays(range.to, 1)}T00:00:00.000Z`;
      const { rows } = await sql<{ day: string; userid: string | null; kind: string }>`
        SELECT substr(p.created_at, 1, 10) AS day, p.author_id AS userid, 'post' AS kind FROM posts p
          WHERE p.tenant_id = ${tenantId} AND p.created_at >= ${fromIso} AND p.created_at < ${toIso}
        UNION ALL
        SELECT substr(c.created_at, 1, 10), c.author_id, 'comment' FROM comments c JOIN posts p ON p.id = c.post_id
          WHERE p.tenant_id = ${tenantId} AND c.created_at >= ${fromIso} AND c.created_at < ${toIso}
        UNION ALL
        SELECT substr(r.created_at, 1, 10), r.user_id, 'reaction' FROM reactions r JOIN posts p ON p.id = r.post_id
          WHERE p.tenant_id = ${tenantId} AND r.created_at >= ${fromIso} AND r.created_at < ${toIso}
        UNION ALL
        SELECT substr(m.last_active_at, 1, 10), m.user_id, 'seen' FROM memberships m
          WHERE m.tenant_id = ${tenantId} AND m.status = 'active' AND m.last_active_at >= ${fromIso} AND m.last_active_at < ${toIso}`.execute(reader);
      const byDay = new Map<string, { active: Set<string>; posts: number; comments: number; reactions: number }>();
      const contributors = new Set<string>();
      for (const r of rows) {
        const d = byDay.get(r.day) ?? { active: new Set<string>(), posts: 0, comments: 0, reactions: 0 };
        byDay.set(r.day, d);
        if (r.userid) d.active.add(r.userid);
        if (r.kind === 'post') d.posts++;
        else if (r.kind === 'comment') d.comments++;
        else if (r.kind === 'reaction') d.reactions++;
        if (r.userid && (r.kind === 'post' || r.kind === 'comment') && r.day >= range.from && r.day <= range.to) contributors.add(r.userid);
      }
      const distinctOver = (from: string, to: string) => {
        const s = new Set<string>();
        for (const [day, d] of byDay) if (day >= from && day <= to) for (const u of d.active) s.add(u);
        return s.size;
      };
      const series = periodsBetween(range.from, range.to, 'day').map((day) => {
        const d = byDay.get(day);
        return { day, active: d?.active.size ?? 0, posts: d?.posts ?? 0, comments: d?.comments ?? 0, reactions: d?.reactions ?? 0 };
      });
      const last30 = periodsBetween(addDays(range.to, -29), range.to, 'day');
      const avgDau = last30.reduce((s, day) => s + (byDay.get(day)?.active.size ?? 0), 0) / last30.length;
      const mau = distinctOver(addDays(range.to, -29), range.to);
      const recency = await sql<{ bucket: string; n: unknown }>`
        SELECT CASE WHEN last_active_at IS NULL THEN 'never'
                    WHEN last_active_at >= ${`${addDays(range.to, -6)}T00:00:00.000Z`} THEN 'week'
                    WHEN last_active_at >= ${`${addDays(range.to, -29)}T00:00:00.000Z`} THEN 'month'
                    WHEN last_active_at >= ${`${addDays(range.to, -89)}T00:00:00.000Z`} THEN 'quarter'
                    ELSE 'older' END AS bucket, COUNT(*) AS n
        FROM memberships WHERE tenant_id = ${tenantId} AND status = 'active' GROUP BY 1`.execute(reader);
      const lastActive = { week: 0, month: 0, quarter: 0, older: 0, never: 0 } as Record<string, number>;
      for (const r of recency.rows) lastActive[r.bucket] = n(r.n);
      return {
        range,
        series,
        dau: byDay.get(range.to)?.active.size ?? 0,
        averageDau: Math.round(avgDau * 10) / 10,
        wau: distinctOver(addDays(range.to, -6), range.to),
        mau,
        stickiness: stickiness(avgDau, mau),
        contributingMembers: contributors.size,
        lastActive,
      };
    },

    /** MRR now by package and by provider, from the subscriptions that count. */
    async revenue(tenantId: string) {
      const { rows } = await sql<{ packageid: string | null; name: string | null; provider: string; mrr: unknown; subscriptions: unknown }>`
        SELECT s.package_id AS packageid, p.name AS name, s.provider AS provider,
               SUM(CASE s.interval WHEN 'year' THEN ROUND(s.amount_minor / 12.0) WHEN 'week' THEN ROUND(s.amount_minor * 52 / 12.0) WHEN 'day' THEN ROUND(s.amount_minor * 365 / 12.0) ELSE s.amount_minor END) AS mrr,
               COUNT(*) AS subscriptions
        FROM subscriptions s LEFT JOIN packages p ON p.id = s.package_id
        WHERE s.tenant_id = ${tenantId} AND s.status IN ('active', 'past_due')
        GROUP BY s.package_id, p.name, s.provider`.execute(reader);
      const byPackage = new Map<string, { packageId: string | null; name: string; mrr: number; subscriptions: number }>();
      const byProvider = new Map<string, { provider: string; mrr: number; subscriptions: number }>();
      for (const r of rows) {
        const key = r.packageid ?? '';
        const p = byPackage.get(key) ?? { packageId: r.packageid, name: r.name ?? 'No package', mrr: 0, subscriptions: 0 };
        p.mrr += n(r.mrr);
        p.subscriptions += n(r.subscriptions);
        byPackage.set(key, p);
        const v = byProvider.get(r.provider) ?? { provider: r.provider, mrr: 0, subscriptions: 0 };
        v.mrr += n(r.mrr);
        v.subscriptions += n(r.subscriptions);
        byProvider.set(r.provider, v);
      }
      const units = <T extends { mrr: number }>(list: T[]) => list.sort((a, b) => b.mrr - a.mrr).map((x) => ({ ...x, mrr: toUnits(x.mrr) }));
      return { currency: 'USD', byPackage: units([...byPackage.values()]), byProvider: units([...byProvider.values()]) };
    },

    /** The members behind a movement bar (drill-down): who churned (or was new, …) in [from, to]. */
    async movementMembers(tenantId: string, input: { kind: string; from: string; to: string; limit: number }) {
      const rows = await reader
        .selectFrom('analyticsMovements as a')
        .leftJoin('users as u', 'u.id', 'a.customerKey')
        .select(['a.customerKey', 'a.day', 'a.amountMinor', 'u.name', 'u.email'])
        .where('a.tenantId', '=', tenantId)
        .where('a.kind', '=', input.kind)
        .where('a.day', '>=', input.from)
        .where('a.day', '<=', input.to)
        .orderBy('a.day', 'desc')
        .limit(input.limit)
        .execute();
      return rows.map((r) => ({ userId: r.customerKey.startsWith('sub:') ? null : r.customerKey, name: r.name, email: r.email, day: r.day, amount: toUnits(n(r.amountMinor)) }));
    },

    /**
     * Campaigns sent in the range with what they did: from the campaigns area when wired (its
     * stats), else what the campaigns tables hold; conversions are members who started paying
     * within CONVERSION_DAYS after the campaign reached them (the analytics read model).
     */
    async campaigns(tenantId: string, range: Range) {
      const inRange = (sentAt: string | null) => !!sentAt && sentAt.slice(0, 10) >= range.from && sentAt.slice(0, 10) <= range.to;
      let results: CampaignResult[];
      if (deps.campaigns) {
        results = (await deps.campaigns(tenantId)).items
          .filter((c) => inRange(c.sentAt))
          .map((c) => ({ campaignId: c.id, name: c.subject, sentAt: c.sentAt, recipients: c.stats.recipients, delivered: c.stats.sent, clicked: c.stats.clicked, unsubscribed: c.stats.unsubscribed }));
      } else {
        const { rows } = await sql<{ id: string; subject: string; sentat: string | null; recipients: unknown; sent: unknown }>`
          SELECT c.id AS id, c.subject AS subject, c.sent_at AS sentat,
                 (SELECT COUNT(*) FROM campaign_recipients r WHERE r.campaign_id = c.id) AS recipients,
                 (SELECT COUNT(*) FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.status = 'sent') AS sent
          FROM campaigns c WHERE c.tenant_id = ${tenantId} AND c.sent_at >= ${`${range.from}T00:00:00.000Z`} AND c.sent_at < ${`${addDays(range.to, 1)}T00:00:00.000Z`}`.execute(reader);
        results = rows.map((r) => ({ campaignId: r.id, name: r.subject, sentAt: r.sentat, recipients: n(r.recipients), delivered: n(r.sent) }));
      }
      if (results.length > 0) {
        const ids = results.map((r) => r.campaignId);
        const { rows } = await sql<{ id: string; userid: string; reached: string; paid: string }>`
          SELECT r.campaign_id AS id, r.user_id AS userid, r.sent_at AS reached, a.occurred_at AS paid
          FROM campaign_recipients r
          JOIN analytics_movements a ON a.tenant_id = ${tenantId} AND a.customer_key = r.user_id AND a.kind IN ('new', 'reactivation') AND a.occurred_at >= r.sent_at
          WHERE r.campaign_id IN (${sql.join(ids)}) AND r.sent_at IS NOT NULL`.execute(reader);
        const converted = new Map<string, Set<string>>();
        for (const r of rows) {
          if (Date.parse(r.paid) - Date.parse(r.reached) > CONVERSION_DAYS * DAY_MS) continue;
          const set = converted.get(r.id) ?? new Set<string>();
          set.add(r.userid);
          converted.set(r.id, set);
        }
        for (const r of results) r.conversions = converted.get(r.campaignId)?.size ?? 0;
      }
      results.sort((a, b) => (b.sentAt ?? '').localeCompare(a.sentAt ?? ''));
      return { source: deps.campaigns ? ('campaigns' as const) : ('table' as const), conversionDays: CONVERSION_DAYS, results };
    },
  };
}
export type AnalyticsFigures = ReturnType<typeof analyticsFigures>;
