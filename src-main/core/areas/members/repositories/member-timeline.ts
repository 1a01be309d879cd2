import type { Kysely } from 'kysely';
import type { Database } from '@core/platform/db/schema';

// What members.get shows beside the membership itself: subscriptions and their history, groups,
// spaces, and the rows its activity timeline is merged from. Each source is read newest first and
// cut at `limit`, so a member with years of history costs the same as a new one.

export function memberTimelineRepository(db: Kysely<Database>) {
  return {
    async subscriptions(tenantId: string, userId: string) {
      // Read by user (a handful of rows) and kept to this tenant here: given the tenant as well,
      // SQLite without statistics walks the tenant's status index instead (170 ms at 1M members).
      const subs = (
        await db
          .selectFrom('subscriptions as s')
          .leftJoin('packages as p', 'p.id', 's.packageId')
          .select([
            's.id', 's.tenantId', 's.provider', 's.status', 's.packageId', 'p.name as packageName', 's.amountMinor', 's.currency',
            's.interval', 's.currentPeriodEnd', 's.cancelAtPeriodEnd', 's.startedAt', 's.canceledAt',
          ])
          .where('s.userId', '=', userId)
          .orderBy('s.startedAt', 'desc')
          .orderBy('s.id', 'desc')
          .execute()
      ).filter((s) => s.tenantId === tenantId);
      const events =
        subs.length === 0
          ? []
          : await db
              .selectFrom('subscriptionEvents')
              .select(['id', 'subscriptionId', 'kind', 'status', 'amountMinor', 'occurredAt'])
              .where('subscriptionId', 'in', subs.map((s) => s.id))
              .orderBy('occurredAt', 'asc')
              .orderBy('id', 'asc')
              .execute();
      return { subs, events };
    },

    groups(tenantId: string, userId: string) {
      return db
        .selectFrom('groupMembers as gm')
        .innerJoin('groups as g', 'g.id', 'gm.groupId')
        .select(['g.id', 'g.name', 'gm.addedAt'])
        .where('g.tenantId', '=', tenantId)
        .where('gm.userId', '=', userId)
        .orderBy('g.name')
        .execute();
    },

    spaces(tenantId: string, userId: string) {
      return db
        .selectFrom('spaceMembers as sm')
        .innerJoin('spaces as s', 's.id', 'sm.spaceId')
        .select(['s.id', 's.name', 's.type', 'sm.role', 'sm.joinedAt'])
        .where('s.tenantId', '=', tenantId)
        .where('sm.userId', '=', userId)
        .orderBy('s.name')
        .execute();
    },

    /** Audited changes to this member (audit_log target 'member', target id = user id). */
    audit(tenantId: string, userId: string, limit: number) {
      return db
        .selectFrom('auditLog')
        .select(['id', 'actorUserId', 'action', 'before', 'after', 'createdAt'])
        .where('tenantId', '=', tenantId)
        .where('targetType', '=', 'member')
        .where('targetId', '=', userId)
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    posts(tenantId: string, userId: string, limit: number) {
      return db
        .selectFrom('posts as p')
        .innerJoin('spaces as s', 's.id', 'p.spaceId')
        .select(['p.id', 'p.title', 'p.status', 'p.createdAt', 'p.publishedAt', 's.name as spaceName'])
        .where('p.tenantId', '=', tenantId)
        .where('p.authorId', '=', userId)
        .orderBy('p.createdAt', 'desc')
        .limit(limit)
        .execute();
    },

    comments(tenantId: string, userId: string, limit: number) {
      return db
        .selectFrom('comments as c')
        .innerJoin('posts as p', 'p.id', 'c.postId')
        .select(['c.id', 'c.content', 'c.createdAt', 'p.id as postId', 'p.title as postTitle'])
        .where('p.tenantId', '=', tenantId)
        .where('c.authorId', '=', userId)
        .orderBy('c.createdAt', 'desc')
        .limit(limit)
        .execute();
    },
  };
}
/** The campaigns a member got, newest first: the campaigns area's ledger, through a port (create-core). */
export type CampaignHistory = (
  tenantId: string,
  userId: string,
  limit: number,
) => Promise<{ id: string; campaignId: string; subject: string; status: string; sentAt: string | null; campaignSentAt: string | null; createdAt: string }[]>;

export type MemberTimelineRepository = ReturnType<typeof memberTimelineRepository> & { campaigns: CampaignHistory };
