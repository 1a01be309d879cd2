import type { Kysely } from 'kysely';
import { isFreeMember } from '@shared/member-tier';
import type { CurrentUser } from '@shared/schemas/users';
import type { Database } from '../../platform/db/schema';
import { DomainError, notFound } from '../../platform/errors';
import type { MembershipsRepository } from '../members/repositories/memberships';
import type { UsersRepository } from './repositories/users';

export function userService(deps: { db: Kysely<Database>; users: UsersRepository; memberships: MembershipsRepository }) {
  return {
    async idByEmail(email: string): Promise<string> {
      const user = await deps.users.findByEmail(email);
      if (!user) throw new DomainError('NOT_FOUND', `no user has the email ${email}`, { field: 'email' });
      return user.id;
    },

    /** users.getCurrentUser: who the caller is in the tenant they are signed in to. */
    async getCurrentUser(userId: string, tenantId: string): Promise<CurrentUser> {
      const user = await deps.users.findById(userId);
      if (!user) throw notFound('user', userId);
      const membership = await deps.memberships.find(tenantId, userId);
      if (!membership || membership.status !== 'active') {
        throw new DomainError('FORBIDDEN', 'you are not a member of this tenant');
      }
      return {
        id: user.id,
        email: user.email,
        name: user.name,
        tenantId,
        role: membership.role,
        joinSource: membership.joinSource,
        // The membership's current status is kept by the billing service (grace periods included), so
        // this answer agrees with members.list.
        isFreeMember: isFreeMember(membership.joinSource, membership.subscriptionStatus ? [membership.subscriptionStatus] : []),
      };
    },
  };
}
export type UserService = ReturnType<typeof userService>;
