import { DomainError } from '../errors';
import type { MembershipsRepository } from '../repositories/memberships';
import type { TenantsRepository } from '../repositories/tenants';
import type { AuthService } from './auth';
import type { ConsoleOwnerService } from './console-owner';

const BROWSER_SESSION_SECONDS = 30 * 24 * 3600;

/** Browser sign-in: tokens for the console owner, and for switching between one's tenants. */
export function sessionService(deps: {
  auth: AuthService;
  owner: ConsoleOwnerService;
  memberships: MembershipsRepository;
  tenants: TenantsRepository;
}) {
  return {
    async tokenForTenant(userId: string, tenantId: string): Promise<{ token: string; tenantId: string }> {
      const membership = await deps.memberships.find(tenantId, userId);
      if (!membership || membership.status !== 'active') {
        throw new DomainError('FORBIDDEN', 'you are not a member of that tenant', { field: 'tenantId' });
      }
      const token = await deps.auth.issue({
        tenantId,
        userId,
        role: membership.role,
        label: 'browser session',
        expiresInSeconds: BROWSER_SESSION_SECONDS,
      });
      return { token, tenantId };
    },

    /** A sign-in token for the console owner in their first tenant, or null when there is none yet. */
    async ownerSignIn(): Promise<{ token: string; tenantId: string } | null> {
      const ownerId = await deps.owner.id();
      const [first] = await deps.tenants.listForUser(ownerId);
      return first ? this.tokenForTenant(ownerId, first.id) : null;
    },
  };
}
export type SessionService = ReturnType<typeof sessionService>;
