import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock';
import type { Dialect } from '../../platform/db/connect';
import type { Database, Membership, User } from '../../platform/db/schema';
import type { EventBus } from '../../platform/events';
import { auditRepository } from '../../platform/audit';
import { invitesRepository } from './repositories/invites';
import { memberRecords } from './repositories/member-records';
import { tokensRepository } from '../identity/repositories/tokens';
import type { Actor } from './member-changes';

export const ERASED_NAME = 'Erased member';
export const tombstoneEmail = (userId: string) => `erased-${userId}@invalid`;

const REDACTED = JSON.stringify({ redacted: 'personal data erased' });

type Deps = { dialect: Dialect; clock: Clock; events: EventBus };

/**
 * A tenant ADMIN's erasure request, inside the caller's transaction (checks are the caller's).
 * One person (a users row) can belong to several tenants, and their name and email are shown in
 * each; a tenant erases only what it holds about them:
 * - their groups and space roles here, the email on this tenant's invites, billing customers
 *   and import rows (campaign recipients: the campaigns area, on member.erased), their tokens for this tenant, and the details of this
 *   tenant's audit entries about them;
 * - then, when they belong to no other tenant, the person too: name, email and avatar become a
 *   tombstone and the membership stays, removed, for accounting ("Erased member");
 * - when they still belong to another tenant, the membership row here goes instead (this tenant
 *   no longer shows their name or email anywhere) and the other tenants see them as before.
 * Kept, for accounting and aggregates: subscriptions and their history, usage counters, and the
 * audit trail itself, which records the erasure without any of the data.
 */
export async function eraseInTenant(
  trx: Kysely<Database>,
  deps: Deps,
  actor: Actor,
  membership: Membership,
  user: User,
  options: { alsoPerson: boolean },
): Promise<void> {
  const now = deps.clock.nowIso();
  await wipeTenantData(trx, deps, actor, membership, user, now, options.alsoPerson ? 'keep' : 'delete');
  if (options.alsoPerson) await tombstonePerson(trx, user.id, now);
  await publishErasure(trx, deps, actor, membership, user.id, now, options.alsoPerson ? 'person' : 'tenant');
}

/**
 * The console owner's erasure across the console: every tenant's data about the person (as
 * above, each membership kept as removed), every token, then the person. Lock the tenants first.
 */
export async function eraseEverywhere(trx: Kysely<Database>, deps: Deps, actorUserId: string | null, memberships: Membership[], user: User): Promise<void> {
  const now = deps.clock.nowIso();
  for (const m of memberships) await wipeTenantData(trx, deps, { tenantId: m.tenantId, actorUserId }, m, user, now, 'keep');
  await tokensRepository(trx).revokeForMember(null, user.id, now);
  await tombstonePerson(trx, user.id, now);
  for (const m of memberships) await publishErasure(trx, deps, { tenantId: m.tenantId, actorUserId }, m, user.id, now, 'everywhere');
}

async function tombstonePerson(trx: Kysely<Database>, userId: string, now: string) {
  await trx.updateTable('users').set({ name: ERASED_NAME, email: tombstoneEmail(userId), avatarUrl: null, erasedAt: now }).where('id', '=', userId).execute();
}

async function wipeTenantData(
  trx: Kysely<Database>,
  deps: Deps,
  actor: Actor,
  membership: Membership,
  user: User,
  now: string,
  membershipRow: 'keep' | 'delete',
): Promise<void> {
  const { tenantId } = actor;
  const userId = user.id;
  const tombstone = tombstoneEmail(userId);
  await memberRecords(trx, deps.dialect).dropPlaces(tenantId, userId);
  await invitesRepository(trx).eraseEmail(tenantId, user.email, tombstone);
  await trx.updateTable('customers').set({ email: null }).where('tenantId', '=', tenantId).where('userId', '=', userId).execute();
  // Campaign recipients are the campaigns area's: it forgets them on member.erased (published below).
  // The CSV rows this tenant imported about them (kept for the error report) lose their cells.
  await trx
    .updateTable('memberImportRows')
    .set({ fields: '[]', email: tombstone, changes: null })
    .where('email', '=', user.email)
    .where('importId', 'in', (eb) => eb.selectFrom('memberImports').select('id').where('tenantId', '=', tenantId))
    .execute();
  await tokensRepository(trx).revokeForMember(tenantId, userId, now);
  // What happened stays (action, who, when); the details about them go.
  await trx
    .updateTable('auditLog')
    .set({ before: null, after: REDACTED })
    .where('tenantId', '=', tenantId)
    .where('targetId', '=', userId)
    .where((eb) => eb.or([eb('before', 'is not', null), eb('after', 'is not', null)]))
    .execute();
  if (membershipRow === 'delete') {
    await trx.deleteFrom('memberships').where('id', '=', membership.id).execute();
  } else if (membership.status === 'active') {
    await trx.updateTable('memberships').set({ status: 'removed', leftAt: now }).where('id', '=', membership.id).execute();
  }
}

async function publishErasure(trx: Kysely<Database>, deps: Deps, actor: Actor, membership: Membership, userId: string, now: string, scope: 'tenant' | 'person' | 'everywhere') {
  await auditRepository(trx).record({
    tenantId: actor.tenantId,
    actorUserId: actor.actorUserId,
    action: 'member.erased',
    targetType: 'member',
    targetId: userId,
    // tenant: this community's data only (they belong to another); person: also the person, who
    // belonged to no other; everywhere: the console owner's erasure in every community.
    after: { erasedAt: now, scope },
    at: now,
  });
  if (membership.status === 'active') {
    await deps.events.publish(trx, { type: 'member.left', tenantId: actor.tenantId, data: { userId, reason: 'erased' } });
  }
  await deps.events.publish(trx, { type: 'member.erased', tenantId: actor.tenantId, data: { userId } });
}
