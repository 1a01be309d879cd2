import type { Kysely } from 'kysely';
import type { Role, SpaceRole } from '@shared/domain';
import { isCompedAt } from '@shared/member-tier';
import type { MemberFilter } from '@shared/schemas/members';
import type {
  CompChangeResult,
  MemberChangeResult,
  RoleChangeResult,
  SpaceRoleChangeResult,
} from '@shared/schemas/member-changes';
import type { Clock } from '../../platform/clock';
import type { Dialect } from '../../platform/db/connect';
import type { Database, Membership } from '../../platform/db/schema';
import { conflict, DomainError, invalid } from '../../platform/errors';
import type { EventBus } from '../../platform/events';
import { auditRepository } from '../../platform/audit';
import type { MemberCriteria } from './repositories/member-filters';
import { memberRecords } from './repositories/member-records';
import { tokensRepository } from '../identity/repositories/tokens';
import { eraseEverywhere, eraseInTenant } from './member-erasure';

/** The members list's entry point for "everything matching": a filter and/or a segment, checked. */
export type CriteriaFor = (tenantId: string, input: { filter?: MemberFilter; segmentId?: string }) => Promise<MemberCriteria>;

/** Who changes what where: the tenant and the acting user (null for the system, e.g. an invitee). */
export interface Actor {
  tenantId: string;
  actorUserId: string | null;
}

export interface MemberChangeDeps {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  events: EventBus;
  /** The console owner: demoting, removing or erasing them would lock the console out. */
  consoleOwnerId: () => Promise<string>;
}

type Trx = Kysely<Database>;

const memberNotFound = (userId: string) =>
  new DomainError('NOT_FOUND', `userId: ${userId} is not a member of this community`, { field: 'userId' });

/** The membership in any status, or NOT_FOUND naming userId. */
export async function requireMember(trx: Trx, dialect: Dialect, tenantId: string, userId: string): Promise<Membership> {
  const m = await memberRecords(trx, dialect).membership(tenantId, userId);
  if (!m) throw memberNotFound(userId);
  return m;
}

/** The active membership, or NOT_FOUND naming userId (a removed member cannot be changed). */
export async function requireActiveMember(trx: Trx, dialect: Dialect, tenantId: string, userId: string): Promise<Membership> {
  const m = await requireMember(trx, dialect, tenantId, userId);
  if (m.status !== 'active') {
    throw new DomainError('NOT_FOUND', `userId: ${userId} is no longer a member of this community (removed)`, { field: 'userId' });
  }
  return m;
}

/**
 * Refuses a change that would leave the tenant without an active ADMIN; `userId` is an active
 * ADMIN about to stop being one. Lock the tenant first.
 */
export async function assertAnotherAdmin(trx: Trx, dialect: Dialect, tenantId: string, userId: string, what: string): Promise<void> {
  if ((await memberRecords(trx, dialect).activeAdmins(tenantId)) <= 1) {
    throw conflict(`userId: ${userId} is the last ADMIN of this community and cannot be ${what}; make someone else an ADMIN first`, 'userId');
  }
}

/** The shared comped rule (member-tier.ts) over a membership row (is_comped is 0/1 there). */
export function isEffectivelyComped(m: Pick<Membership, 'isComped' | 'compedUntil'>, nowIso: string): boolean {
  return isCompedAt({ isComped: m.isComped === 1, compedUntil: m.compedUntil }, nowIso);
}

/**
 * The single changes, each taking the caller's transaction so that a bulk job can apply the same
 * rules to a whole batch in one transaction. Every check happens before the first write, so a
 * refused change (a DomainError) leaves the transaction untouched and the batch can go on.
 */
export function memberChangeOps(deps: MemberChangeDeps) {
  const { dialect, clock, events } = deps;

  async function record(trx: Trx, actor: Actor, action: string, userId: string, before: unknown, after: unknown) {
    await auditRepository(trx).record({
      tenantId: actor.tenantId,
      actorUserId: actor.actorUserId,
      action,
      targetType: 'member',
      targetId: userId,
      // null means "nothing" (e.g. no group before it was added): stored as no value at all.
      before: before ?? undefined,
      after: after ?? undefined,
      at: clock.nowIso(),
    });
  }

  // The console owner keeps ADMIN everywhere, whoever asks (themselves included): without it
  // every page would refuse them and nothing in the console could give it back.
  async function notConsoleOwner(userId: string, what: string) {
    if (userId === (await deps.consoleOwnerId())) {
      throw conflict(`userId: ${userId} is the console owner, who cannot be ${what} in any community`, 'userId');
    }
  }

  return {
    async changeRole(trx: Trx, actor: Actor, input: { userId: string; role: Role }): Promise<RoleChangeResult> {
      const records = memberRecords(trx, dialect);
      await records.lockTenant(actor.tenantId);
      const m = await requireActiveMember(trx, dialect, actor.tenantId, input.userId);
      if (m.role === input.role) return { userId: input.userId, role: m.role, changed: false };
      if (m.role === 'ADMIN') await notConsoleOwner(input.userId, 'demoted');
      if (m.role === 'ADMIN') await assertAnotherAdmin(trx, dialect, actor.tenantId, input.userId, 'demoted');
      await trx.updateTable('memberships').set({ role: input.role }).where('id', '=', m.id).execute();
      await record(trx, actor, 'member.role_changed', input.userId, { role: m.role }, { role: input.role });
      await events.publish(trx, {
        type: 'member.role_changed',
        tenantId: actor.tenantId,
        data: { userId: input.userId, from: m.role, to: input.role },
      });
      return { userId: input.userId, role: input.role, changed: true };
    },

    async setSpaceRole(trx: Trx, actor: Actor, input: { userId: string; spaceId: string; role: SpaceRole }): Promise<SpaceRoleChangeResult> {
      const records = memberRecords(trx, dialect);
      await requireActiveMember(trx, dialect, actor.tenantId, input.userId);
      if (!(await records.space(actor.tenantId, input.spaceId))) {
        throw new DomainError('NOT_FOUND', `spaceId: no space ${input.spaceId} in this community`, { field: 'spaceId' });
      }
      const current = await records.spaceMembership(input.spaceId, input.userId);
      const result = { userId: input.userId, spaceId: input.spaceId, role: input.role };
      if (current?.role === input.role) return { ...result, changed: false };
      if (current) {
        await trx.updateTable('spaceMembers').set({ role: input.role }).where('spaceId', '=', input.spaceId).where('userId', '=', input.userId).execute();
      } else {
        await trx.insertInto('spaceMembers').values({ spaceId: input.spaceId, userId: input.userId, role: input.role, joinedAt: clock.nowIso() }).execute();
      }
      await record(trx, actor, 'member.space_role_changed', input.userId, { spaceId: input.spaceId, role: current?.role ?? null }, { spaceId: input.spaceId, role: input.role });
      await events.publish(trx, {
        type: 'member.updated',
        tenantId: actor.tenantId,
        data: { userId: input.userId, change: 'space_role', spaceId: input.spaceId, role: input.role },
      });
      return { ...result, changed: true };
    },

    async addToGroup(trx: Trx, actor: Actor, input: { userId: string; groupId: string }): Promise<MemberChangeResult> {
      const records = memberRecords(trx, dialect);
      await requireActiveMember(trx, dialect, actor.tenantId, input.userId);
      await requireGroup(trx, actor.tenantId, input.groupId);
      if (await records.isInGroup(input.groupId, input.userId)) return { userId: input.userId, changed: false };
      await records.addToGroups([{ groupId: input.groupId, userId: input.userId, addedAt: clock.nowIso() }]);
      await record(trx, actor, 'member.group_added', input.userId, null, { groupId: input.groupId });
      await events.publish(trx, {
        type: 'member.updated',
        tenantId: actor.tenantId,
        data: { userId: input.userId, change: 'group_added', groupId: input.groupId },
      });
      return { userId: input.userId, changed: true };
    },

    async removeFromGroup(trx: Trx, actor: Actor, input: { userId: string; groupId: string }): Promise<MemberChangeResult> {
      const records = memberRecords(trx, dialect);
      await requireActiveMember(trx, dialect, actor.tenantId, input.userId);
      await requireGroup(trx, actor.tenantId, input.groupId);
      if (!(await records.isInGroup(input.groupId, input.userId))) return { userId: input.userId, changed: false };
      await records.removeFromGroup(input.groupId, input.userId);
      await record(trx, actor, 'member.group_removed', input.userId, { groupId: input.groupId }, null);
      await events.publish(trx, {
        type: 'member.updated',
        tenantId: actor.tenantId,
        data: { userId: input.userId, change: 'group_removed', groupId: input.groupId },
      });
      return { userId: input.userId, changed: true };
    },

    async comp(trx: Trx, actor: Actor, input: { userId: string; until?: string | null }): Promise<CompChangeResult> {
      const until = input.until ? new Date(input.until).toISOString() : null;
      if (until !== null && until <= clock.nowIso()) throw invalid('until', 'must be in the future');
      const m = await requireActiveMember(trx, dialect, actor.tenantId, input.userId);
      return setComp(trx, actor, m, true, until);
    },

    async uncomp(trx: Trx, actor: Actor, input: { userId: string }): Promise<CompChangeResult> {
      const m = await requireActiveMember(trx, dialect, actor.tenantId, input.userId);
      return setComp(trx, actor, m, false, null);
    },

    /** Soft removal: the membership stays (history, accounting) with status removed. */
    async remove(trx: Trx, actor: Actor, input: { userId: string }): Promise<MemberChangeResult> {
      const records = memberRecords(trx, dialect);
      await records.lockTenant(actor.tenantId);
      const m = await requireMember(trx, dialect, actor.tenantId, input.userId);
      if (m.status === 'removed') return { userId: input.userId, changed: false };
      await notConsoleOwner(input.userId, 'removed');
      if (m.role === 'ADMIN') await assertAnotherAdmin(trx, dialect, actor.tenantId, input.userId, 'removed');
      const places = await records.placesOf(actor.tenantId, input.userId);
      const now = clock.nowIso();
      await trx.updateTable('memberships').set({ status: 'removed', leftAt: now }).where('id', '=', m.id).execute();
      // Access ends with the membership: a removed member keeps no group or space role, and no
      // token of theirs for this tenant works again (not even after a re-invite).
      await records.dropPlaces(actor.tenantId, input.userId);
      await tokensRepository(trx).revokeForMember(actor.tenantId, input.userId, now);
      await record(trx, actor, 'member.removed', input.userId, { status: 'active', role: m.role, ...places }, { status: 'removed', leftAt: now });
      await events.publish(trx, { type: 'member.left', tenantId: actor.tenantId, data: { userId: input.userId, reason: 'removed' } });
      return { userId: input.userId, changed: true };
    },

    /**
     * A tenant's personal-data erasure: this tenant's data about the person, and the person too
     * only when no other tenant knows them (member-erasure.ts says what is kept and wiped).
     */
    async erase(trx: Trx, actor: Actor, input: { userId: string }): Promise<MemberChangeResult> {
      const records = memberRecords(trx, dialect);
      await records.lockTenant(actor.tenantId);
      const m = await requireMember(trx, dialect, actor.tenantId, input.userId);
      const user = await records.user(input.userId);
      if (!user || user.erasedAt) return { userId: input.userId, changed: false };
      await notConsoleOwner(input.userId, 'erased');
      if (m.status === 'active' && m.role === 'ADMIN') await assertAnotherAdmin(trx, dialect, actor.tenantId, input.userId, 'erased');
      const elsewhere = (await records.sharedWithOtherTenants(actor.tenantId, [input.userId])).size > 0;
      await eraseInTenant(trx, { dialect, clock, events }, actor, m, user, { alsoPerson: !elsewhere });
      return { userId: input.userId, changed: true };
    },

    /**
     * The console owner's erasure of a member of their current tenant in every tenant: each
     * tenant's data about them, their tokens and the person. Refused, changing nothing, if it
     * would leave any tenant without an ADMIN.
     */
    async eraseEverywhere(trx: Trx, actor: Actor, input: { userId: string }): Promise<MemberChangeResult> {
      const records = memberRecords(trx, dialect);
      await requireMember(trx, dialect, actor.tenantId, input.userId);
      const user = await records.user(input.userId);
      if (!user || user.erasedAt) return { userId: input.userId, changed: false };
      await notConsoleOwner(input.userId, 'erased');
      const memberships = await records.allMemberships(input.userId);
      // Sorted by tenant id, so two erasures lock tenants in the same order.
      for (const m of memberships) await records.lockTenant(m.tenantId);
      for (const m of memberships) {
        if (m.status === 'active' && m.role === 'ADMIN') await assertAnotherAdmin(trx, dialect, m.tenantId, input.userId, `erased (in tenant ${m.tenantId})`);
      }
      await eraseEverywhere(trx, { dialect, clock, events }, actor.actorUserId, memberships, user);
      return { userId: input.userId, changed: true };
    },

    /**
     * Used by the import. A name is the person's, shown in every tenant they belong to, so a
     * tenant renames only someone who belongs to no other tenant (the import plans around it).
     */
    async rename(trx: Trx, actor: Actor, input: { userId: string; name: string }): Promise<MemberChangeResult> {
      const records = memberRecords(trx, dialect);
      await requireActiveMember(trx, dialect, actor.tenantId, input.userId);
      const user = await records.user(input.userId);
      if (!user || user.name === input.name) return { userId: input.userId, changed: false };
      if ((await records.sharedWithOtherTenants(actor.tenantId, [input.userId])).size > 0) {
        throw conflict(`name: ${input.userId} also belongs to another community, which shows the same name; it is not changed from here`, 'name');
      }
      await trx.updateTable('users').set({ name: input.name }).where('id', '=', input.userId).execute();
      await record(trx, actor, 'member.renamed', input.userId, { name: user.name }, { name: input.name });
      await events.publish(trx, { type: 'member.updated', tenantId: actor.tenantId, data: { userId: input.userId, change: 'name' } });
      return { userId: input.userId, changed: true };
    },
  };

  async function requireGroup(trx: Trx, tenantId: string, groupId: string) {
    const group = await memberRecords(trx, dialect).group(tenantId, groupId);
    if (!group) throw new DomainError('NOT_FOUND', `groupId: no group ${groupId} in this community`, { field: 'groupId' });
    return group;
  }

  async function setComp(trx: Trx, actor: Actor, m: Membership, comped: boolean, until: string | null): Promise<CompChangeResult> {
    const same = (m.isComped === 1) === comped && m.compedUntil === until;
    const result = { userId: m.userId, isComped: comped, compedUntil: until };
    if (same) return { ...result, changed: false };
    await trx.updateTable('memberships').set({ isComped: comped ? 1 : 0, compedUntil: until }).where('id', '=', m.id).execute();
    await auditRepository(trx).record({
      tenantId: actor.tenantId,
      actorUserId: actor.actorUserId,
      action: comped ? 'member.comped' : 'member.uncomped',
      targetType: 'member',
      targetId: m.userId,
      before: { isComped: m.isComped === 1, compedUntil: m.compedUntil },
      after: { isComped: comped, compedUntil: until },
      at: clock.nowIso(),
    });
    await events.publish(trx, {
      type: 'member.updated',
      tenantId: actor.tenantId,
      data: { userId: m.userId, change: comped ? 'comped' : 'uncomped', compedUntil: until },
    });
    return { ...result, changed: true };
  }
}
export type MemberChangeOps = ReturnType<typeof memberChangeOps>;

/** The members.* change procedures: each single change in its own transaction. */
export function memberChangesService(deps: MemberChangeDeps) {
  const ops = memberChangeOps(deps);
  const inTransaction =
    <I, R>(op: (trx: Trx, actor: Actor, input: I) => Promise<R>) =>
    (actor: Actor, input: I): Promise<R> =>
      deps.db.transaction().execute((trx) => op(trx, actor, input));
  return {
    ops,
    changeRole: inTransaction(ops.changeRole),
    setSpaceRole: inTransaction(ops.setSpaceRole),
    addToGroup: inTransaction(ops.addToGroup),
    removeFromGroup: inTransaction(ops.removeFromGroup),
    comp: inTransaction(ops.comp),
    uncomp: inTransaction(ops.uncomp),
    remove: inTransaction(ops.remove),
    erase: inTransaction(ops.erase),
    eraseEverywhere: inTransaction(ops.eraseEverywhere),
  };
}
export type MemberChangesService = ReturnType<typeof memberChangesService>;
