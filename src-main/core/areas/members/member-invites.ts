import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AcceptInviteInput, InviteAccepted, InviteCreated } from '@shared/schemas/member-changes';
import type { Role } from '@shared/domain';
import type { Clock } from '../../platform/clock';
import type { Dialect } from '../../platform/db/connect';
import type { Database } from '../../platform/db/schema';
import { conflict, DomainError } from '../../platform/errors';
import type { EventBus } from '../../platform/events';
import { newId } from '../../platform/ids';
import { auditRepository } from '../../platform/audit';
import { invitesRepository } from './repositories/invites';
import type { Actor } from './member-changes';
import { joinMembers } from './member-joins';

const DAY_MS = 86_400_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface InviteInput {
  email: string;
  name?: string;
  role: Role;
  groupIds: string[];
  expiresInDays: number;
}

/** Invite links: members.invite makes one, members.acceptInvite turns it into a membership. */
export function memberInviteService(deps: { db: Kysely<Database>; dialect: Dialect; clock: Clock; events: EventBus }) {
  return {
    async invite(actor: Actor, input: InviteInput): Promise<InviteCreated> {
      const token = randomBytes(24).toString('base64url');
      const now = deps.clock.nowIso();
      const expiresAt = new Date(deps.clock.nowMs() + input.expiresInDays * DAY_MS).toISOString();
      const groupIds = [...new Set(input.groupIds)];
      const inviteId = newId('invite');
      await deps.db.transaction().execute(async (trx) => {
        for (const groupId of groupIds) {
          const group = await trx.selectFrom('groups').select('id').where('id', '=', groupId).where('tenantId', '=', actor.tenantId).executeTakeFirst();
          if (!group) throw new DomainError('NOT_FOUND', `groupIds: no group ${groupId} in this community`, { field: 'groupIds' });
        }
        const member = await trx
          .selectFrom('memberships as m')
          .innerJoin('users as u', 'u.id', 'm.userId')
          .select('m.userId')
          .where('m.tenantId', '=', actor.tenantId)
          .where('u.email', '=', input.email)
          .where('m.status', '=', 'active')
          .executeTakeFirst();
        if (member) throw conflict(`email: ${input.email} is already a member of this community`, 'email');
        const invites = invitesRepository(trx);
        await invites.revokePending(actor.tenantId, input.email, now);
        await invites.insert({
          id: inviteId,
          tenantId: actor.tenantId,
          tokenHash: hashToken(token),
          email: input.email,
          name: input.name ?? null,
          role: input.role,
          groupIds,
          createdBy: actor.actorUserId,
          createdAt: now,
          expiresAt,
          acceptedAt: null,
          acceptedUserId: null,
          revokedAt: null,
        });
        await auditRepository(trx).record({
          tenantId: actor.tenantId,
          actorUserId: actor.actorUserId,
          action: 'member.invited',
          targetType: 'invite',
          targetId: inviteId,
          after: { role: input.role, groupIds, expiresAt },
          at: now,
        });
        // Carries the address (whoever sends the invite email needs it) but never the token.
        await deps.events.publish(trx, {
          type: 'member.invited',
          tenantId: actor.tenantId,
          data: { inviteId, email: input.email, role: input.role, groupIds, expiresAt },
        });
      });
      return { inviteId, token, path: `/invite/${token}`, email: input.email, role: input.role, expiresAt };
    },

    /** The invitee follows the link: the token is their only credential. */
    async accept(input: AcceptInviteInput): Promise<InviteAccepted> {
      const invite = await invitesRepository(deps.db).findByTokenHash(hashToken(input.token));
      const badToken = (code: 'NOT_FOUND' | 'CONFLICT' | 'PRECONDITION_FAILED', why: string) =>
        new DomainError(code, `token: ${why}`, { field: 'token' });
      if (!invite) throw badToken('NOT_FOUND', 'this invite link is not valid');
      if (invite.acceptedAt) throw badToken('CONFLICT', 'this invite link was already used');
      if (invite.revokedAt) throw badToken('CONFLICT', 'this invite link was replaced by a newer one');
      if (invite.expiresAt <= deps.clock.nowIso()) throw badToken('PRECONDITION_FAILED', `this invite link expired on ${invite.expiresAt}`);

      return deps.db.transaction().execute(async (trx) => {
        const actor: Actor = { tenantId: invite.tenantId, actorUserId: invite.createdBy };
        // Groups deleted since the invite was sent are skipped rather than failing the join.
        const wanted = JSON.parse(invite.groupIds) as string[];
        const groupIds = wanted.length
          ? (await trx.selectFrom('groups').select('id').where('tenantId', '=', invite.tenantId).where('id', 'in', wanted).execute()).map((g) => g.id)
          : [];
        const [joined] = await joinMembers(trx, deps, actor, [
          {
            email: invite.email,
            name: input.name ?? invite.name,
            role: invite.role,
            joinSource: 'invite_link',
            joinedAt: deps.clock.nowIso(),
            groupIds,
            via: 'invite',
          },
        ]);
        // Two clicks at once: only one may use the link; the other's transaction rolls back.
        if (!(await invitesRepository(trx).markAccepted(invite.id, joined!.userId, deps.clock.nowIso()))) {
          throw badToken('CONFLICT', 'this invite link was already used');
        }
        return { tenantId: invite.tenantId, userId: joined!.userId, outcome: joined!.outcome };
      });
    },
  };
}
export type MemberInviteService = ReturnType<typeof memberInviteService>;
