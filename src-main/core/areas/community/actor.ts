import type { Role } from '@shared/domain';
import type { Actor } from './space-access';

/** The acting person of a member-level call (tenant, user, tenant role). */
export function actorOf(ctx: { tenant: { id: string; role: Role }; auth: { userId: string } }): Actor {
  return { tenantId: ctx.tenant.id, userId: ctx.auth.userId, role: ctx.tenant.role };
}
