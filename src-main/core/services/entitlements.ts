import type { Kysely } from 'kysely';
import { ACCESS_GRANTING_STATUSES } from '../../../src-shared/domain';
import {
  BUILT_IN_FREE_LIMITS,
  LIMIT_LABELS,
  LIMIT_NAMES,
  METERED_LIMITS,
  limitsOf,
  type LimitName,
  type MeteredLimit,
  type PackageLimits,
} from '../../../src-shared/packages';
import type { Clock } from '../clock';
import type { Database } from '../db/schema';
import { DomainError } from '../errors';
import { toPackageRecord } from '../repositories/packages';
import { usageRepository } from '../repositories/usage';

/**
 * Where a member's limits come from:
 * - 'subscription': the package of their access-granting subscription (active or trialing); with
 *   several, the most recently started one that names a package of this tenant;
 * - 'free_tier': otherwise the tenant's free-tier package (`tenants.free_package_id`);
 * - 'built_in': otherwise BUILT_IN_FREE_LIMITS (one seat, nothing else).
 * An archived package still grants its limits to the subscribers it has.
 */
export type EntitlementSource = 'subscription' | 'free_tier' | 'built_in';

export interface Entitlements {
  source: EntitlementSource;
  packageId: string | null;
  packageName: string | null;
  limits: PackageLimits;
}

export interface LimitCheck {
  name: LimitName;
  /** Whether `amount` more uses fit. */
  allowed: boolean;
  /** The package's maximum. */
  limit: number;
  used: number;
}

/** entitlements.get: the caller's limits and what they have used, metered ones for `period`. */
export interface EntitlementsView extends Entitlements {
  /** The calendar month (UTC, 'YYYY-MM') that metered usage counts in. */
  period: string;
  usage: PackageLimits;
}

const isMetered = (name: LimitName): name is MeteredLimit => (METERED_LIMITS as readonly string[]).includes(name);

export function entitlementsService(deps: { db: Kysely<Database>; clock: Clock }) {
  const usage = usageRepository(deps.db);
  const currentPeriod = () => deps.clock.nowIso().slice(0, 7);

  async function requireMember(tenantId: string, userId: string) {
    const m = await deps.db
      .selectFrom('memberships')
      .select('status')
      .where('tenantId', '=', tenantId)
      .where('userId', '=', userId)
      .executeTakeFirst();
    if (!m || m.status !== 'active') throw new DomainError('FORBIDDEN', 'this user is not a member of the tenant');
  }

  async function limitsFor(tenantId: string, userId: string): Promise<Entitlements> {
    await requireMember(tenantId, userId);
    const subscribed = await deps.db
      .selectFrom('subscriptions as s')
      .innerJoin('packages as p', 'p.id', 's.packageId')
      .selectAll('p')
      .where('s.tenantId', '=', tenantId)
      .where('p.tenantId', '=', tenantId)
      .where('s.userId', '=', userId)
      .where('s.status', 'in', ACCESS_GRANTING_STATUSES)
      .orderBy('s.startedAt', 'desc')
      .orderBy('s.id', 'desc')
      .executeTakeFirst();
    if (subscribed) {
      const p = toPackageRecord(subscribed);
      return { source: 'subscription', packageId: p.id, packageName: p.name, limits: limitsOf(p) };
    }
    const free = await deps.db
      .selectFrom('tenants as t')
      .innerJoin('packages as p', (j) => j.onRef('p.id', '=', 't.freePackageId').onRef('p.tenantId', '=', 't.id'))
      .selectAll('p')
      .where('t.id', '=', tenantId)
      .executeTakeFirst();
    if (free) {
      const p = toPackageRecord(free);
      return { source: 'free_tier', packageId: p.id, packageName: p.name, limits: limitsOf(p) };
    }
    return { source: 'built_in', packageId: null, packageName: null, limits: { ...BUILT_IN_FREE_LIMITS } };
  }

  /** Current use of one limit: this month's counter for metered limits, the tenant's count for the others. */
  async function usedOf(tenantId: string, userId: string, name: LimitName, period: string): Promise<number> {
    switch (name) {
      case 'maxAiPosts':
        return usage.get(tenantId, userId, name, period);
      case 'maxUsers':
        return usage.countSeats(tenantId);
      case 'maxCampaigns':
        return usage.countOpenCampaigns(tenantId);
      case 'maxSocialAccounts':
        return usage.countSocialAccounts(tenantId);
    }
  }

  const exceeded = (name: LimitName, used: number, max: number) =>
    new DomainError('LIMIT_EXCEEDED', `${name}: the plan allows ${max} ${LIMIT_LABELS[name]} and ${used} ${used === 1 ? 'is' : 'are'} used`, {
      field: name,
      limit: name,
      used,
      max,
    });

  function requireAmount(amount: number) {
    if (!Number.isInteger(amount) || amount < 1) {
      throw new DomainError('VALIDATION', 'amount: must be a whole number of 1 or more', { field: 'amount' });
    }
  }

  /** "May this user use `amount` more of `name`?" Never changes anything. */
  async function check(tenantId: string, userId: string, name: LimitName, amount = 1): Promise<LimitCheck> {
    requireAmount(amount);
    const { limits } = await limitsFor(tenantId, userId);
    const used = await usedOf(tenantId, userId, name, currentPeriod());
    return { name, allowed: used + amount <= limits[name], limit: limits[name], used };
  }

  return {
    limitsFor,
    check,

    /** Like check, but throws LIMIT_EXCEEDED (with limit, used and max) when it does not fit. */
    async assertAllowed(tenantId: string, userId: string, name: LimitName, amount = 1): Promise<void> {
      const result = await check(tenantId, userId, name, amount);
      if (!result.allowed) throw exceeded(name, result.used, result.limit);
    },

    /**
     * Records `amount` uses of a metered limit in the current calendar month (UTC, by the injected
     * clock), atomically: concurrent callers stop exactly at the limit. Returns the month's use.
     */
    async consume(tenantId: string, userId: string, name: MeteredLimit, amount = 1): Promise<{ used: number; limit: number; period: string }> {
      if (!isMetered(name)) throw new DomainError('VALIDATION', `limit: ${String(name)} is not a metered limit`, { field: 'limit' });
      requireAmount(amount);
      const period = currentPeriod();
      const { limits } = await limitsFor(tenantId, userId);
      const max = limits[name];
      const used = await usage.tryAdd({ tenantId, userId, metric: name, period, amount, max, at: deps.clock.nowIso() });
      if (used === null) throw exceeded(name, await usage.get(tenantId, userId, name, period), max);
      return { used, limit: max, period };
    },

    /** entitlements.get: the member's limits and their use of each. */
    async get(tenantId: string, userId: string): Promise<EntitlementsView> {
      const entitlements = await limitsFor(tenantId, userId);
      const period = currentPeriod();
      const used = await Promise.all(LIMIT_NAMES.map((n) => usedOf(tenantId, userId, n, period)));
      const usageView = Object.fromEntries(LIMIT_NAMES.map((n, i) => [n, used[i]!])) as PackageLimits;
      return { ...entitlements, period, usage: usageView };
    },
  };
}
export type EntitlementsService = ReturnType<typeof entitlementsService>;
