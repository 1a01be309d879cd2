import { sql, type Kysely } from 'kysely';
import type { Dialect } from '@core/platform/db/connect';
import type { Database, Membership, User } from '@core/platform/db/schema';

// The reads and writes behind single member changes, scoped to one tenant. Every function runs
// on the caller's transaction.

const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Tenant locks taken per transaction (a Kysely transaction object lives as long as it does). */
const heldLocks = new WeakMap<Kysely<Database>, Set<string>>();

export function memberRecords(db: Kysely<Database>, dialect: Dialect) {
  return {
    /**
     * Serialises changes that could leave a tenant without an ADMIN. PostgreSQL: a row lock on the
     * tenant, so a concurrent demotion waits and then counts the admins the first one left.
     * SQLite: a no-op write that takes the database's write lock at once, so another connection
     * waits (busy_timeout) instead of failing later on a stale snapshot.
     */
    async lockTenant(tenantId: string): Promise<void> {
      // A lock lasts until the transaction ends: a bulk batch takes it once, not once per member.
      const held = db.isTransaction ? (heldLocks.get(db) ?? new Set<string>()) : undefined;
      if (held?.has(tenantId)) return;
      if (dialect === 'postgres') {
        await db.selectFrom('tenants').select('id').where('id', '=', tenantId).forUpdate().execute();
      } else {
        await db.updateTable('tenants').set({ updatedAt: sql`updated_at` }).where('id', '=', tenantId).execute();
      }
      if (held) heldLocks.set(db, held.add(tenantId));
    },

    membership(tenantId: string, userId: string): Promise<Membership | undefined> {
      return db.selectFrom('memberships').selectAll().where('tenantId', '=', tenantId).where('userId', '=', userId).executeTakeFirst();
    },

    user(userId: string): Promise<User | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    },

    /**
     * Active ADMINs of the tenant, from member_counts (kept exact by triggers in the same
     * transaction): counting memberships would scan the tenant, as SQLite plans it.
     */
    async activeAdmins(tenantId: string): Promise<number> {
      const row = await db
        .selectFrom('memberCounts')
        .select((eb) => eb.fn.sum<number | string | null>('n').as('n'))
        .where('tenantId', '=', tenantId)
        .where('role', '=', 'ADMIN')
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /**
     * Memberships of these users here, in any status. Looked up by user (memberships_user_idx)
     * and kept to this tenant afterwards: with tenant_id in the query, SQLite would rather scan a
     * covering index of the whole tenant.
     */
    async byUsers(tenantId: string, userIds: readonly string[]) {
      const out: { id: string; userId: string; status: Membership['status'] }[] = [];
      for (const part of chunks(userIds)) {
        const rows = await db.selectFrom('memberships').select(['id', 'tenantId', 'userId', 'status']).where('userId', 'in', part).execute();
        for (const r of rows) if (r.tenantId === tenantId) out.push({ id: r.id, userId: r.userId, status: r.status });
      }
      return out;
    },

    /** Every membership of a person, in any tenant and status (erasure decides what is shared). */
    allMemberships(userId: string): Promise<Membership[]> {
      return db.selectFrom('memberships').selectAll().where('userId', '=', userId).orderBy('tenantId').execute();
    },

    /**
     * Which of these users have a membership (any status) in a tenant other than this one: their
     * name and email are shown there too, so this tenant alone may not change them.
     */
    async sharedWithOtherTenants(tenantId: string, userIds: readonly string[]): Promise<Set<string>> {
      const shared = new Set<string>();
      for (const part of chunks(userIds)) {
        const rows = await db.selectFrom('memberships').select(['userId', 'tenantId']).where('userId', 'in', part).execute();
        for (const r of rows) if (r.tenantId !== tenantId) shared.add(r.userId);
      }
      return shared;
    },

    group(tenantId: string, groupId: string) {
      return db.selectFrom('groups').select(['id', 'name']).where('tenantId', '=', tenantId).where('id', '=', groupId).executeTakeFirst();
    },

    space(tenantId: string, spaceId: string) {
      return db.selectFrom('spaces').select(['id', 'name']).where('tenantId', '=', tenantId).where('id', '=', spaceId).executeTakeFirst();
    },

    async isInGroup(groupId: string, userId: string): Promise<boolean> {
      const row = await db.selectFrom('groupMembers').select('groupId').where('groupId', '=', groupId).where('userId', '=', userId).executeTakeFirst();
      return !!row;
    },

    async addToGroups(rows: { groupId: string; userId: string; addedAt: string }[]): Promise<void> {
      for (const part of chunks(rows)) {
        await db.insertInto('groupMembers').values(part).onConflict((oc) => oc.columns(['groupId', 'userId']).doNothing()).execute();
      }
    },

    async removeFromGroup(groupId: string, userId: string): Promise<void> {
      await db.deleteFrom('groupMembers').where('groupId', '=', groupId).where('userId', '=', userId).execute();
    },

    spaceMembership(spaceId: string, userId: string) {
      return db.selectFrom('spaceMembers').select(['role']).where('spaceId', '=', spaceId).where('userId', '=', userId).executeTakeFirst();
    },

    /** The member's groups and space roles in this tenant (what removal takes away). */
    async placesOf(tenantId: string, userId: string) {
      const groups = await db
        .selectFrom('groupMembers as gm')
        .innerJoin('groups as g', 'g.id', 'gm.groupId')
        .select('g.id')
        .where('g.tenantId', '=', tenantId)
        .where('gm.userId', '=', userId)
        .orderBy('g.id')
        .execute();
      const spaces = await db
        .selectFrom('spaceMembers as sm')
        .innerJoin('spaces as s', 's.id', 'sm.spaceId')
        .select(['s.id as spaceId', 'sm.role'])
        .where('s.tenantId', '=', tenantId)
        .where('sm.userId', '=', userId)
        .orderBy('s.id')
        .execute();
      return { groupIds: groups.map((g) => g.id), spaces };
    },

    async dropPlaces(tenantId: string, userId: string): Promise<void> {
      await db
        .deleteFrom('groupMembers')
        .where('userId', '=', userId)
        .where('groupId', 'in', (eb) => eb.selectFrom('groups').select('id').where('tenantId', '=', tenantId))
        .execute();
      await db
        .deleteFrom('spaceMembers')
        .where('userId', '=', userId)
        .where('spaceId', 'in', (eb) => eb.selectFrom('spaces').select('id').where('tenantId', '=', tenantId))
        .execute();
    },
  };
}
export type MemberRecords = ReturnType<typeof memberRecords>;
