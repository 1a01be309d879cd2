import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DayMovements } from '@shared/analytics';
import type { Dialect } from '../../platform/db/connect';
import type { Database } from '../../platform/db/schema';

// The full recomputation: the same figures as the read models, straight from the history tables
// with one scan and window functions (SQLite ≥ 3.25 and PostgreSQL alike), written independently of
// src-shared/analytics.ts. Tests hold the read models to it over the seeded 18 months; the bench
// uses it as the full-scan baseline.

/** One subscription's MRR in SQL: the definition of monthlyMinor/mrrOf, for a status, an amount and an interval. */
function mrrSql(status: string, amount: string, interval: string): RawBuilder<number> {
  return sql<number>`CASE WHEN ${sql.raw(status)} IN ('active', 'past_due') THEN CASE ${sql.raw(interval)} WHEN 'year' THEN ROUND(${sql.raw(amount)} / 12.0) WHEN 'week' THEN ROUND(${sql.raw(amount)} * 52 / 12.0) WHEN 'day' THEN ROUND(${sql.raw(amount)} * 365 / 12.0) ELSE ${sql.raw(amount)} END ELSE 0 END`;
}

/** The full-scan query behind recomputeDays (the bench runs it as its baseline). */
export function recomputeDaysQuery(dialect: Dialect, tenantId: string): RawBuilder<Record<string, string | number>> {
  const c = sql.raw(dialect === 'postgres' ? ' COLLATE "C"' : '');
  return sql<Record<string, string | number>>`
    WITH ev AS (
      SELECT e.id AS id, e.subscription_id AS sid, e.occurred_at AS at,
             COALESCE(s.user_id, 'sub:' || s.id) AS ck,
             ${mrrSql('e.status', 'e.amount_minor', 's.interval')} AS mrr
      FROM subscription_events e JOIN subscriptions s ON s.id = e.subscription_id
      WHERE s.tenant_id = ${tenantId}
    ), d AS (
      SELECT id, ck, at, mrr - COALESCE(LAG(mrr) OVER (PARTITION BY sid ORDER BY at${c}, id${c}), 0) AS delta FROM ev
    ), t AS (
      SELECT id, ck, at, delta, SUM(delta) OVER (PARTITION BY ck ORDER BY at${c}, id${c} ROWS UNBOUNDED PRECEDING) AS aft FROM d
    ), p AS (
      SELECT at, delta, aft, aft - delta AS bef,
             COALESCE(MAX(CASE WHEN aft > 0 THEN 1 ELSE 0 END) OVER (PARTITION BY ck ORDER BY at${c}, id${c} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS paid
      FROM t
    )
    SELECT substr(at, 1, 10) AS day,
      SUM(CASE WHEN bef = 0 AND aft > 0 AND paid = 0 THEN aft ELSE 0 END) AS newminor,
      SUM(CASE WHEN bef > 0 AND aft > bef THEN aft - bef ELSE 0 END) AS expansionminor,
      SUM(CASE WHEN bef > 0 AND aft > 0 AND aft < bef THEN bef - aft ELSE 0 END) AS contractionminor,
      SUM(CASE WHEN bef > 0 AND aft = 0 THEN bef ELSE 0 END) AS churnedminor,
      SUM(CASE WHEN bef = 0 AND aft > 0 AND paid = 1 THEN aft ELSE 0 END) AS reactivationminor,
      SUM(CASE WHEN bef = 0 AND aft > 0 AND paid = 0 THEN 1 ELSE 0 END) AS newcustomers,
      SUM(CASE WHEN bef = 0 AND aft > 0 AND paid = 1 THEN 1 ELSE 0 END) AS reactivatedcustomers,
      SUM(CASE WHEN bef > 0 AND aft = 0 THEN 1 ELSE 0 END) AS churnedcustomers
    FROM p WHERE delta <> 0
    GROUP BY substr(at, 1, 10)
    ORDER BY 1`;
}

/** recomputeDaysQuery's rows as day movements. */
export function dayMovementsOf(rows: readonly Record<string, unknown>[]): DayMovements[] {
  const n = (v: unknown) => Number(v ?? 0);
  return rows.map((r) => ({
    day: String(r.day),
    newMinor: n(r.newminor),
    expansionMinor: n(r.expansionminor),
    contractionMinor: n(r.contractionminor),
    churnedMinor: n(r.churnedminor),
    reactivationMinor: n(r.reactivationminor),
    newCustomers: n(r.newcustomers),
    reactivatedCustomers: n(r.reactivatedcustomers),
    churnedCustomers: n(r.churnedcustomers),
  }));
}

/** Every day's movements of a tenant, recomputed from subscription_events. */
export async function recomputeDays(db: Kysely<Database>, dialect: Dialect, tenantId: string): Promise<DayMovements[]> {
  return dayMovementsOf((await recomputeDaysQuery(dialect, tenantId).execute(db)).rows);
}

/** MRR and paying customers now, straight from the subscriptions table (no history involved). */
export async function mrrFromSubscriptions(db: Kysely<Database>, tenantId: string): Promise<{ mrrMinor: number; customers: number }> {
  const { rows } = await mrrFromSubscriptionsQuery(tenantId).execute(db);
  return { mrrMinor: Number(rows[0]?.mrr ?? 0), customers: Number(rows[0]?.customers ?? 0) };
}

export function mrrFromSubscriptionsQuery(tenantId: string): RawBuilder<{ mrr: unknown; customers: unknown }> {
  return sql<{ mrr: unknown; customers: unknown }>`
    SELECT SUM(m) AS mrr, COUNT(*) AS customers FROM (
      SELECT COALESCE(user_id, 'sub:' || id) AS ck, SUM(${mrrSql('status', 'amount_minor', 'interval')}) AS m
      FROM subscriptions WHERE tenant_id = ${tenantId}
      GROUP BY COALESCE(user_id, 'sub:' || id)
    ) x WHERE m > 0`;
}

/** Members now by whether they hold a live subscription, straight from memberships (a full scan). */
export async function membersFromMemberships(db: Kysely<Database>, tenantId: string): Promise<{ total: number; paid: number; free: number }> {
  return membersOf((await membersQuery(tenantId).execute(db)).rows);
}

export function membersQuery(tenantId: string): RawBuilder<{ total: unknown; paid: unknown }> {
  return sql<{ total: unknown; paid: unknown }>`
    SELECT COUNT(*) AS total, SUM(CASE WHEN subscription_status IN ('active', 'trialing', 'past_due') THEN 1 ELSE 0 END) AS paid
    FROM memberships WHERE tenant_id = ${tenantId} AND status = 'active'`;
}

export function membersOf(rows: readonly { total: unknown; paid: unknown }[]): { total: number; paid: number; free: number } {
  const total = Number(rows[0]?.total ?? 0);
  const paid = Number(rows[0]?.paid ?? 0);
  return { total, paid, free: total - paid };
}
