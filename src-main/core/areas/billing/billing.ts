import { bestSubscriptionStatus } from '@shared/member-tier';
import type { Kysely } from 'kysely';
import type { PaymentProvider, SubscriptionStatus } from '@shared/domain';
import type { Clock } from '../../platform/clock';
import { compiledStatement } from '../../platform/db/compiled';
import type { Dialect } from '../../platform/db/connect';
import type { Database, User } from '../../platform/db/schema';
import { invalid } from '../../platform/errors';
import type { EventBus } from '../../platform/events';
import { newId } from '../../platform/ids';
import { enqueueJob } from '../../platform/jobs/queue';
import type { JobRunner } from '../../platform/jobs/runner';
import { RetryLater } from '../../platform/jobs/backoff';
import { auditRepository } from '../../platform/audit';
import { customersRepository } from './repositories/customers';
import { CONSOLE_SCOPE, settingsRepository } from '../../platform/settings-store';
import { subscriptionsRepository, type Subscription, type SubscriptionUpdate } from './repositories/subscriptions';

/** One thing an event changed, as the Webhooks page shows it. */
export interface Change {
  entity: 'user' | 'membership' | 'customer' | 'subscription' | 'group_member';
  id: string;
  field: string;
  from: unknown;
  to: unknown;
}

/** What one unit of work changed, and the member it touched. */
export class ChangeLog {
  readonly changes: Change[] = [];
  userId: string | null = null;
  add(entity: Change['entity'], id: string, field: string, from: unknown, to: unknown): void {
    this.changes.push({ entity, id, field, from, to });
  }
  touch(userId: string | null | undefined): void {
    if (userId && !this.userId) this.userId = userId;
  }
}

/**
 * A subscription's state as one provider event tells it.
 * - `full`: a subscription object (every field known);
 * - `status`: an invoice event (only the status it implies);
 * - `provisional`: a checkout (links the member; active only if we knew nothing yet).
 */
export interface SubscriptionState {
  provider: PaymentProvider;
  providerSubscriptionId: string;
  /** The provider's own time of this state (ISO). */
  at: string;
  source: 'full' | 'status' | 'provisional';
  /** The first state of a subscription (…created): never beats a state of the same second. */
  initial?: boolean;
  status?: SubscriptionStatus;
  /** Apply `status` only when the stored one is one of these (invoice.paid must not end a trial). */
  onlyFromStatuses?: readonly SubscriptionStatus[];
  planId?: string | null;
  packageId?: string | null;
  /** Find the package by the provider's price (Stripe) or variant (Lemon Squeezy). */
  packageRef?: { stripePriceId: string } | { variantId: string };
  amountMinor?: number;
  currency?: string;
  interval?: string;
  currentPeriodEnd?: string | null;
  cancelAtPeriodEnd?: boolean;
  canceledAt?: string | null;
  startedAt?: string;
  userId?: string | null;
  customerId?: string | null;
}

/** The time we give a state no provider event has confirmed yet: any real state beats it. */
export const UNCONFIRMED = '1970-01-01T00:00:00.000Z';
/** Neither provider revives these: a new purchase is a new subscription id. */
const TERMINAL: readonly SubscriptionStatus[] = ['canceled', 'incomplete_expired'];
/** Best first: the member's status is the best of their subscriptions. */
const DEFAULT_GRACE_DAYS = 3;
const GRACE_DAYS_KEY = 'billing.grace_days';
const GRACE_END_JOB = 'billing.grace-end';
const PERIOD_END_JOB = 'billing.period-end';
const DAY_MS = 86_400_000;

/**
 * Whether an incoming state replaces the stored one. Newest provider time wins; on a tie the
 * later delivery wins unless it is the subscription's first state or the stored one is final.
 */
export function incomingStateWins(stored: { status: SubscriptionStatus; providerUpdatedAt: string }, incoming: SubscriptionState): boolean {
  if (incoming.source === 'provisional') return false;
  if (stored.providerUpdatedAt === UNCONFIRMED) return true;
  const order = Date.parse(incoming.at) - Date.parse(stored.providerUpdatedAt);
  if (TERMINAL.includes(stored.status)) return order > 0 && incoming.provider !== 'stripe';
  if (order > 0) return true;
  return order === 0 && !incoming.initial;
}

/**
 * The status that decides the member's access: a past_due subscription inside its grace period
 * still counts as active (the owner chose to keep access while the provider retries).
 */
export function effectiveStatus(sub: { status: SubscriptionStatus; graceEndsAt: string | null }, nowIso: string): SubscriptionStatus {
  if (sub.status === 'past_due' && sub.graceEndsAt && sub.graceEndsAt > nowIso) return 'active';
  return sub.status;
}

const packageByStripePrice = compiledStatement((db, p: { tenantId: string; stripePriceId: string }) =>
  db.selectFrom('packages').select(['id', 'priceMinor', 'interval', 'currency']).where('tenantId', '=', p.tenantId).where('stripePriceId', '=', p.stripePriceId),
);
const graceDaySettings = compiledStatement((db, p: { tenantId: string; consoleScope: string; key: string }) =>
  db.selectFrom('settings').select(['scope', 'value']).where('key', '=', p.key).where((eb) => eb.or([eb('scope', '=', p.tenantId), eb('scope', '=', p.consoleScope)])),
);

export function billingService(deps: { db: Kysely<Database>; dialect: Dialect; clock: Clock; events: EventBus; jobs: JobRunner }) {
  const { clock, events, dialect } = deps;

  async function graceDays(db: Kysely<Database>, tenantId: string): Promise<number> {
    // The tenant's own setting, else the console's: both in one read.
    const { rows } = await graceDaySettings.execute(db, { tenantId, consoleScope: CONSOLE_SCOPE, key: GRACE_DAYS_KEY });
    const row = rows.find((r) => r.scope === tenantId) ?? rows.find((r) => r.scope === CONSOLE_SCOPE);
    const days = row ? Number(row.value) : NaN;
    return Number.isFinite(days) && days >= 0 ? days : DEFAULT_GRACE_DAYS;
  }

  /** Everything billing does inside one transaction, recording what it changed in `log`. */
  function session(trx: Kysely<Database>, log: ChangeLog) {
    const subs = subscriptionsRepository(trx, dialect);
    const customers = customersRepository(trx);

    async function recomputeMember(tenantId: string, userId: string): Promise<void> {
      const membership = await trx
        .selectFrom('memberships')
        .select(['id', 'subscriptionStatus'])
        .where('tenantId', '=', tenantId)
        .where('userId', '=', userId)
        .executeTakeFirst();
      if (!membership) return;
      const now = clock.nowIso();
      const rows = await subs.listForMember(tenantId, userId);
      const best = bestSubscriptionStatus(rows.map((r) => effectiveStatus(r, now)));
      if (best === membership.subscriptionStatus) return;
      await trx.updateTable('memberships').set({ subscriptionStatus: best }).where('id', '=', membership.id).execute();
      log.add('membership', membership.id, 'subscriptionStatus', membership.subscriptionStatus, best);
      log.touch(userId);
    }

    async function packageFor(tenantId: string, state: SubscriptionState) {
      if (!state.packageRef && !state.packageId) return undefined;
      // A Stripe subscription event's price: every such event asks, so compiled once.
      if (!state.packageId && state.packageRef && 'stripePriceId' in state.packageRef) {
        return (await packageByStripePrice.execute(trx, { tenantId, stripePriceId: state.packageRef.stripePriceId })).rows[0];
      }
      let q = trx.selectFrom('packages').select(['id', 'priceMinor', 'interval', 'currency']).where('tenantId', '=', tenantId);
      if (state.packageId) q = q.where('id', '=', state.packageId);
      else if (state.packageRef && 'stripePriceId' in state.packageRef) q = q.where('stripePriceId', '=', state.packageRef.stripePriceId);
      else if (state.packageRef) q = q.where('variantId', '=', state.packageRef.variantId);
      return q.executeTakeFirst();
    }

    function publishSubscription(type: 'subscription.created' | 'subscription.updated' | 'subscription.canceled', sub: Subscription) {
      if (!sub.userId) return;
      return events.publish(trx, {
        type,
        tenantId: sub.tenantId,
        data: {
          userId: sub.userId,
          tenantId: sub.tenantId,
          subscriptionId: sub.id,
          provider: sub.provider,
          planId: sub.planId,
          packageId: sub.packageId,
          status: sub.status,
          currentPeriodEnd: sub.currentPeriodEnd,
          cancelAtPeriodEnd: sub.cancelAtPeriodEnd === 1,
        },
      });
    }

    async function scheduleFollowUps(sub: Subscription) {
      if (sub.status === 'past_due' && sub.graceEndsAt) {
        await enqueueJob(trx, clock, {
          kind: GRACE_END_JOB,
          payload: { subscriptionId: sub.id, graceEndsAt: sub.graceEndsAt },
          runAt: sub.graceEndsAt,
          dedupeKey: `grace-end:${sub.id}:${sub.graceEndsAt}`,
        });
      }
      if (sub.cancelAtPeriodEnd === 1 && sub.currentPeriodEnd && !TERMINAL.includes(sub.status)) {
        await enqueueJob(trx, clock, {
          kind: PERIOD_END_JOB,
          payload: { subscriptionId: sub.id, endsAt: sub.currentPeriodEnd },
          runAt: sub.currentPeriodEnd,
          dedupeKey: `period-end:${sub.id}:${sub.currentPeriodEnd}`,
        });
      }
    }

    return {
      recomputeMember,

      /**
       * A checkout that names a package must name one of this tenant's: one that does not is
       * refused whole (the event is marked failed with the reason) rather than applied with an
       * invented package.
       */
      async requirePackage(tenantId: string, packageId: string, field: string): Promise<void> {
        const pkg = await trx.selectFrom('packages').select('id').where('tenantId', '=', tenantId).where('id', '=', packageId).executeTakeFirst();
        if (!pkg) throw new PayloadError(`${field}: "${packageId}" is not a package of this community; nothing was applied (no member, no subscription)`);
      },

      findUser: (userId: string) => trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst(),

      /** The user named by the provider's metadata, else the one with the email, else a new one. */
      async findOrCreateUser(input: { userId?: string | null; email?: string | null; name?: string | null }): Promise<User> {
        if (input.userId) {
          const byId = await trx.selectFrom('users').selectAll().where('id', '=', input.userId).executeTakeFirst();
          if (byId) return byId;
        }
        const email = input.email?.trim().toLowerCase();
        if (!email) throw new PayloadError('the event names no known user (metadata userId) and carries no customer email');
        const byEmail = await trx.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
        if (byEmail) return byEmail;
        const user: User = {
          id: newId('user'),
          email,
          name: input.name?.trim() || email.split('@')[0]!,
          avatarUrl: null,
          createdAt: clock.nowIso(),
          erasedAt: null,
        };
        await trx.insertInto('users').values(user).execute();
        log.add('user', user.id, 'created', null, email);
        return user;
      },

      /**
       * Makes the user an active member; a new member joins as `paid`, an existing one keeps the
       * way they joined. Returns whether they joined (or came back) through this call.
       */
      async ensurePaidMembership(tenantId: string, user: User): Promise<{ joined: boolean }> {
        log.touch(user.id);
        const existing = await trx.selectFrom('memberships').selectAll().where('tenantId', '=', tenantId).where('userId', '=', user.id).executeTakeFirst();
        const now = clock.nowIso();
        if (!existing) {
          const id = newId('membership');
          await trx
            .insertInto('memberships')
            .values({ id, tenantId, userId: user.id, role: 'MEMBER', joinSource: 'paid', subscriptionStatus: null, compedUntil: null, joinedAt: now, lastActiveAt: null, leftAt: null })
            .execute();
          log.add('membership', id, 'created', null, 'paid');
          return { joined: true };
        }
        if (existing.status !== 'active') {
          await trx.updateTable('memberships').set({ status: 'active', leftAt: null }).where('id', '=', existing.id).execute();
          log.add('membership', existing.id, 'status', existing.status, 'active');
          return { joined: true };
        }
        return { joined: false };
      },

      /** Publishes member.joined with the seed's payload, after any group was joined. */
      async announceJoin(tenantId: string, user: User): Promise<void> {
        const membership = await trx.selectFrom('memberships').select('joinSource').where('tenantId', '=', tenantId).where('userId', '=', user.id).executeTakeFirstOrThrow();
        const groups = await trx
          .selectFrom('groupMembers as gm')
          .innerJoin('groups as g', 'g.id', 'gm.groupId')
          .select('g.id')
          .where('g.tenantId', '=', tenantId)
          .where('gm.userId', '=', user.id)
          .orderBy('g.id')
          .execute();
        await events.publish(trx, {
          type: 'member.joined',
          tenantId,
          data: { userId: user.id, tenantId, email: user.email, joinSource: membership.joinSource, groups: groups.map((g) => g.id) },
        });
      },

      /** Adds the member to a group of the tenant; an unknown group is reported, not fatal. */
      async joinGroup(tenantId: string, groupId: string, userId: string): Promise<void> {
        const group = await trx.selectFrom('groups').select('id').where('id', '=', groupId).where('tenantId', '=', tenantId).executeTakeFirst();
        if (!group) {
          log.add('group_member', groupId, 'skipped', null, 'no such group in this tenant');
          return;
        }
        const inserted = await trx
          .insertInto('groupMembers')
          .values({ groupId, userId, addedAt: clock.nowIso() })
          .onConflict((oc) => oc.columns(['groupId', 'userId']).doNothing())
          .returning('groupId')
          .executeTakeFirst();
        if (inserted) log.add('group_member', groupId, 'member', null, userId);
      },

      async upsertCustomer(input: { tenantId: string; provider: PaymentProvider; providerCustomerId: string; userId: string | null; email: string | null }) {
        const result = await customers.upsert({ ...input, at: clock.nowIso() });
        if (result.created) log.add('customer', result.customer.id, 'created', null, input.providerCustomerId);
        if (result.linked) log.add('customer', result.customer.id, 'userId', null, input.userId);
        return result.customer;
      },

      /** The customer row of a provider customer id, if we know it. */
      findCustomer: (tenantId: string, provider: PaymentProvider, providerCustomerId: string) => customers.find(tenantId, provider, providerCustomerId),

      /**
       * The idempotent upsert every subscription event goes through: links what it can, applies
       * the state if it is the newest, writes history, publishes, and keeps the member in step.
       */
      async applySubscription(tenantId: string, state: SubscriptionState): Promise<Subscription> {
        const now = clock.nowIso();
        const pkg = await packageFor(tenantId, state);
        const existing = await subs.findByProviderId(tenantId, state.provider, state.providerSubscriptionId, { forUpdate: true });
        const amountMinor = state.amountMinor ?? (pkg ? pkg.priceMinor : undefined);
        const details = {
          planId: state.planId,
          // A price with no package of ours leaves the subscription without one.
          packageId: state.packageRef || state.packageId ? (pkg?.id ?? null) : undefined,
          amountMinor,
          currency: state.currency ?? pkg?.currency,
          interval: state.interval ?? pkg?.interval,
          currentPeriodEnd: state.currentPeriodEnd,
        };

        if (!existing) {
          const status = state.status ?? 'active';
          const row: Subscription = {
            id: newId('subscription'),
            tenantId,
            userId: state.userId ?? null,
            customerId: state.customerId ?? null,
            packageId: details.packageId ?? null,
            provider: state.provider,
            providerSubscriptionId: state.providerSubscriptionId,
            planId: details.planId ?? null,
            status,
            amountMinor: details.amountMinor ?? 0,
            currency: (details.currency ?? 'USD').toUpperCase(),
            interval: details.interval ?? 'month',
            currentPeriodEnd: details.currentPeriodEnd ?? null,
            cancelAtPeriodEnd: state.cancelAtPeriodEnd ? 1 : 0,
            startedAt: state.startedAt ?? state.at,
            canceledAt: state.canceledAt ?? (status === 'canceled' ? state.at : null),
            graceEndsAt: status === 'past_due' ? new Date(Date.parse(state.at) + (await graceDays(trx, tenantId)) * DAY_MS).toISOString() : null,
            providerUpdatedAt: state.source === 'provisional' ? UNCONFIRMED : state.at,
            createdAt: now,
            updatedAt: now,
          };
          await subs.insert(row);
          await subs.recordEvent({ tenantId, subscriptionId: row.id, kind: 'created', status, amountMinor: row.amountMinor, occurredAt: state.at });
          log.add('subscription', row.id, 'status', null, status);
          log.touch(row.userId);
          await publishSubscription('subscription.created', row);
          if (status === 'canceled') await publishSubscription('subscription.canceled', row);
          await scheduleFollowUps(row);
          if (row.userId) await recomputeMember(tenantId, row.userId);
          return row;
        }

        const set: SubscriptionUpdate = {};
        const next: Subscription = { ...existing };
        const change = <K extends keyof Subscription>(field: K, value: Subscription[K]) => {
          if (value === existing[field]) return;
          (set as Record<string, unknown>)[field] = value;
          next[field] = value;
          log.add('subscription', existing.id, field, existing[field], value);
        };

        // Links only ever fill a gap: whichever event first names the member or customer wins.
        const linksUser = !existing.userId && !!state.userId;
        if (linksUser) change('userId', state.userId!);
        if (!existing.customerId && state.customerId) change('customerId', state.customerId);

        const wins = incomingStateWins(existing, state);
        const statusAllowed = !state.onlyFromStatuses || state.onlyFromStatuses.includes(existing.status);
        if (wins) {
          if (state.status && statusAllowed) change('status', state.status);
          if (details.planId !== undefined) change('planId', details.planId);
          if (details.packageId !== undefined) change('packageId', details.packageId);
          if (details.amountMinor !== undefined) change('amountMinor', details.amountMinor);
          if (details.currency !== undefined) change('currency', details.currency.toUpperCase());
          if (details.interval !== undefined) change('interval', details.interval);
          if (details.currentPeriodEnd !== undefined) change('currentPeriodEnd', details.currentPeriodEnd);
          if (state.cancelAtPeriodEnd !== undefined) change('cancelAtPeriodEnd', state.cancelAtPeriodEnd ? 1 : 0);
          if (state.canceledAt !== undefined) change('canceledAt', state.canceledAt);
          if (next.status === 'canceled' && !next.canceledAt) change('canceledAt', state.at);
          // An invoice speaks only for the status: it moves the clock only when it moved the status.
          const speaksForState = state.source === 'full' || next.status !== existing.status;
          if (speaksForState && state.at > existing.providerUpdatedAt) {
            set.providerUpdatedAt = state.at;
            next.providerUpdatedAt = state.at;
          }
        } else if (state.source !== 'provisional') {
          // An older event may still fill in what no newer one has told us (a checkout carries
          // only the subscription's id): details, never the status.
          if (existing.planId === null && details.planId) {
            change('planId', details.planId);
            if (details.amountMinor !== undefined) change('amountMinor', details.amountMinor);
            if (details.interval !== undefined) change('interval', details.interval);
          }
          if (existing.packageId === null && details.packageId) change('packageId', details.packageId);
          if (existing.currentPeriodEnd === null && details.currentPeriodEnd) change('currentPeriodEnd', details.currentPeriodEnd);
        }

        // The grace period starts when a subscription falls past due and ends when it recovers.
        if (next.status === 'past_due' && existing.status !== 'past_due') {
          change('graceEndsAt', new Date(Date.parse(state.at) + (await graceDays(trx, tenantId)) * DAY_MS).toISOString());
        } else if (next.status !== 'past_due' && existing.graceEndsAt) {
          change('graceEndsAt', null);
        }

        if (Object.keys(set).length === 0) return existing;
        set.updatedAt = now;
        next.updatedAt = now;
        await subs.update(existing.id, set);
        log.touch(next.userId);

        const statusChanged = next.status !== existing.status;
        const moneyChanged = next.amountMinor !== existing.amountMinor || next.planId !== existing.planId;
        if (statusChanged || moneyChanged) {
          const kind = !statusChanged ? 'updated' : next.status === 'canceled' ? 'canceled' : next.status === 'past_due' ? 'payment_failed' : 'updated';
          await subs.recordEvent({ tenantId, subscriptionId: existing.id, kind, status: next.status, amountMinor: next.amountMinor, occurredAt: state.at });
        }
        if (linksUser) await publishSubscription('subscription.created', next);
        else if (statusChanged && next.status === 'canceled') await publishSubscription('subscription.canceled', next);
        else if (statusChanged || moneyChanged || set.currentPeriodEnd !== undefined || set.cancelAtPeriodEnd !== undefined) {
          await publishSubscription('subscription.updated', next);
        }
        await scheduleFollowUps(next);
        if (next.userId) await recomputeMember(tenantId, next.userId);
        return next;
      },

      /** The payment.failed platform event (once per provider event: the ledger dedupes those). */
      async publishPaymentFailed(sub: Subscription, details: { amountMinor?: number; currency?: string; invoiceId?: string }) {
        if (!sub.userId) return;
        await events.publish(trx, {
          type: 'payment.failed',
          tenantId: sub.tenantId,
          data: {
            userId: sub.userId,
            tenantId: sub.tenantId,
            subscriptionId: sub.id,
            planId: sub.planId,
            status: sub.status,
            graceEndsAt: sub.graceEndsAt,
            ...details,
          },
        });
      },
    };
  }

  // At the end of a grace period the member's status is recomputed: unless a payment arrived
  // (which cleared graceEndsAt), the past_due subscription stops granting access.
  deps.jobs.register(GRACE_END_JOB, async (payload) => {
    const { subscriptionId } = payload as { subscriptionId: string; graceEndsAt: string };
    await deps.db.transaction().execute(async (trx) => {
      const sub = await subscriptionsRepository(trx, dialect).findById(subscriptionId);
      if (!sub?.userId || !sub.graceEndsAt) return;
      if (sub.graceEndsAt > clock.nowIso()) throw new RetryLater(Date.parse(sub.graceEndsAt) - clock.nowMs(), 'grace period not over yet');
      const log = new ChangeLog();
      await session(trx, log).recomputeMember(sub.tenantId, sub.userId);
      if (log.changes.length > 0) {
        await auditRepository(trx).record({
          tenantId: sub.tenantId,
          actorUserId: null,
          action: 'billing.grace_ended',
          targetType: 'subscription',
          targetId: sub.id,
          after: log.changes,
          at: clock.nowIso(),
        });
      }
    });
  });

  // A subscription cancelled at its period end is over once that time passes, even if the
  // provider's final event never reaches this desktop.
  deps.jobs.register(PERIOD_END_JOB, async (payload) => {
    const { subscriptionId, endsAt } = payload as { subscriptionId: string; endsAt: string };
    await deps.db.transaction().execute(async (trx) => {
      const sub = await subscriptionsRepository(trx, dialect).findById(subscriptionId);
      if (!sub || sub.cancelAtPeriodEnd !== 1 || sub.currentPeriodEnd !== endsAt || TERMINAL.includes(sub.status)) return;
      if (endsAt > clock.nowIso()) throw new RetryLater(Date.parse(endsAt) - clock.nowMs(), 'period not over yet');
      await session(trx, new ChangeLog()).applySubscription(sub.tenantId, {
        provider: sub.provider,
        providerSubscriptionId: sub.providerSubscriptionId,
        at: sub.providerUpdatedAt,
        source: 'full',
        status: 'canceled',
        canceledAt: sub.canceledAt ?? endsAt,
      });
    });
  });

  return {
    session,
    graceDays: (tenantId: string) => graceDays(deps.db, tenantId),

    /** The owner's grace period after a failed payment, in whole days (0 revokes at once). */
    async setGraceDays(tenantId: string, days: number): Promise<void> {
      if (!Number.isInteger(days) || days < 0 || days > 60) throw invalid('graceDays', 'must be a whole number of days from 0 to 60');
      await settingsRepository(deps.db).put(tenantId, GRACE_DAYS_KEY, String(days), false, clock.nowIso());
    },
  };
}
export type BillingService = ReturnType<typeof billingService>;
export type BillingSession = ReturnType<BillingService['session']>;

/** The event's content cannot be applied as it stands (retrying will not help). */
export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}
