import {
  acceptInviteInput,
  changeRoleInput,
  compInput,
  groupMembershipInput,
  inviteMemberInput,
  memberRefInput,
  setSpaceRoleInput,
} from '@shared/schemas/member-changes';
import type { Actor } from './member-changes';
import { consoleOwnerInTenantProcedure, tenantAdminProcedure, publicProcedure, router } from '../../api/trpc';

const actorOf = (ctx: { tenant: { id: string }; auth: { userId: string } }): Actor => ({ tenantId: ctx.tenant.id, actorUserId: ctx.auth.userId });

/**
 * members.* procedures that change one member. Each runs in one transaction, is audited (who,
 * when, before/after) and publishes a domain event; an answer with changed: false means the member
 * already was that way and nothing was written.
 */
export const memberChangesRouter = router({
  /** An invite link for an email: {inviteId, token, path, email, role, expiresAt}; the token is shown only here. */
  invite: tenantAdminProcedure.input(inviteMemberInput).mutation(({ ctx, input }) => ctx.services.memberAdmin.invites.invite(actorOf(ctx), input)),

  /** The invitee's side: the token is the credential, so no sign-in. */
  acceptInvite: publicProcedure.input(acceptInviteInput).mutation(({ ctx, input }) => ctx.services.memberAdmin.invites.accept(input)),

  /** ADMIN ⇄ MEMBER; the last ADMIN of a tenant is never demoted. */
  changeRole: tenantAdminProcedure.input(changeRoleInput).mutation(({ ctx, input }) => ctx.services.memberAdmin.changes.changeRole(actorOf(ctx), input)),

  /** Makes the member a MODERATOR or a plain MEMBER of a space of this tenant (adding them to it if needed). */
  setSpaceRole: tenantAdminProcedure.input(setSpaceRoleInput).mutation(({ ctx, input }) => ctx.services.memberAdmin.changes.setSpaceRole(actorOf(ctx), input)),

  addToGroup: tenantAdminProcedure.input(groupMembershipInput).mutation(({ ctx, input }) => ctx.services.memberAdmin.changes.addToGroup(actorOf(ctx), input)),
  removeFromGroup: tenantAdminProcedure.input(groupMembershipInput).mutation(({ ctx, input }) => ctx.services.memberAdmin.changes.removeFromGroup(actorOf(ctx), input)),

  /** Complimentary access, until a time or until revoked. */
  comp: tenantAdminProcedure.input(compInput).mutation(({ ctx, input }) => ctx.services.memberAdmin.changes.comp(actorOf(ctx), input)),
  uncomp: tenantAdminProcedure.input(memberRefInput).mutation(({ ctx, input }) => ctx.services.memberAdmin.changes.uncomp(actorOf(ctx), input)),

  /** Soft removal: status removed, left_at set, groups and space roles dropped; publishes member.left. */
  remove: tenantAdminProcedure.input(memberRefInput).mutation(({ ctx, input }) => ctx.services.memberAdmin.changes.remove(actorOf(ctx), input)),

  /**
   * A personal-data erasure request in this tenant: this tenant's data about them goes; their name
   * and email become a tombstone only if no other tenant knows them. Audited without the data.
   */
  erase: tenantAdminProcedure.input(memberRefInput).mutation(({ ctx, input }) => ctx.services.memberAdmin.changes.erase(actorOf(ctx), input)),

  /** The console owner's erasure of a member of the current tenant in every tenant, person included. */
  eraseEverywhere: consoleOwnerInTenantProcedure
    .input(memberRefInput)
    .mutation(({ ctx, input }) => ctx.services.memberAdmin.changes.eraseEverywhere(actorOf(ctx), input)),
});
