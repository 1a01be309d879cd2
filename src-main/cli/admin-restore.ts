import type { Core } from '../core/create-core';
import { newId } from '../core/platform/ids';
import { auditRepository } from '../core/platform/audit';

export interface RestoreResult {
  /** What the membership was before: null when the person had none in this tenant. */
  before: { role: string; status: string } | null;
}

/**
 * `admin restore`: makes a person an active ADMIN of a tenant again, e.g. a console owner who
 * demoted or removed themselves. Only someone with the data folder or the database URL can run it,
 * which is the console owner's own trust level; the change is audited like any other.
 */
export async function restoreAdmin(core: Core, tenantId: string, userId: string): Promise<RestoreResult> {
  const at = core.services.clock.nowIso();
  return core.database.db.transaction().execute(async (trx) => {
    const m = await trx.selectFrom('memberships').select(['id', 'role', 'status']).where('tenantId', '=', tenantId).where('userId', '=', userId).executeTakeFirst();
    if (m?.role === 'ADMIN' && m.status === 'active') return { before: { role: m.role, status: m.status } };
    if (m) {
      await trx.updateTable('memberships').set({ role: 'ADMIN', status: 'active', leftAt: null }).where('id', '=', m.id).execute();
    } else {
      await trx
        .insertInto('memberships')
        .values({ id: newId('membership'), tenantId, userId, role: 'ADMIN', joinSource: 'invite_link', joinedAt: at, lastActiveAt: null, leftAt: null, subscriptionStatus: null, compedUntil: null })
        .execute();
    }
    const before = m ? { role: m.role, status: m.status } : null;
    await auditRepository(trx).record({ tenantId, actorUserId: null, action: 'member.admin_restored', targetType: 'user', targetId: userId, before, after: { role: 'ADMIN', status: 'active' }, at });
    return { before };
  });
}
