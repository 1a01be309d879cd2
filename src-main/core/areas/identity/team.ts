import type { InviteTeammateInput, TeamLink } from '@shared/schemas/team';
import type { Services } from '../../create-core';
import { DomainError } from '../../platform/errors';
import { SIGN_IN_CODE_SECONDS } from './session';

/**
 * Settings → Team on a team server: the console owner makes a teammate an ADMIN of the current
 * community and hands them a one-time sign-in link, emailed when SMTP is set up, otherwise shown to
 * the owner to pass on. Built on the members' invites (audit, member.joined) and sign-in codes.
 */
export function teamService(services: Services) {
  async function linkFor(userId: string, tenantId: string, email: string, tenantName: string): Promise<TeamLink> {
    const { code, expiresAt } = await services.session.signInCodeFor(userId, tenantId);
    const link = services.session.linkFor(code);
    if (!link) throw new DomainError('PRECONDITION_FAILED', 'the console is not reachable over HTTP yet, so a link would lead nowhere; start it with tenant-console serve');
    const mail = await services.settings.email.gateway().catch(() => null);
    if (!mail) return { userId, email, link, emailed: false, mailError: null, expiresAt };
    try {
      await mail.send({
        to: email,
        subject: `Sign in to ${tenantName} on Tenant Console`,
        text: `You can now manage ${tenantName} as an admin.\n\nSign in: ${link}\n\nThe link works once, for ${SIGN_IN_CODE_SECONDS / 60} minutes. If it has expired, ask the console owner for a new one.`,
      });
      return { userId, email, link: null, emailed: true, mailError: null, expiresAt };
    } catch (err) {
      // The owner still gets the link to pass on, with the mail server's words.
      return { userId, email, link, emailed: false, mailError: (err as Error).message, expiresAt };
    } finally {
      mail.close();
    }
  }

  async function tenantName(tenantId: string): Promise<string> {
    const [t] = (await services.tenants.listForUser(await services.owner.id())).filter((x) => x.id === tenantId);
    return t?.name ?? 'your community';
  }

  return {
    async invite(tenantId: string, ownerId: string, input: InviteTeammateInput): Promise<TeamLink> {
      const actor = { tenantId, actorUserId: ownerId };
      let userId = await services.users.idByEmail(input.email).catch(() => null);
      const membership = userId ? await services.members.membershipOf(tenantId, userId) : null;
      if (!membership) {
        const invite = await services.memberAdmin.invites.invite(actor, { email: input.email, name: input.name, role: 'ADMIN', groupIds: [], expiresInDays: 1 });
        userId = (await services.memberAdmin.invites.accept({ token: invite.token, name: input.name })).userId;
      } else if (membership.role !== 'ADMIN') {
        await services.memberAdmin.changes.changeRole(actor, { userId: userId!, role: 'ADMIN' });
      }
      return linkFor(userId!, tenantId, input.email, await tenantName(tenantId));
    },

    /** A new one-time link for someone who is an active ADMIN of this community. */
    async signInLink(tenantId: string, userId: string): Promise<TeamLink> {
      const membership = await services.members.membershipOf(tenantId, userId);
      if (membership?.role !== 'ADMIN') {
        throw new DomainError('NOT_FOUND', `userId: ${userId} is not an admin of this community; invite them first`, { field: 'userId' });
      }
      const user = await services.users.getCurrentUser(userId, tenantId);
      return linkFor(userId, tenantId, user.email, await tenantName(tenantId));
    },
  };
}
