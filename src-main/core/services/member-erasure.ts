import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { Dialect } from '../db/connect';
import type { Database, Membership, User } from '../db/schema';
import type { EventBus } from '../events';
import { auditRepository } from '../repositories/audit';
import { invitesRepository } from '../repositories/invites';
import { memberRecords } from '../repositories/member-records';
import type { Actor } from './member-changes';

export const ERASED_NAME = 'Erased member';
export const tombstoneEmail = (userId: string) => `erased-${userId}@invalid`;

const REDACTED = { redacted: 'personal data erased' };

/**
 * A personal-data erasure request, inside the caller's transaction (checks are the caller's).
 * Wiped: the user's name, email and avatar (replaced by a tombstone), their group and space
 * memberships here, the email on invites, billing customers and campaign recipients of this
 * tenant, and earlier audit entries about them that quoted their name or email.
 * Kept, for accounting and aggregates: the membership row (now removed), subscriptions and their
 * history, usage counters, and the audit trail itself — which records the erasure without any of
 * the data.
 */
export async function eraseMember(
  trx: Kysely<Database>,
  deps: { dialect: Dialect; clock: Clock; events: EventBus },
  actor: Actor,
  membership: Membership,
  user: User,
): Promise<void> {
  const now = deps.clock.nowIso();
  const userId = user.id;
  const tombstone = tombstoneEmail(userId);

  await trx.updateTable('users').set({ name: ERASED_NAME, email: tombstone, avatarUrl: null, erasedAt: now }).where('id', '=', userId).execute();
  if (membership.status === 'active') {
    await trx.updateTable('memberships').set({ status: 'removed', leftAt: now }).where('id', '=', membership.id).execute();
  }
  await memberRecords(trx, deps.dialect).dropPlaces(actor.tenantId, userId);
  await invitesRepository(trx).eraseEmail(actor.tenantId, user.email, tombstone);
  await trx.updateTable('customers').set({ email: null }).where('tenantId', '=', actor.tenantId).where('userId', '=', userId).execute();
  await trx
    .updateTable('campaignRecipients')
    .set({ email: tombstone })
    .where('userId', '=', userId)
    .where('campaignId', 'in', (eb) => eb.selectFrom('campaigns').select('id').where('tenantId', '=', actor.tenantId))
    .execute();
  await trx.updateTable('apiTokens').set({ revokedAt: now }).where('tenantId', '=', actor.tenantId).where('userId', '=', userId).where('revokedAt', 'is', null).execute();
  await redactAuditMentions(trx, actor.tenantId, userId, [user.email, user.name]);

  await auditRepository(trx).record({
    tenantId: actor.tenantId,
    actorUserId: actor.actorUserId,
    action: 'member.erased',
    targetType: 'member',
    targetId: userId,
    after: { erasedAt: now },
    at: now,
  });
  if (membership.status === 'active') {
    await deps.events.publish(trx, { type: 'member.left', tenantId: actor.tenantId, data: { userId, reason: 'erased' } });
  }
  await deps.events.publish(trx, { type: 'member.erased', tenantId: actor.tenantId, data: { userId } });
}

/** Earlier audit entries about this member keep what happened, but not the values that name them. */
async function redactAuditMentions(trx: Kysely<Database>, tenantId: string, userId: string, values: string[]) {
  // Compared as they appear inside the stored JSON (quotes and backslashes escaped).
  const needles = values.filter((v) => v.trim().length > 0).map((v) => JSON.stringify(v).slice(1, -1));
  if (needles.length === 0) return;
  const rows = await trx
    .selectFrom('auditLog')
    .select(['id', 'before', 'after'])
    .where('tenantId', '=', tenantId)
    .where('targetId', '=', userId)
    .execute();
  const mentioning = rows.filter((r) => needles.some((n) => (r.before ?? '').includes(n) || (r.after ?? '').includes(n)));
  for (const row of mentioning) {
    await trx.updateTable('auditLog').set({ before: null, after: JSON.stringify(REDACTED) }).where('id', '=', row.id).execute();
  }
}
