import type { JoinSource } from '../../src-shared/domain';
import { GROUP, PLAN, SPACES, spaceOpenedMs } from './catalog';
import { decidesToPay, generateBilling } from './billing';
import { person } from './people';
import { memberJoinedFrom, SALT, type SeedPlan } from './plan';
import { chance, intBetween, pickWeighted, rngFor, weighted, type Rng } from './random';
import { DAY, iso } from './time';
import type { RowSink } from './writer';

// Members [from, to) of the plan, with everything that hangs off each one: the user, the membership,
// groups and spaces, and billing for those who pay. Each member draws from their own stream.

const JOIN_SOURCES = weighted<JoinSource>([
  ['free_signup', 64],
  ['paid', 23],
  ['invite_link', 13],
]);

// Days since a member was last seen: many this week, a long tail gone quiet for months.
const ACTIVITY = weighted<readonly [number, number]>([
  [[0, 7], 38],
  [[7, 30], 24],
  [[30, 180], 22],
  [[180, 540], 16],
]);

export function generateMembers(plan: SeedPlan, from: number, to: number, out: RowSink): void {
  const { t, ids, tenantId } = plan;

  for (let i = from; i < to; i++) {
    const r = rngFor(plan.key, SALT.member, i);
    const joinedMs = memberJoinedFrom(plan, i, r());
    const who = person(i);
    const admin = plan.adminSet.has(i);
    const source: JoinSource = admin ? 'invite_link' : pickWeighted(r, JOIN_SOURCES);

    const pays = !admin && decidesToPay(r, source);
    const money = pays
      ? generateBilling(plan, rngFor(plan.key, SALT.billing, i), { index: i, userId: who.userId, email: who.email, joinedMs, source }, out)
      : { best: null, live: null };

    // Removed members are free members who left; paying ones would have canceled first.
    const removed = !admin && !pays && chance(r, 0.015);
    const leftMs = removed ? joinedMs + Math.floor(r() * (t.nowMs - joinedMs)) : null;
    const lastActiveMs = lastActive(r, admin, joinedMs, leftMs ?? t.nowMs);
    const comped = !pays && !removed && chance(r, 0.003);

    out.push('users', [who.userId, who.email, who.name, who.avatarUrl, iso(joinedMs), null]);
    out.push('memberships', [
      ids.membership(i + 1),
      tenantId,
      who.userId,
      admin ? 'ADMIN' : 'MEMBER',
      source,
      removed ? 'removed' : 'active',
      money.best,
      comped && chance(r, 0.7) ? iso(t.nowMs + intBetween(r, 30, 365) * DAY) : null,
      comped ? 1 : 0,
      iso(joinedMs),
      lastActiveMs === null ? null : iso(lastActiveMs),
      leftMs === null ? null : iso(leftMs),
      // The sort keys members.list orders by, as the database's lower() makes them (names here are ASCII).
      who.name.toLowerCase(),
      who.email.toLowerCase(),
    ]);
    if (removed) {
      out.rowsComplete();
      continue;
    }

    const inGroup = new Array<boolean>(5).fill(false);
    const addToGroup = (group: number, atMs: number) => {
      inGroup[group] = true;
      out.push('group_members', [ids.group(group), who.userId, iso(Math.min(t.nowMs, atMs))]);
    };
    if (i < plan.foundingCount) addToGroup(GROUP.founding, joinedMs);
    if (money.live) {
      addToGroup(GROUP.premium, money.live.sinceMs);
      if (money.live.plan === PLAN.agency) addToGroup(GROUP.agency, money.live.sinceMs);
    }
    if (chance(r, 0.08)) addToGroup(GROUP.beginners, joinedMs + Math.floor(r() * 2 * DAY));
    if (chance(r, 0.04)) addToGroup(GROUP.meetups, joinedMs + Math.floor(r() * 60 * DAY));

    SPACES.forEach((space, k) => {
      if (space.group !== null && !inGroup[space.group]) return;
      // Admins are in every space they can see, as its moderators.
      const joins = admin || chance(r, space.joinChance);
      if (!joins) return;
      const role = admin || chance(r, 0.0015) ? 'MODERATOR' : 'MEMBER';
      const atMs = Math.max(joinedMs, spaceOpenedMs(t, space)) + Math.floor(r() * 14 * DAY);
      out.push('space_members', [ids.space(k), who.userId, role, iso(Math.min(t.nowMs, atMs))]);
    });
    out.rowsComplete();
  }
}

function lastActive(r: Rng, admin: boolean, joinedMs: number, untilMs: number): number | null {
  // Some people sign up and never come back.
  if (!admin && chance(r, 0.03)) return null;
  const [minDays, maxDays] = admin ? [0, 3] : pickWeighted(r, ACTIVITY);
  const agoMs = Math.floor((minDays + r() * (maxDays - minDays)) * DAY);
  return Math.max(joinedMs, untilMs - agoMs);
}
