import { type ExpressionBuilder, type Kysely } from 'kysely';
import type { Role, SpaceRole, SpaceType } from '@shared/domain';
import type { Database } from '../../platform/db/schema';
import { DomainError, forbidden } from '../../platform/errors';

/** Who is acting: a signed-in person in one tenant, with their tenant role. */
export interface Actor {
  tenantId: string;
  userId: string;
  role: Role;
}

export type ModeratingAs = 'admin' | 'moderator';

export const spaceNotFound = (spaceId: string, field = 'spaceId') =>
  new DomainError('NOT_FOUND', `${field}: space ${spaceId} was not found`, { field });

/**
 * The spaces a person can see, as a where-clause on `spaces as s`: visible to everyone, or to
 * members of one of its chosen groups (space_groups, or the older single spaces.group_id), or the
 * person is listed in the space. (ADMINs see every
 * space; callers check that first.)
 */
export function visibleTo(userId: string) {
  return (eb: ExpressionBuilder<Database & { s: Database['spaces'] }, 's'>) =>
    eb.or([
      eb.and([eb('s.visibility', '=', 'everyone'), eb('s.groupId', 'is', null)]),
      // spaces.group_id (one group, from before space_groups; still written by imports and the seed) counts as a chosen group.
      eb.exists(eb.selectFrom('groupMembers as g1').select('g1.groupId').whereRef('g1.groupId', '=', 's.groupId').where('g1.userId', '=', userId)),
      eb.exists(
        eb
          .selectFrom('spaceGroups as sg')
          .innerJoin('groupMembers as gm', 'gm.groupId', 'sg.groupId')
          .select('sg.spaceId')
          .whereRef('sg.spaceId', '=', 's.id')
          .where('gm.userId', '=', userId),
      ),
      eb.exists(eb.selectFrom('spaceMembers as sm').select('sm.spaceId').whereRef('sm.spaceId', '=', 's.id').where('sm.userId', '=', userId)),
    ]);
}

export interface AccessibleSpace {
  id: string;
  tenantId: string;
  name: string;
  type: SpaceType;
  description: string | null;
  archivedAt: string | null;
}

/**
 * Access rules of the community area, in one place:
 * - a space is seen by ADMINs always, and by others when it is not archived and visible to them;
 * - `moderating` answers "moderator of this space, or ADMIN of its community" (the rule for
 *   moderation, pinning and acting on others' posts). A tenant MODERATOR is not a tenant ADMIN:
 *   tRPC's tenantAdminProcedure cannot express this, so member-level procedures call it.
 */
export function spaceAccess(db: Kysely<Database>) {
  async function spaceOfTenant(tenantId: string, spaceId: string) {
    return db
      .selectFrom('spaces as s')
      .select(['s.id', 's.tenantId', 's.name', 's.type', 's.description', 's.archivedAt'])
      .where('s.id', '=', spaceId)
      .where('s.tenantId', '=', tenantId)
      .executeTakeFirst();
  }

  async function roleIn(spaceId: string, userId: string): Promise<SpaceRole | null> {
    const row = await db.selectFrom('spaceMembers').select('role').where('spaceId', '=', spaceId).where('userId', '=', userId).executeTakeFirst();
    return row?.role ?? null;
  }

  return {
    roleIn,

    /** The space, when the actor may see it; NOT_FOUND otherwise (another tenant's space looks like none). */
    async requireVisible(actor: Actor, spaceId: string, field = 'spaceId'): Promise<AccessibleSpace> {
      const space = await spaceOfTenant(actor.tenantId, spaceId);
      if (!space) throw spaceNotFound(spaceId, field);
      if (actor.role === 'ADMIN') return space;
      if (space.archivedAt) throw spaceNotFound(spaceId, field);
      const visible = await db
        .selectFrom('spaces as s')
        .select('s.id')
        .where('s.id', '=', spaceId)
        .where(visibleTo(actor.userId))
        .executeTakeFirst();
      if (!visible) throw spaceNotFound(spaceId, field);
      return space;
    },

    /** 'admin' or 'moderator' when the actor moderates this space, else null (the space must be the tenant's). */
    async moderatingAs(actor: Actor, spaceId: string): Promise<ModeratingAs | null> {
      if (!(await spaceOfTenant(actor.tenantId, spaceId))) throw spaceNotFound(spaceId);
      if (actor.role === 'ADMIN') return 'admin';
      return (await roleIn(spaceId, actor.userId)) === 'MODERATOR' ? 'moderator' : null;
    },

    /** Like moderatingAs, but refuses (FORBIDDEN) anyone who is neither a moderator of the space nor an ADMIN. */
    async requireModerator(actor: Actor, spaceId: string): Promise<ModeratingAs> {
      const as = await this.moderatingAs(actor, spaceId);
      if (!as) throw forbidden('only a moderator of this space or an ADMIN of the community may do this');
      return as;
    },

    /** Spaces the actor moderates (every space of the tenant for an ADMIN). */
    async moderatedSpaceIds(actor: Actor): Promise<string[]> {
      if (actor.role === 'ADMIN') {
        return (await db.selectFrom('spaces').select('id').where('tenantId', '=', actor.tenantId).execute()).map((r) => r.id);
      }
      const rows = await db
        .selectFrom('spaceMembers as sm')
        .innerJoin('spaces as s', 's.id', 'sm.spaceId')
        .select('s.id')
        .where('s.tenantId', '=', actor.tenantId)
        .where('sm.userId', '=', actor.userId)
        .where('sm.role', '=', 'MODERATOR')
        .execute();
      return rows.map((r) => r.id);
    },
  };
}
export type SpaceAccess = ReturnType<typeof spaceAccess>;
