import { tenantIds, type TenantIds } from './ids';
import { hashString, mix32, rngFor } from './random';
import { joinTime, timeline, type Timeline } from './time';

/** Everything the generators need, fixed by (seed, tenant slug, member count, now). */
export interface SeedPlan {
  tenantId: string;
  ownerUserId: string;
  ids: TenantIds;
  t: Timeline;
  members: number;
  /** Stream key for this tenant's data: every random choice derives from it. */
  key: number;
  /** Member indexes that are ADMINs: a handful of early members (the founding team). */
  admins: readonly number[];
  adminSet: ReadonlySet<number>;
  /** Members below this index are in the "Founding members" group. */
  foundingCount: number;
}

// Salts that separate the random streams of different kinds of rows.
export const SALT = { admins: 1, member: 2, billing: 3, post: 4 } as const;

export function makePlan(input: {
  tenantId: string;
  tenantSlug: string;
  ownerUserId: string;
  members: number;
  seed: number;
  now: string;
}): SeedPlan {
  const n = input.members;
  const key = mix32(hashString(input.tenantSlug) ^ mix32(input.seed >>> 0));
  const adminCount = Math.min(n, Math.max(2, Math.min(12, Math.round(Math.log2(Math.max(n, 2)) / 2))));
  const pool = Math.min(n, Math.max(adminCount * 4, Math.ceil(n * 0.002)));
  const r = rngFor(key, SALT.admins);
  const adminSet = new Set<number>();
  while (adminSet.size < adminCount) adminSet.add(Math.floor(r() * pool));
  return {
    tenantId: input.tenantId,
    ownerUserId: input.ownerUserId,
    ids: tenantIds(input.tenantSlug),
    t: timeline(input.now),
    members: n,
    key,
    admins: [...adminSet].sort((a, b) => a - b),
    adminSet,
    foundingCount: Math.max(adminCount, Math.floor(n * 0.01)),
  };
}

/**
 * When member i joined. It is the first draw of the member's own stream, so other generators (post
 * authors, comments) can ask for it without generating the member.
 */
export function memberJoinedMs(plan: SeedPlan, i: number): number {
  return memberJoinedFrom(plan, i, rngFor(plan.key, SALT.member, i)());
}

export function memberJoinedFrom(plan: SeedPlan, i: number, u: number): number {
  return joinTime(plan.t, (i + u) / plan.members);
}
