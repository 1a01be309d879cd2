import type { Kysely } from 'kysely';
import { ACCESS_GRANTING_STATUSES } from '@shared/domain';
import {
  BUILT_IN_FREE_LIMITS,
  LIMIT_LABELS,
  LIMIT_NAMES,
  METERED_LIMITS,
  limitsOf,
  type LimitName,
  type PackageLimits,
} from '@shared/packages';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/schema';
import type { ConsumeEntitlementInput, ReleaseEntitlementInput } from '@shared/schemas/entitlements';
import { DomainError } from '../../platform/errors';
import { toPackageRecord } from '../catalog/repositories/packages';
import { HELD_PERIOD, usageRepository, type Consumption, type UsageRepository } from './repositories/usage';

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

/** The answer of check, consume and release: where one limit stands for the member. */
export interface LimitState {
  limit: LimitName;
  /** check: whether `amount` more fit; consume: true (a refusal is a LIMIT_EXCEEDED error). */
  allowed: boolean;
  used: number;
  /** The package's maximum. */
  max: number;
  remaining: number;
  /** Metered limits: when this month's count starts again at zero (UTC); count limits: null. */
  resetsAt: string | null;
  /** When use was first seen above a lowered limit (downgrade, lapse); null while within it. */
  overLimitSince: string | null;
}

/** entitlements.get: the member's limits and what they have used, metered ones for `period`. */
export interface EntitlementsView extends Entitlements {
  /** The calendar month (UTC, 'YYYY-MM') that metered usage counts in. */
  period: string;
  usage: PackageLimits;
  /** When metered use resets (the next month, 00:00 UTC). */
  resetsAt: string;
  overLimitSince: Record<LimitName, string | null>;
}

export const isMetered = (name: LimitName): boolean => (METERED_LIMITS as readonly string[]).includes(name);

/** 00:00 UTC on the first day of the month after `period` ('YYYY-MM'). */
export function periodEnd(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString();
}

/** A refused use inside the transaction: rolls the claimed key back. */
class Refused extends Error {}

export function entitlementsService(deps: { db: Kysely<Database>; clock: Clock }) {
  const usage = usageRepository(deps.db);
  const currentPeriod = () => deps.clock.nowIso().slice(0, 7);
  const counterKey = (tenantId: string, userId: string, name: LimitName) => ({
    tenantId,
    userId,
    metric: name,
    period: isMetered(name) ? currentPeriod() : HELD_PERIOD,
  });
  const resetsAtOf = (name: LimitName) => (isMetered(name) ? periodEnd(currentPeriod()) : null);

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

  /** Where `name` stands against `max`; notes (or clears) the over-limit time as a side effect. */
  async function stateOf(tenantId: string, userId: string, name: LimitName, max: number, amount: number): Promise<LimitState> {
    const key = counterKey(tenantId, userId, name);
    const current = await usage.get(key);
    const over = current.used > max;
    const overLimitSince =
      over || current.overLimitSince ? await usage.noteOverLimit(key, over, deps.clock.nowIso()) : null;
    return {
      limit: name,
      allowed: current.used + amount <= max,
      used: current.used,
      max,
      remaining: Math.max(0, max - current.used),
      resetsAt: resetsAtOf(name),
      overLimitSince,
    };
  }

  const exceeded = (s: LimitState) =>
    new DomainError(
      'LIMIT_EXCEEDED',
      `${s.limit}: the plan allows ${s.max} ${LIMIT_LABELS[s.limit]} and ${s.used} ${s.used === 1 ? 'is' : 'are'} used`,
      { limit: s.limit, used: s.used, max: s.max, resetsAt: s.resetsAt, overLimitSince: s.overLimitSince },
    );

  /** "May this user use `amount` more of `name`?" Never changes what is used. */
  async function check(tenantId: string, userId: string, name: LimitName, amount = 1): Promise<LimitState> {
    requireAmount(amount);
    const { limits } = await limitsFor(tenantId, userId);
    return stateOf(tenantId, userId, name, limits[name], amount);
  }

  /** The first answer to a key, given again; the key must name the same use. */
  function replay(first: Consumption, input: ConsumeEntitlementInput): LimitState {
    if (first.metric !== input.limit || first.amount !== input.amount) {
      throw new DomainError(
        'CONFLICT',
        `idempotencyKey: already used for ${first.amount} of ${first.metric}; send a new key for another use`,
        { field: 'idempotencyKey' },
      );
    }
    const name = first.metric as LimitName;
    return { limit: name, allowed: true, used: first.used, max: first.max, remaining: Math.max(0, first.max - first.used), resetsAt: first.resetsAt, overLimitSince: null };
  }

  return {
    limitsFor,
    check,

    /** Like check, but throws LIMIT_EXCEEDED (with limit, used, max and resetsAt) when it does not fit. */
    async assertAllowed(tenantId: string, userId: string, name: LimitName, amount = 1): Promise<void> {
      const result = await check(tenantId, userId, name, amount);
      if (!result.allowed) throw exceeded(result);
    },

    /**
     * Uses `amount` of a limit, exactly once per idempotency key. In one transaction: the key is
     * claimed (a concurrent call with the same key waits for it, then answers what it got), then the
     * counter is raised by a conditional upsert that never passes the limit. Metered limits count in
     * the current UTC month (by the injected clock), count limits hold until released. Over the
     * limit nothing is kept, the key included, and the answer is LIMIT_EXCEEDED.
     */
    async consume(tenantId: string, userId: string, input: ConsumeEntitlementInput): Promise<LimitState> {
      const name = input.limit;
      requireAmount(input.amount);
      const { limits } = await limitsFor(tenantId, userId);
      const max = limits[name];
      const key = counterKey(tenantId, userId, name);
      const at = deps.clock.nowIso();
      const resetsAt = resetsAtOf(name);
      try {
        return await deps.db.transaction().execute(async (trx) => {
          const repo: UsageRepository = usageRepository(trx);
          const claimed = await repo.claimKey({ ...key, idempotencyKey: input.idempotencyKey, amount: input.amount, used: 0, max, resetsAt, createdAt: at, releasedAt: null });
          if (!claimed) return replay((await repo.consumption(tenantId, userId, input.idempotencyKey))!, input);
          const used = await repo.tryAdd({ ...key, amount: input.amount, max, at });
          if (used === null) throw new Refused();
          await repo.recordAnswer(tenantId, userId, input.idempotencyKey, used);
          return { limit: name, allowed: true, used, max, remaining: max - used, resetsAt, overLimitSince: null };
        });
      } catch (err) {
        if (err instanceof Refused) throw exceeded(await stateOf(tenantId, userId, name, max, input.amount));
        throw err;
      }
    },

    /**
     * Gives back the use made with `idempotencyKey` (a social account disconnected, a team member
     * removed), once: releasing it again changes nothing. Metered limits are not given back, they
     * reset at the month's end.
     */
    async release(tenantId: string, userId: string, input: ReleaseEntitlementInput): Promise<LimitState> {
      const name = input.limit;
      if (isMetered(name)) {
        throw new DomainError('VALIDATION', `limit: ${name} is counted per month and starts again at zero on ${resetsAtOf(name)}; it cannot be released`, { field: 'limit' });
      }
      const { limits } = await limitsFor(tenantId, userId);
      await deps.db.transaction().execute(async (trx) => {
        const repo = usageRepository(trx);
        const use = await repo.consumption(tenantId, userId, input.idempotencyKey);
        if (!use) throw new DomainError('NOT_FOUND', 'idempotencyKey: no use was made with this key', { field: 'idempotencyKey' });
        if (use.metric !== name) {
          throw new DomainError('CONFLICT', `idempotencyKey: that use was of ${use.metric}, not ${name}`, { field: 'idempotencyKey' });
        }
        if (await repo.markReleased(tenantId, userId, input.idempotencyKey, deps.clock.nowIso())) {
          await repo.subtract(counterKey(tenantId, userId, name), use.amount, deps.clock.nowIso());
        }
      });
      return stateOf(tenantId, userId, name, limits[name], 1);
    },

    /** entitlements.get: the member's limits and their use of each. */
    async get(tenantId: string, userId: string): Promise<EntitlementsView> {
      const entitlements = await limitsFor(tenantId, userId);
      const period = currentPeriod();
      const states = await Promise.all(LIMIT_NAMES.map((n) => stateOf(tenantId, userId, n, entitlements.limits[n], 1)));
      const pick = <K extends 'used' | 'overLimitSince'>(k: K) =>
        Object.fromEntries(LIMIT_NAMES.map((n, i) => [n, states[i]![k]])) as Record<LimitName, LimitState[K]>;
      return { ...entitlements, period, resetsAt: periodEnd(period), usage: pick('used'), overLimitSince: pick('overLimitSince') };
    },

    /** Packages → how many of their subscribers are at or over one of its limits (Packages page). */
    async membersAtLimitByPackage(tenantId: string): Promise<Map<string, number>> {
      return usage.atLimitByPackage(tenantId, currentPeriod(), ACCESS_GRANTING_STATUSES);
    },
  };
}

function requireAmount(amount: number) {
  if (!Number.isInteger(amount) || amount < 1) {
    throw new DomainError('VALIDATION', 'amount: must be a whole number of 1 or more', { field: 'amount' });
  }
}
export type EntitlementsService = ReturnType<typeof entitlementsService>;
