import { sql, type Kysely } from 'kysely';
import type { Database } from '@core/platform/db/schema';

/**
 * The counter "period" of a count limit (maxUsers, maxSocialAccounts, maxCampaigns): one row per
 * member and limit holding the current count, raised by consume and lowered by release. Metered
 * limits (maxAiPosts) keep one row per UTC month ('YYYY-MM') instead.
 */
export const HELD_PERIOD = 'held';

export interface AddUsage {
  tenantId: string;
  userId: string;
  metric: string;
  period: string;
  amount: number;
  max: number;
  at: string;
}

export interface CounterKey {
  tenantId: string;
  userId: string;
  metric: string;
  period: string;
}

export interface Consumption extends CounterKey {
  idempotencyKey: string;
  amount: number;
  used: number;
  max: number;
  resetsAt: string | null;
  createdAt: string;
  releasedAt: string | null;
}

const counter = (db: Kysely<Database>, k: CounterKey) =>
  db
    .selectFrom('usageCounters')
    .where('tenantId', '=', k.tenantId)
    .where('userId', '=', k.userId)
    .where('metric', '=', k.metric)
    .where('period', '=', k.period);

export function usageRepository(db: Kysely<Database>) {
  return {
    async get(k: CounterKey): Promise<{ used: number; overLimitSince: string | null }> {
      const row = await counter(db, k).select(['count', 'overLimitSince']).executeTakeFirst();
      return { used: row ? Number(row.count) : 0, overLimitSince: row?.overLimitSince ?? null };
    },

    /** Every counter of a member that counts now: the held counts and this month's metered ones. */
    async ofMember(tenantId: string, userId: string, period: string) {
      const rows = await db
        .selectFrom('usageCounters')
        .select(['metric', 'count', 'overLimitSince'])
        .where('tenantId', '=', tenantId)
        .where('userId', '=', userId)
        .where('period', 'in', [HELD_PERIOD, period])
        .execute();
      return rows.map((r) => ({ metric: r.metric, used: Number(r.count), overLimitSince: r.overLimitSince }));
    },

    /**
     * Adds `amount` unless the counter would pass `max`, in ONE statement: an upsert whose update
     * only happens while the sum stays within the limit. Both SQLite and PostgreSQL apply it
     * atomically per row, so concurrent callers can never overshoot. Returns the new count, or
     * null when the use was refused.
     */
    async tryAdd(u: AddUsage): Promise<number | null> {
      if (u.amount > u.max) return null; // a first insert would already pass the limit
      const row = await db
        .insertInto('usageCounters')
        .values({ tenantId: u.tenantId, userId: u.userId, metric: u.metric, period: u.period, count: u.amount, updatedAt: u.at })
        .onConflict((oc) =>
          oc
            .columns(['tenantId', 'userId', 'metric', 'period'])
            .doUpdateSet((eb) => ({
              count: eb(eb.ref('usageCounters.count'), '+', eb.ref('excluded.count')),
              updatedAt: eb.ref('excluded.updatedAt'),
            }))
            .where(sql<boolean>`usage_counters.count + excluded.count <= ${u.max}`),
        )
        .returning('count')
        .executeTakeFirst();
      return row ? Number(row.count) : null;
    },

    /** Gives back `amount` of a held count (never below zero). Returns the new count. */
    async subtract(k: CounterKey, amount: number, at: string): Promise<number> {
      const row = await db
        .updateTable('usageCounters')
        .set((eb) => ({ count: sql<number>`CASE WHEN ${eb.ref('count')} > ${amount} THEN ${eb.ref('count')} - ${amount} ELSE 0 END`, updatedAt: at }))
        .where('tenantId', '=', k.tenantId)
        .where('userId', '=', k.userId)
        .where('metric', '=', k.metric)
        .where('period', '=', k.period)
        .returning('count')
        .executeTakeFirst();
      return row ? Number(row.count) : 0;
    },

    /**
     * Records when use was first seen above the limit (a downgrade or lapse lowered it), and clears
     * it once use is back within. Only writes when the state changes. Returns the stored value.
     */
    async noteOverLimit(k: CounterKey, over: boolean, at: string): Promise<string | null> {
      const q = db.updateTable('usageCounters').where('tenantId', '=', k.tenantId).where('userId', '=', k.userId)
        .where('metric', '=', k.metric).where('period', '=', k.period);
      if (!over) {
        await q.set({ overLimitSince: null }).where('overLimitSince', 'is not', null).execute();
        return null;
      }
      await q.set({ overLimitSince: at }).where('overLimitSince', 'is', null).execute();
      return (await counter(db, k).select('overLimitSince').executeTakeFirst())?.overLimitSince ?? at;
    },

    /** Claims an idempotency key for a use; false when the key was claimed before (by this or a concurrent call). */
    async claimKey(c: Consumption): Promise<boolean> {
      const row = await db
        .insertInto('entitlementConsumptions')
        .values(c)
        .onConflict((oc) => oc.columns(['tenantId', 'userId', 'idempotencyKey']).doNothing())
        .returning('idempotencyKey')
        .executeTakeFirst();
      return row !== undefined;
    },

    async consumption(tenantId: string, userId: string, idempotencyKey: string): Promise<Consumption | undefined> {
      return db
        .selectFrom('entitlementConsumptions')
        .selectAll()
        .where('tenantId', '=', tenantId)
        .where('userId', '=', userId)
        .where('idempotencyKey', '=', idempotencyKey)
        .executeTakeFirst();
    },

    async recordAnswer(tenantId: string, userId: string, idempotencyKey: string, used: number): Promise<void> {
      await db
        .updateTable('entitlementConsumptions')
        .set({ used })
        .where('tenantId', '=', tenantId)
        .where('userId', '=', userId)
        .where('idempotencyKey', '=', idempotencyKey)
        .execute();
    },

    /** Marks a use released once: true for the call that released it, false when it already was. */
    async markReleased(tenantId: string, userId: string, idempotencyKey: string, at: string): Promise<boolean> {
      const row = await db
        .updateTable('entitlementConsumptions')
        .set({ releasedAt: at })
        .where('tenantId', '=', tenantId)
        .where('userId', '=', userId)
        .where('idempotencyKey', '=', idempotencyKey)
        .where('releasedAt', 'is', null)
        .returning('idempotencyKey')
        .executeTakeFirst();
      return row !== undefined;
    },

    /**
     * Per package: how many of its current subscribers (access-granting subscription) are at or
     * over one of its limits, counting held counts and this month's metered use. A limit of 0 with
     * nothing used is not "at" it: that feature is simply not in the plan.
     */
    async atLimitByPackage(tenantId: string, period: string, accessStatuses: readonly string[]): Promise<Map<string, number>> {
      const rows = await sql<{ packageId: string; n: number | string }>`
        SELECT p.id AS package_id, COUNT(DISTINCT s.user_id) AS n
        FROM packages p
        JOIN subscriptions s ON s.tenant_id = p.tenant_id AND s.package_id = p.id AND s.status IN (${sql.join(accessStatuses)})
        JOIN usage_counters uc ON uc.tenant_id = p.tenant_id AND uc.user_id = s.user_id AND uc.period IN (${HELD_PERIOD}, ${period})
        WHERE p.tenant_id = ${tenantId} AND uc.count > 0 AND uc.count >= CASE uc.metric
          WHEN 'maxUsers' THEN p.max_users WHEN 'maxAiPosts' THEN p.max_ai_posts
          WHEN 'maxSocialAccounts' THEN p.max_social_accounts WHEN 'maxCampaigns' THEN p.max_campaigns END
        GROUP BY p.id`.execute(db);
      return new Map(rows.rows.map((r) => [r.packageId, Number(r.n)]));
    },
  };
}
export type UsageRepository = ReturnType<typeof usageRepository>;
