import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * Where the tenant keeps its connected social accounts until an integration owns them: a tenant
 * setting holding a JSON array with one entry per connected account (e.g.
 * `[{"platform":"x","handle":"@acme"}]`). maxSocialAccounts counts its entries.
 */
export const SOCIAL_ACCOUNTS_SETTING = 'social.connected_accounts';

/** Campaign statuses that no longer occupy a maxCampaigns slot. */
const FINISHED_CAMPAIGN_STATUSES = ['sent', 'canceled'] as const;

export interface AddUsage {
  tenantId: string;
  userId: string;
  metric: string;
  period: string;
  amount: number;
  max: number;
  at: string;
}

export function usageRepository(db: Kysely<Database>) {
  return {
    async get(tenantId: string, userId: string, metric: string, period: string): Promise<number> {
      const row = await db
        .selectFrom('usageCounters')
        .select('count')
        .where('tenantId', '=', tenantId)
        .where('userId', '=', userId)
        .where('metric', '=', metric)
        .where('period', '=', period)
        .executeTakeFirst();
      return row ? Number(row.count) : 0;
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

    /** maxUsers: the tenant's team, i.e. its active ADMIN memberships. */
    async countSeats(tenantId: string): Promise<number> {
      const row = await db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenantId', '=', tenantId)
        .where('role', '=', 'ADMIN')
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** maxCampaigns: campaigns not yet finished (drafts, scheduled, sending, failed). */
    async countOpenCampaigns(tenantId: string): Promise<number> {
      const row = await db
        .selectFrom('campaigns')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenantId', '=', tenantId)
        .where('status', 'not in', FINISHED_CAMPAIGN_STATUSES)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** maxSocialAccounts: entries of the tenant's SOCIAL_ACCOUNTS_SETTING; a garbled value counts as none. */
    async countSocialAccounts(tenantId: string): Promise<number> {
      const row = await db
        .selectFrom('settings')
        .select('value')
        .where('scope', '=', tenantId)
        .where('key', '=', SOCIAL_ACCOUNTS_SETTING)
        .executeTakeFirst();
      if (!row) return 0;
      try {
        const value: unknown = JSON.parse(row.value);
        return Array.isArray(value) ? value.length : 0;
      } catch {
        return 0;
      }
    },
  };
}
export type UsageRepository = ReturnType<typeof usageRepository>;
