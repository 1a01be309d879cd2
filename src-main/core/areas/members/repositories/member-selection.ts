import type { Kysely } from 'kysely';
import type { MemberFilter } from '@shared/schemas/members';
import type { Dialect } from '@core/platform/db/connect';
import type { Database } from '@core/platform/db/schema';
import { memberWhere } from './member-filters';
import { memberRecords } from './member-records';

// "These members" for bulk actions and exports: a list of user ids (any status, so that a bulk
// action can say which ones are not members), or every active member matching the members list's
// filter (member-filters.ts: the same SQL, so "select all N matching" means the same N). Walked
// with a keyset cursor (memberships_tenant_id_idx for a filter), so each batch is one short
// indexed read however deep.

/** A target with its segment resolved: the filters are frozen when a bulk action starts. */
export type ResolvedTarget = { userIds: string[] } | { filters: readonly MemberFilter[] };

export interface SelectionBatch {
  rows: { id: string; userId: string }[];
  next: string | null;
}

export function memberSelection(db: Kysely<Database>, dialect: Dialect) {
  /** `now` decides the comped tier (complimentary access may have ended). */
  function matching(tenantId: string, target: ResolvedTarget, now: string) {
    const q = db.selectFrom('memberships as m').where('m.tenantId', '=', tenantId);
    if ('userIds' in target) return q.where('m.userId', 'in', target.userIds);
    return q.where(memberWhere({ tenantId, filters: target.filters, now }, dialect));
  }

  return {
    async count(tenantId: string, target: ResolvedTarget, now: string): Promise<number> {
      const row = await matching(tenantId, target, now).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /**
     * The next `limit` matching memberships after the cursor, and the cursor to continue from
     * (null when nothing can follow). A filter is walked in membership-id order; a selection in
     * user-id order, one slice of the (sorted) ids at a time, looked up by (tenant, user).
     */
    async batch(tenantId: string, target: ResolvedTarget, after: string | null, limit: number, now: string): Promise<SelectionBatch> {
      if ('userIds' in target) {
        const remaining = [...new Set(target.userIds)].sort().filter((id) => after === null || id > after);
        const slice = remaining.slice(0, limit);
        const rows = (await memberRecords(db, dialect).byUsers(tenantId, slice)).sort((a, b) => (a.userId < b.userId ? -1 : 1));
        return { rows: rows.map(({ id, userId }) => ({ id, userId })), next: remaining.length > limit ? slice[slice.length - 1]! : null };
      }
      let q = matching(tenantId, target, now).select(['m.id', 'm.userId']);
      if (after) q = q.where('m.id', '>', after);
      const rows = await q.orderBy('m.id').limit(limit).execute();
      return { rows, next: rows.length < limit ? null : rows[rows.length - 1]!.id };
    },

    /** Selected user ids that have no membership here at all. */
    async unknownUserIds(tenantId: string, userIds: string[]): Promise<string[]> {
      const found = new Set((await memberRecords(db, dialect).byUsers(tenantId, userIds)).map((m) => m.userId));
      return [...new Set(userIds)].filter((id) => !found.has(id));
    },
  };
}
export type MemberSelection = ReturnType<typeof memberSelection>;
