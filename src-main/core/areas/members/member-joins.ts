import type { Kysely } from 'kysely';
import type { JoinSource, Role } from '@shared/domain';
import type { Clock } from '../../platform/clock';
import type { Dialect } from '../../platform/db/connect';
import type { Database } from '../../platform/db/schema';
import type { EventBus } from '../../platform/events';
import { newId } from '../../platform/ids';
import { chunks, memberRecords } from './repositories/member-records';
import type { Actor } from './member-changes';

export interface Joiner {
  /** Lower-case; unique within one call. */
  email: string;
  /** Used only when the user is new to the console (an existing user keeps their name). */
  name: string | null;
  role: Role;
  joinSource: JoinSource;
  joinedAt: string;
  groupIds: string[];
  comped?: boolean;
  /** Why they join, for the audit trail ('invite', 'import'). */
  via: string;
}

export type JoinOutcome = 'joined' | 'rejoined' | 'already_member';

export interface Joined {
  email: string;
  userId: string;
  outcome: JoinOutcome;
}

/**
 * Makes people members of the actor's tenant, in the caller's transaction, with set-based
 * statements (an import commits 500 at a time): creates users unknown to the console, creates
 * memberships, brings removed members back, adds groups; audits each and publishes member.joined.
 * Someone already active is left as they are.
 */
export async function joinMembers(
  trx: Kysely<Database>,
  deps: { dialect: Dialect; clock: Clock; events: EventBus },
  actor: Actor,
  joiners: Joiner[],
): Promise<Joined[]> {
  if (joiners.length === 0) return [];
  const now = deps.clock.nowIso();
  const emails = joiners.map((j) => j.email);

  const users = new Map<string, string>();
  for (const part of chunks(emails)) {
    for (const u of await trx.selectFrom('users').select(['id', 'email']).where('email', 'in', part).execute()) users.set(u.email, u.id);
  }
  const newUsers = joiners
    .filter((j) => !users.has(j.email))
    .map((j) => ({ id: newId('user'), email: j.email, name: j.name ?? '', avatarUrl: null, createdAt: now, erasedAt: null }));
  for (const part of chunks(newUsers)) await trx.insertInto('users').values(part).execute();
  for (const u of newUsers) users.set(u.email, u.id);

  const memberships = new Map<string, { id: string; status: string }>();
  for (const m of await memberRecords(trx, deps.dialect).byUsers(actor.tenantId, [...users.values()])) memberships.set(m.userId, m);

  const results: Joined[] = [];
  const inserts = [];
  const groupRows = [];
  for (const j of joiners) {
    const userId = users.get(j.email)!;
    const existing = memberships.get(userId);
    if (existing?.status === 'active') {
      results.push({ email: j.email, userId, outcome: 'already_member' });
      continue;
    }
    const fields = {
      role: j.role,
      joinSource: j.joinSource,
      joinedAt: j.joinedAt,
      isComped: j.comped ? 1 : 0,
      compedUntil: null,
    };
    if (existing) {
      await trx.updateTable('memberships').set({ ...fields, status: 'active', leftAt: null }).where('id', '=', existing.id).execute();
    } else {
      inserts.push({ id: newId('membership'), tenantId: actor.tenantId, userId, subscriptionStatus: null, lastActiveAt: null, leftAt: null, ...fields });
    }
    for (const groupId of j.groupIds) groupRows.push({ groupId, userId, addedAt: now });
    results.push({ email: j.email, userId, outcome: existing ? 'rejoined' : 'joined' });
  }
  for (const part of chunks(inserts)) await trx.insertInto('memberships').values(part).execute();
  for (const part of chunks(groupRows)) {
    await trx.insertInto('groupMembers').values(part).onConflict((oc) => oc.columns(['groupId', 'userId']).doNothing()).execute();
  }

  const joinedRows = results.filter((r) => r.outcome !== 'already_member');
  const byEmail = new Map(joiners.map((j) => [j.email, j]));
  // One statement per 500 audit entries (an import joins 500 at a time). No name or email in
  // them: the user id identifies the member, and an erasure has nothing to redact.
  const entries = joinedRows.map((r) => {
    const j = byEmail.get(r.email)!;
    return {
      id: newId('audit'),
      tenantId: actor.tenantId,
      actorUserId: actor.actorUserId,
      action: r.outcome === 'joined' ? 'member.joined' : 'member.rejoined',
      targetType: 'member',
      targetId: r.userId,
      before: r.outcome === 'rejoined' ? JSON.stringify({ status: 'removed' }) : null,
      after: JSON.stringify({ status: 'active', role: j.role, joinSource: j.joinSource, joinedAt: j.joinedAt, groupIds: j.groupIds, isComped: !!j.comped, via: j.via }),
      createdAt: now,
    };
  });
  for (const part of chunks(entries)) await trx.insertInto('auditLog').values(part).execute();
  for (const r of joinedRows) {
    const j = byEmail.get(r.email)!;
    // The seed's member.joined payload: userId, email, joinSource, groups.
    await deps.events.publish(trx, {
      type: 'member.joined',
      tenantId: actor.tenantId,
      data: { userId: r.userId, email: r.email, joinSource: j.joinSource, groups: j.groupIds },
    });
  }
  return results;
}
