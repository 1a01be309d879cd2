import type { Kysely } from 'kysely';
import type { SpaceRole, SpaceType } from '@shared/domain';
import {
  createSpaceInput,
  reorderSpacesInput,
  setSpaceMemberRoleInput,
  updateSpaceInput,
  type CreateSpaceInput,
  type MySpace,
  type SetSpaceMemberRoleInput,
  type SpaceDetails,
  type SpaceMemberRow,
  type SpaceVisibility,
  type UpdateSpaceInput,
} from '@shared/schemas/community';
import type { AreaPlatform } from '../area';
import { auditRepository } from '../../platform/audit';
import type { Database } from '../../platform/db/schema';
import { conflict, DomainError, invalid } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { spaceNotFound, visibleTo, type Actor, type SpaceAccess } from './space-access';

/** Spaces of a community: the six types, their order, who sees them, members and moderators. */
export function spaceService(platform: Pick<AreaPlatform, 'db' | 'clock' | 'events' | 'push'>, access: SpaceAccess) {
  const { db, clock, events, push } = platform;

  async function requireTenantSpace(trx: Kysely<Database>, tenantId: string, spaceId: string) {
    const space = await trx.selectFrom('spaces').selectAll().where('id', '=', spaceId).where('tenantId', '=', tenantId).executeTakeFirst();
    if (!space) throw spaceNotFound(spaceId);
    return space;
  }

  async function assertGroups(trx: Kysely<Database>, tenantId: string, groupIds: string[]) {
    if (groupIds.length === 0) return;
    const found = new Set(
      (await trx.selectFrom('groups').select('id').where('tenantId', '=', tenantId).where('id', 'in', groupIds).execute()).map((g) => g.id),
    );
    const missing = groupIds.find((g) => !found.has(g));
    if (missing) throw new DomainError('NOT_FOUND', `groupIds: group ${missing} is not a group of this community`, { field: 'groupIds' });
  }

  async function assertNameFree(trx: Kysely<Database>, tenantId: string, name: string, exceptId?: string) {
    const rows = await trx.selectFrom('spaces').select(['id', 'name']).where('tenantId', '=', tenantId).where('archivedAt', 'is', null).execute();
    const taken = rows.find((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase());
    if (taken) throw conflict(`name: a space named "${taken.name}" already exists`, 'name');
  }

  function checkVisibility(visibility: SpaceVisibility, groupIds: string[]) {
    if (visibility === 'groups' && groupIds.length === 0) throw invalid('groupIds', 'choose at least one group who can see the space');
  }

  async function setGroups(trx: Kysely<Database>, spaceId: string, groupIds: string[]) {
    await trx.deleteFrom('spaceGroups').where('spaceId', '=', spaceId).execute();
    if (groupIds.length) await trx.insertInto('spaceGroups').values([...new Set(groupIds)].map((groupId) => ({ spaceId, groupId }))).execute();
  }

  async function audit(trx: Kysely<Database>, actor: Actor, action: string, spaceId: string, before: unknown, after: unknown) {
    await auditRepository(trx).record({ tenantId: actor.tenantId, actorUserId: actor.userId, action, targetType: 'space', targetId: spaceId, before, after, at: clock.nowIso() });
  }

  async function details(tenantId: string, onlyId?: string): Promise<SpaceDetails[]> {
    let q = db
      .selectFrom('spaces as s')
      .select((eb) => [
        's.id',
        's.name',
        's.type',
        's.description',
        's.visibility',
        's.position',
        's.archivedAt',
        's.groupId',
        eb.selectFrom('spaceMembers as sm').select((e) => e.fn.countAll<number>().as('c')).whereRef('sm.spaceId', '=', 's.id').as('memberCount'),
        eb
          .selectFrom('spaceMembers as sm')
          .select((e) => e.fn.countAll<number>().as('c'))
          .whereRef('sm.spaceId', '=', 's.id')
          .where('sm.role', '=', 'MODERATOR')
          .as('moderatorCount'),
        eb.selectFrom('posts as p').select((e) => e.fn.countAll<number>().as('c')).whereRef('p.spaceId', '=', 's.id').where('p.status', '!=', 'ARCHIVED').as('postCount'),
        eb
          .selectFrom('contentReports as r')
          .select((e) => e.fn.countAll<number>().as('c'))
          .whereRef('r.spaceId', '=', 's.id')
          .where('r.status', '=', 'open')
          .as('openReports'),
      ])
      .where('s.tenantId', '=', tenantId);
    if (onlyId) q = q.where('s.id', '=', onlyId);
    const rows = await q.execute();
    const groups = rows.length
      ? await db.selectFrom('spaceGroups').select(['spaceId', 'groupId']).where('spaceId', 'in', rows.map((r) => r.id)).execute()
      : [];
    return rows
      .map((r) => ({
        id: r.id,
        name: r.name,
        type: r.type,
        description: r.description,
        visibility: (r.groupId ? 'groups' : r.visibility) as SpaceVisibility,
        groupIds: [...new Set([...groups.filter((g) => g.spaceId === r.id).map((g) => g.groupId), ...(r.groupId ? [r.groupId] : [])])].sort(),
        position: Number(r.position),
        archivedAt: r.archivedAt,
        memberCount: Number(r.memberCount ?? 0),
        moderatorCount: Number(r.moderatorCount ?? 0),
        postCount: Number(r.postCount ?? 0),
        openReports: Number(r.openReports ?? 0),
      }))
      .sort((a, b) => Number(a.archivedAt !== null) - Number(b.archivedAt !== null) || a.position - b.position || a.name.localeCompare(b.name, 'en-US'));
  }

  async function one(tenantId: string, spaceId: string): Promise<SpaceDetails> {
    const [space] = await details(tenantId, spaceId);
    if (!space) throw spaceNotFound(spaceId);
    return space;
  }

  return {
    /** Every space of the tenant (archived last), in the owner's order, with sizes and open reports. */
    overview: (tenantId: string) => details(tenantId),

    async create(actor: Actor, raw: CreateSpaceInput): Promise<SpaceDetails> {
      const input = createSpaceInput.parse(raw);
      const groupIds = input.visibility === 'groups' ? input.groupIds : [];
      checkVisibility(input.visibility, groupIds);
      const id = newId('space');
      await db.transaction().execute(async (trx) => {
        await assertGroups(trx, actor.tenantId, groupIds);
        await assertNameFree(trx, actor.tenantId, input.name);
        const last = await trx.selectFrom('spaces').select((eb) => eb.fn.max('position').as('p')).where('tenantId', '=', actor.tenantId).executeTakeFirst();
        const now = clock.nowIso();
        await trx
          .insertInto('spaces')
          .values({
            id,
            tenantId: actor.tenantId,
            groupId: groupIds[0] ?? null,
            name: input.name,
            type: input.type,
            description: input.description || null,
            visibility: input.visibility,
            position: Number(last?.p ?? 0) + 1,
            archivedAt: null,
            createdAt: now,
            updatedAt: now,
          })
          .execute();
        await setGroups(trx, id, groupIds);
        await audit(trx, actor, 'space.created', id, undefined, { name: input.name, type: input.type, visibility: input.visibility, groupIds });
      });
      push.changed(actor.tenantId, 'community', id);
      return one(actor.tenantId, id);
    },

    async update(actor: Actor, raw: UpdateSpaceInput): Promise<SpaceDetails> {
      const input = updateSpaceInput.parse(raw);
      await db.transaction().execute(async (trx) => {
        const space = await requireTenantSpace(trx, actor.tenantId, input.spaceId);
        const chosen = (await trx.selectFrom('spaceGroups').select('groupId').where('spaceId', '=', space.id).execute()).map((g) => g.groupId);
        const currentGroups = [...new Set([...chosen, ...(space.groupId ? [space.groupId] : [])])];
        const visibility = input.visibility ?? (space.groupId ? 'groups' : (space.visibility as SpaceVisibility));
        const groupIds = visibility === 'everyone' ? [] : (input.groupIds ?? currentGroups);
        checkVisibility(visibility, groupIds);
        await assertGroups(trx, actor.tenantId, groupIds);
        if (input.name !== undefined) await assertNameFree(trx, actor.tenantId, input.name, space.id);
        await trx
          .updateTable('spaces')
          .set({
            ...(input.name !== undefined && { name: input.name }),
            ...(input.description !== undefined && { description: input.description || null }),
            visibility,
            groupId: groupIds[0] ?? null,
            updatedAt: clock.nowIso(),
          })
          .where('id', '=', space.id)
          .execute();
        await setGroups(trx, space.id, groupIds);
        await audit(
          trx,
          actor,
          'space.updated',
          space.id,
          { name: space.name, description: space.description, visibility: space.visibility, groupIds: currentGroups },
          { name: input.name ?? space.name, description: input.description === undefined ? space.description : input.description || null, visibility, groupIds },
        );
      });
      push.changed(actor.tenantId, 'community', input.spaceId);
      return one(actor.tenantId, input.spaceId);
    },

    /** Puts the named spaces first, in that order; the others keep their order after them. */
    async reorder(actor: Actor, raw: { spaceIds: string[] }): Promise<SpaceDetails[]> {
      const input = reorderSpacesInput.parse(raw);
      if (new Set(input.spaceIds).size !== input.spaceIds.length) throw invalid('spaceIds', 'names a space twice');
      await db.transaction().execute(async (trx) => {
        const rows = await trx.selectFrom('spaces').select(['id', 'position', 'name']).where('tenantId', '=', actor.tenantId).execute();
        const known = new Set(rows.map((r) => r.id));
        const unknown = input.spaceIds.find((id) => !known.has(id));
        if (unknown) throw spaceNotFound(unknown, 'spaceIds');
        const rest = rows
          .filter((r) => !input.spaceIds.includes(r.id))
          .sort((a, b) => Number(a.position) - Number(b.position) || a.name.localeCompare(b.name, 'en-US'))
          .map((r) => r.id);
        const order = [...input.spaceIds, ...rest];
        for (const [i, id] of order.entries()) await trx.updateTable('spaces').set({ position: i + 1 }).where('id', '=', id).execute();
        await auditRepository(trx).record({ tenantId: actor.tenantId, actorUserId: actor.userId, action: 'space.reordered', targetType: 'space', targetId: null, after: order, at: clock.nowIso() });
      });
      push.changed(actor.tenantId, 'community');
      return details(actor.tenantId);
    },

    async setArchived(actor: Actor, spaceId: string, archived: boolean): Promise<SpaceDetails> {
      await db.transaction().execute(async (trx) => {
        const space = await requireTenantSpace(trx, actor.tenantId, spaceId);
        if (!archived) await assertNameFree(trx, actor.tenantId, space.name, space.id);
        const now = clock.nowIso();
        await trx.updateTable('spaces').set({ archivedAt: archived ? (space.archivedAt ?? now) : null, updatedAt: now }).where('id', '=', space.id).execute();
        await audit(trx, actor, archived ? 'space.archived' : 'space.restored', space.id, { archivedAt: space.archivedAt }, { archivedAt: archived ? (space.archivedAt ?? now) : null });
      });
      push.changed(actor.tenantId, 'community', spaceId);
      return one(actor.tenantId, spaceId);
    },

    async members(tenantId: string, spaceId: string): Promise<SpaceMemberRow[]> {
      await requireTenantSpace(db, tenantId, spaceId);
      const rows = await db
        .selectFrom('spaceMembers as sm')
        .innerJoin('users as u', 'u.id', 'sm.userId')
        .select(['sm.userId', 'u.name', 'u.email', 'sm.role', 'sm.joinedAt'])
        .where('sm.spaceId', '=', spaceId)
        .orderBy('sm.role', 'desc')
        .orderBy('u.name')
        .execute();
      return rows;
    },

    /** Adds, changes or (role null) removes a member of a space; publishes space.role_changed when it changed. */
    async setMemberRole(actor: Actor, raw: SetSpaceMemberRoleInput): Promise<{ from: SpaceRole | null; to: SpaceRole | null }> {
      const input = setSpaceMemberRoleInput.parse(raw);
      const result = await db.transaction().execute(async (trx) => {
        await requireTenantSpace(trx, actor.tenantId, input.spaceId);
        const member = await trx
          .selectFrom('memberships')
          .select('userId')
          .where('tenantId', '=', actor.tenantId)
          .where('userId', '=', input.userId)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (!member) throw new DomainError('NOT_FOUND', `userId: ${input.userId} is not a member of this community`, { field: 'userId' });
        const current = await trx.selectFrom('spaceMembers').select('role').where('spaceId', '=', input.spaceId).where('userId', '=', input.userId).executeTakeFirst();
        const from = current?.role ?? null;
        const to = input.role;
        if (from === to) return { from, to };
        if (to === null) {
          await trx.deleteFrom('spaceMembers').where('spaceId', '=', input.spaceId).where('userId', '=', input.userId).execute();
        } else if (from === null) {
          await trx.insertInto('spaceMembers').values({ spaceId: input.spaceId, userId: input.userId, role: to, joinedAt: clock.nowIso() }).execute();
        } else {
          await trx.updateTable('spaceMembers').set({ role: to }).where('spaceId', '=', input.spaceId).where('userId', '=', input.userId).execute();
        }
        await auditRepository(trx).record({
          tenantId: actor.tenantId,
          actorUserId: actor.userId,
          action: 'space.role_changed',
          targetType: 'space_member',
          targetId: `${input.spaceId}:${input.userId}`,
          before: { role: from },
          after: { role: to },
          at: clock.nowIso(),
        });
        await events.publish(trx, { type: 'space.role_changed', tenantId: actor.tenantId, data: { spaceId: input.spaceId, userId: input.userId, from, to } });
        return { from, to };
      });
      push.changed(actor.tenantId, 'community', input.spaceId);
      return result;
    },

    /** One space the actor can see, with their role in it. */
    async get(actor: Actor, spaceId: string): Promise<MySpace & { archivedAt: string | null }> {
      const space = await access.requireVisible(actor, spaceId);
      const myRole = await access.roleIn(spaceId, actor.userId);
      return { id: space.id, name: space.name, type: space.type, description: space.description, archivedAt: space.archivedAt, myRole, canModerate: actor.role === 'ADMIN' || myRole === 'MODERATOR' };
    },

    /** The spaces the actor can see (every non-archived one for an ADMIN), in the owner's order. */
    async mine(actor: Actor): Promise<MySpace[]> {
      const rows = await spacesOf(db, actor.tenantId, actor.userId, actor.role === 'ADMIN');
      return rows.map((r) => ({ id: r.spaceId, name: r.name, type: r.type, description: r.description, myRole: r.role, canModerate: actor.role === 'ADMIN' || r.role === 'MODERATOR' }));
    },
  };
}
export type SpaceService = ReturnType<typeof spaceService>;

export interface MemberSpace {
  spaceId: string;
  name: string;
  type: SpaceType;
  description: string | null;
  role: SpaceRole | null;
  canPost: boolean;
}

/** The non-archived spaces a person can see in a tenant (all of them for an ADMIN), in order. */
export async function spacesOf(db: Kysely<Database>, tenantId: string, userId: string, isAdmin: boolean): Promise<MemberSpace[]> {
  let q = db
    .selectFrom('spaces as s')
    .leftJoin('spaceMembers as me', (j) => j.onRef('me.spaceId', '=', 's.id').on('me.userId', '=', userId))
    .select(['s.id', 's.name', 's.type', 's.description', 'me.role'])
    .where('s.tenantId', '=', tenantId)
    .where('s.archivedAt', 'is', null);
  if (!isAdmin) q = q.where(visibleTo(userId));
  const rows = await q.orderBy('s.position').orderBy('s.name').execute();
  return rows.map((r) => ({ spaceId: r.id, name: r.name, type: r.type, description: r.description, role: r.role ?? null, canPost: true }));
}
