import type { DomainEvent } from '@shared/events';
import { enqueueJob } from '../../platform/jobs/queue';
import type { AreaPlatform } from '../area';
import { clearTenant, customerKeyOf, customersOfSubscription, loadHistories, loadMemberships, syncCustomers, syncMembers } from './read-model';

// Keeping the read models current: one listener job per subscription or member event (work kind
// 'analytics', so they take turns with the catch-up pass), and the catch-up pass, a durable job
// per tenant that builds the read models from the history (a tenant seeded or imported without
// events, a console upgraded) or re-checks what changed since it last ran (events missed while a
// listener was not subscribed). Each push tells open windows to read the figures again.

export const CATCH_UP_JOB = 'analytics.catch-up';
/** Customers (or members) read and written per step of a build: one short write transaction each. */
const BATCH = 2_000;
/** A change committed this long before the last check is looked at again (clocks of two consoles, long transactions). */
const CHECK_OVERLAP_MS = 10 * 60_000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function analyticsUpkeep(platform: AreaPlatform) {
  const { db, reader, clock, jobs, events, push } = platform;

  async function refreshCustomers(tenantId: string, keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return db.transaction().execute(async (trx) => syncCustomers(trx, tenantId, await loadHistories(trx, tenantId, keys)));
  }

  async function refreshMembers(tenantId: string, userIds: string[]): Promise<number> {
    if (userIds.length === 0) return 0;
    return db.transaction().execute(async (trx) => syncMembers(trx, tenantId, userIds, await loadMemberships(trx, tenantId, userIds)));
  }

  async function onSubscriptionEvent(event: DomainEvent<'subscription.created' | 'subscription.updated' | 'subscription.canceled' | 'payment.failed'>) {
    const { subscriptionId, userId } = event.data;
    const keys = subscriptionId ? await customersOfSubscription(db, event.tenantId, subscriptionId) : [userId];
    const changed = await refreshCustomers(event.tenantId, keys);
    if (changed > 0) push.changed(event.tenantId, 'analytics');
  }

  async function onMemberEvent(event: DomainEvent<'member.joined' | 'member.left'>) {
    const changed = await refreshMembers(event.tenantId, [event.data.userId]);
    if (changed > 0) push.changed(event.tenantId, 'analytics');
  }

  for (const type of ['subscription.created', 'subscription.updated', 'subscription.canceled', 'payment.failed'] as const) {
    events.subscribe(type, onSubscriptionEvent, { name: 'analytics', workKind: 'analytics' });
  }
  for (const type of ['member.joined', 'member.left'] as const) events.subscribe(type, onMemberEvent, { name: 'analytics', workKind: 'analytics' });

  /** Every customer and member of the tenant, from nothing, in batches read on the pool. */
  async function build(tenantId: string): Promise<void> {
    await db.transaction().execute((trx) => clearTenant(trx, tenantId));
    let after = '';
    for (;;) {
      const users = await reader
        .selectFrom('subscriptions')
        .select('userId')
        .distinct()
        .where('tenantId', '=', tenantId)
        .where('userId', '>', after)
        .orderBy('userId')
        .limit(BATCH)
        .execute();
      if (users.length === 0) break;
      const keys = users.map((u) => u.userId!);
      const histories = await loadHistories(reader, tenantId, keys);
      await db.transaction().execute((trx) => syncCustomers(trx, tenantId, histories, { empty: true }));
      after = keys[keys.length - 1]!;
      await yieldToLoop();
    }
    const unlinked = await reader.selectFrom('subscriptions').select(['id', 'userId']).where('tenantId', '=', tenantId).where('userId', 'is', null).execute();
    for (let i = 0; i < unlinked.length; i += BATCH) {
      const keys = unlinked.slice(i, i + BATCH).map(customerKeyOf);
      const histories = await loadHistories(reader, tenantId, keys);
      await db.transaction().execute((trx) => syncCustomers(trx, tenantId, histories, { empty: true }));
    }
    let afterUser = '';
    for (;;) {
      const rows = await reader
        .selectFrom('memberships')
        .select(['userId', 'joinSource', 'joinedAt', 'status', 'leftAt'])
        .where('tenantId', '=', tenantId)
        .where('userId', '>', afterUser)
        .orderBy('userId')
        .limit(BATCH * 5)
        .execute();
      if (rows.length === 0) break;
      const now = new Map(rows.map((r) => [r.userId, r]));
      await db.transaction().execute((trx) => syncMembers(trx, tenantId, [...now.keys()], now, { empty: true }));
      afterUser = rows[rows.length - 1]!.userId;
      await yieldToLoop();
    }
  }

  /** What changed since the last check: subscriptions updated and members who joined or left since then. */
  async function check(tenantId: string, sinceIso: string): Promise<void> {
    const subs = await reader.selectFrom('subscriptions').select(['id', 'userId']).where('tenantId', '=', tenantId).where('updatedAt', '>=', sinceIso).execute();
    const keys = new Set(subs.map(customerKeyOf));
    for (const s of subs) if (s.userId) keys.add(`sub:${s.id}`);
    const list = [...keys];
    for (let i = 0; i < list.length; i += BATCH) await refreshCustomers(tenantId, list.slice(i, i + BATCH));
    const members = await reader
      .selectFrom('memberships')
      .select('userId')
      .where('tenantId', '=', tenantId)
      .where((eb) => eb.or([eb('joinedAt', '>=', sinceIso), eb('leftAt', '>=', sinceIso)]))
      .execute();
    const ids = members.map((m) => m.userId);
    for (let i = 0; i < ids.length; i += BATCH) await refreshMembers(tenantId, ids.slice(i, i + BATCH));
  }

  /** The catch-up pass for one tenant: a build the first time, a check of what changed since afterwards. */
  async function catchUp(tenantId: string): Promise<'built' | 'checked'> {
    const startedAt = clock.nowIso();
    const state = await db.selectFrom('analyticsState').selectAll().where('tenantId', '=', tenantId).executeTakeFirst();
    let result: 'built' | 'checked';
    if (!state?.builtAt) {
      await build(tenantId);
      result = 'built';
    } else {
      await check(tenantId, new Date(Date.parse(state.checkedAt ?? state.builtAt) - CHECK_OVERLAP_MS).toISOString());
      result = 'checked';
    }
    const builtAt = result === 'built' ? startedAt : state!.builtAt;
    await db
      .insertInto('analyticsState')
      .values({ tenantId, builtAt, checkedAt: startedAt, updatedAt: clock.nowIso() })
      .onConflict((oc) => oc.column('tenantId').doUpdateSet({ builtAt, checkedAt: startedAt, updatedAt: clock.nowIso() }))
      .execute();
    push.changed(tenantId, 'analytics');
    return result;
  }

  jobs.register(CATCH_UP_JOB, async (payload) => {
    const { tenantId, rebuild } = payload as { tenantId: string; rebuild?: boolean };
    const exists = await db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
    if (!exists) return;
    if (rebuild) await db.updateTable('analyticsState').set({ builtAt: null, updatedAt: clock.nowIso() }).where('tenantId', '=', tenantId).execute();
    await catchUp(tenantId);
  });

  /** Queues the catch-up pass (once per tenant while one is waiting). */
  async function scheduleCatchUp(tenantId: string, options: { rebuild?: boolean } = {}): Promise<void> {
    await enqueueJob(db, clock, {
      kind: CATCH_UP_JOB,
      payload: { tenantId, ...(options.rebuild ? { rebuild: true } : {}) },
      dedupeKey: `${CATCH_UP_JOB}:${tenantId}${options.rebuild ? ':rebuild' : ''}`,
      workKind: 'analytics',
      tenantId,
    });
    jobs.poke();
  }

  return {
    catchUp,
    scheduleCatchUp,
    /** At start: every tenant's catch-up pass (events missed while the console was closed, a seeded tenant). */
    async scheduleOnStart(): Promise<void> {
      const tenants = await db.selectFrom('tenants').select('id').execute();
      for (const t of tenants) await scheduleCatchUp(t.id);
    },
    /** Whether and when the read models were built (null: the first build has not finished). */
    async state(tenantId: string) {
      return (await reader.selectFrom('analyticsState').select(['builtAt', 'checkedAt']).where('tenantId', '=', tenantId).executeTakeFirst()) ?? null;
    },
  };
}
export type AnalyticsUpkeep = ReturnType<typeof analyticsUpkeep>;
