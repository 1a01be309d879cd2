import type { Kysely } from 'kysely';
import { customerMovements, dayOf, type HistoryEvent, type Movement, type MovementKind } from '@shared/analytics';
import type { Database } from '../../platform/db/schema';

// The read models' writes: every change goes through a diff of what a customer's (or member's)
// history says now against what the read model holds for them, so applying the same change twice,
// a late event, or a subscription linked to a member afterwards all end in the same rows as the
// full recomputation. Reads of history for a batch come from `source` (the read pool for the
// catch-up pass, the writer for one listener's few rows); writes always go to the writer.

/** The customer a subscription counts for: its member, or the subscription alone when none is linked yet. */
export const customerKeyOf = (sub: { id: string; userId: string | null }): string => sub.userId ?? `sub:${sub.id}`;

const DAY_COLUMNS = ['newMinor', 'expansionMinor', 'contractionMinor', 'churnedMinor', 'reactivationMinor', 'newCustomers', 'reactivatedCustomers', 'churnedCustomers'] as const;
type DayColumn = (typeof DAY_COLUMNS)[number];
type DayDelta = Record<DayColumn, number>;

const MINOR_COLUMN: Record<MovementKind, DayColumn> = {
  new: 'newMinor',
  expansion: 'expansionMinor',
  contraction: 'contractionMinor',
  churned: 'churnedMinor',
  reactivation: 'reactivationMinor',
};
const CUSTOMER_COLUMN: Partial<Record<MovementKind, DayColumn>> = { new: 'newCustomers', reactivation: 'reactivatedCustomers', churned: 'churnedCustomers' };

interface StoredMovement {
  eventId: string;
  customerKey: string;
  subscriptionId: string;
  day: string;
  occurredAt: string;
  kind: string;
  amountMinor: number;
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** The subscription history of these customers (member user ids or `sub:<id>` keys), grouped by customer. */
export async function loadHistories(source: Kysely<Database>, tenantId: string, keys: readonly string[]): Promise<Map<string, HistoryEvent[]>> {
  const byKey = new Map<string, HistoryEvent[]>(keys.map((k) => [k, []]));
  const users = keys.filter((k) => !k.startsWith('sub:'));
  const subs = keys.filter((k) => k.startsWith('sub:')).map((k) => k.slice(4));
  const base = () =>
    source
      .selectFrom('subscriptionEvents as e')
      .innerJoin('subscriptions as s', 's.id', 'e.subscriptionId')
      .select(['e.id', 'e.subscriptionId', 'e.occurredAt', 'e.status', 'e.amountMinor', 's.interval', 's.userId'])
      .where('s.tenantId', '=', tenantId);
  const rows = [
    ...(await Promise.all(chunks(users, 500).map((part) => base().where('s.userId', 'in', part).execute()))).flat(),
    ...(await Promise.all(chunks(subs, 500).map((part) => base().where('s.id', 'in', part).where('s.userId', 'is', null).execute()))).flat(),
  ];
  for (const r of rows) {
    const key = customerKeyOf({ id: r.subscriptionId, userId: r.userId });
    byKey.get(key)?.push({ id: r.id, subscriptionId: r.subscriptionId, occurredAt: r.occurredAt, status: r.status, amountMinor: Number(r.amountMinor), interval: r.interval });
  }
  return byKey;
}

function addTo(deltas: Map<string, DayDelta>, day: string, kind: string, amountMinor: number, sign: 1 | -1) {
  let d = deltas.get(day);
  if (!d) {
    d = { newMinor: 0, expansionMinor: 0, contractionMinor: 0, churnedMinor: 0, reactivationMinor: 0, newCustomers: 0, reactivatedCustomers: 0, churnedCustomers: 0 };
    deltas.set(day, d);
  }
  const k = kind as MovementKind;
  d[MINOR_COLUMN[k]] += sign * amountMinor;
  const c = CUSTOMER_COLUMN[k];
  if (c) d[c] += sign;
}

async function applyDayDeltas(trx: Kysely<Database>, tenantId: string, deltas: Map<string, DayDelta>) {
  const rows = [...deltas.entries()].filter(([, d]) => DAY_COLUMNS.some((c) => d[c] !== 0)).map(([day, d]) => ({ tenantId, day, ...d }));
  for (const part of chunks(rows, 200)) {
    await trx
      .insertInto('analyticsMrrDays')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['tenantId', 'day']).doUpdateSet((eb) =>
          Object.fromEntries(DAY_COLUMNS.map((c) => [c, eb(eb.ref(`analyticsMrrDays.${c}`), '+', eb.ref(`excluded.${c}`))])) as Record<DayColumn, never>,
        ),
      )
      .execute();
  }
}

/**
 * Brings the movements of these customers in line with their histories (`histories` from
 * loadHistories; customers it names with no events lose their rows). Returns how many movement
 * rows changed.
 */
export async function syncCustomers(trx: Kysely<Database>, tenantId: string, histories: Map<string, HistoryEvent[]>, options: { empty?: boolean } = {}): Promise<number> {
  const keys = [...histories.keys()];
  const stored: StoredMovement[] = options.empty
    ? []
    : (
        await Promise.all(
          chunks(keys, 500).map((part) =>
            trx
              .selectFrom('analyticsMovements')
              .select(['eventId', 'customerKey', 'subscriptionId', 'day', 'occurredAt', 'kind', 'amountMinor'])
              .where('tenantId', '=', tenantId)
              .where('customerKey', 'in', part)
              .execute(),
          ),
        )
      ).flat();
  const storedById = new Map(stored.map((m) => [m.eventId, m]));
  const wanted: (Movement & { customerKey: string })[] = [];
  for (const [customerKey, events] of histories) for (const m of customerMovements(events)) wanted.push({ ...m, customerKey });
  const deltas = new Map<string, DayDelta>();
  const toInsert: StoredMovement[] = [];
  const toDelete: string[] = [];
  for (const m of wanted) {
    const old = storedById.get(m.eventId);
    storedById.delete(m.eventId);
    if (old && old.kind === m.kind && Number(old.amountMinor) === m.amountMinor && old.customerKey === m.customerKey && old.occurredAt === m.occurredAt) continue;
    if (old) {
      toDelete.push(old.eventId);
      addTo(deltas, old.day, old.kind, Number(old.amountMinor), -1);
    }
    const row = { eventId: m.eventId, customerKey: m.customerKey, subscriptionId: m.subscriptionId, day: dayOf(m.occurredAt), occurredAt: m.occurredAt, kind: m.kind, amountMinor: m.amountMinor };
    toInsert.push(row);
    addTo(deltas, row.day, row.kind, row.amountMinor, 1);
  }
  for (const old of storedById.values()) {
    toDelete.push(old.eventId);
    addTo(deltas, old.day, old.kind, Number(old.amountMinor), -1);
  }
  for (const part of chunks(toDelete, 500)) await trx.deleteFrom('analyticsMovements').where('tenantId', '=', tenantId).where('eventId', 'in', part).execute();
  for (const part of chunks(toInsert, 500)) await trx.insertInto('analyticsMovements').values(part.map((r) => ({ tenantId, ...r }))).execute();
  await applyDayDeltas(trx, tenantId, deltas);
  return toInsert.length + toDelete.length;
}

/** The customers whose rows a listener must refresh for one subscription: its customer now, and any it counted for before. */
export async function customersOfSubscription(db: Kysely<Database>, tenantId: string, subscriptionId: string): Promise<string[]> {
  const sub = await db.selectFrom('subscriptions').select(['id', 'userId']).where('tenantId', '=', tenantId).where('id', '=', subscriptionId).executeTakeFirst();
  const before = await db
    .selectFrom('analyticsMovements')
    .select('customerKey')
    .distinct()
    .where('tenantId', '=', tenantId)
    .where('subscriptionId', '=', subscriptionId)
    .execute();
  return [...new Set([...(sub ? [customerKeyOf(sub)] : []), ...before.map((r) => r.customerKey)])];
}

// ---- members ----

interface MemberFact {
  joinSource: string;
  joinedDay: string;
  leftDay: string | null;
}

type MemberDelta = Map<string, { day: string; joinSource: string; joinedCount: number; leftCount: number }>;

function addMember(deltas: MemberDelta, fact: MemberFact, sign: 1 | -1) {
  const bump = (day: string, field: 'joinedCount' | 'leftCount') => {
    const key = `${day}|${fact.joinSource}`;
    const d = deltas.get(key) ?? { day, joinSource: fact.joinSource, joinedCount: 0, leftCount: 0 };
    d[field] += sign;
    deltas.set(key, d);
  };
  bump(fact.joinedDay, 'joinedCount');
  if (fact.leftDay) bump(fact.leftDay, 'leftCount');
}

/** What the read model counts of a membership: the day and way they joined, and the day they left if they are gone. */
export function memberFactOf(m: { joinSource: string; joinedAt: string; status: string; leftAt: string | null }): MemberFact {
  return { joinSource: m.joinSource, joinedDay: dayOf(m.joinedAt), leftDay: m.status === 'active' ? null : dayOf(m.leftAt ?? m.joinedAt) };
}

/**
 * Brings the member facts and day counts of these members in line with `now` (their memberships
 * as they are; a member absent from it has no membership any more).
 */
export async function syncMembers(
  trx: Kysely<Database>,
  tenantId: string,
  userIds: readonly string[],
  now: Map<string, { joinSource: string; joinedAt: string; status: string; leftAt: string | null }>,
  options: { empty?: boolean } = {},
): Promise<number> {
  const stored = options.empty
    ? []
    : (
        await Promise.all(
          chunks(userIds, 500).map((part) =>
            trx.selectFrom('analyticsMemberFacts').select(['userId', 'joinSource', 'joinedDay', 'leftDay']).where('tenantId', '=', tenantId).where('userId', 'in', part).execute(),
          ),
        )
      ).flat();
  const storedBy = new Map(stored.map((f) => [f.userId, f]));
  const deltas: MemberDelta = new Map();
  const upserts: (MemberFact & { userId: string })[] = [];
  const deletes: string[] = [];
  for (const userId of userIds) {
    const old = storedBy.get(userId);
    const row = now.get(userId);
    const fact = row ? memberFactOf(row) : null;
    if (old && fact && old.joinSource === fact.joinSource && old.joinedDay === fact.joinedDay && old.leftDay === fact.leftDay) continue;
    if (old) addMember(deltas, old, -1);
    if (fact) {
      addMember(deltas, fact, 1);
      upserts.push({ userId, ...fact });
    } else if (old) deletes.push(userId);
  }
  for (const part of chunks(deletes, 500)) await trx.deleteFrom('analyticsMemberFacts').where('tenantId', '=', tenantId).where('userId', 'in', part).execute();
  for (const part of chunks(upserts, 500)) {
    await trx
      .insertInto('analyticsMemberFacts')
      .values(part.map((f) => ({ tenantId, ...f })))
      .onConflict((oc) =>
        oc.columns(['tenantId', 'userId']).doUpdateSet((eb) => ({
          joinSource: eb.ref('excluded.joinSource'),
          joinedDay: eb.ref('excluded.joinedDay'),
          leftDay: eb.ref('excluded.leftDay'),
        })),
      )
      .execute();
  }
  const rows = [...deltas.values()].filter((d) => d.joinedCount !== 0 || d.leftCount !== 0).map((d) => ({ tenantId, ...d }));
  for (const part of chunks(rows, 200)) {
    await trx
      .insertInto('analyticsMemberDays')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['tenantId', 'day', 'joinSource']).doUpdateSet((eb) => ({
          joinedCount: eb(eb.ref('analyticsMemberDays.joinedCount'), '+', eb.ref('excluded.joinedCount')),
          leftCount: eb(eb.ref('analyticsMemberDays.leftCount'), '+', eb.ref('excluded.leftCount')),
        })),
      )
      .execute();
  }
  return upserts.length + deletes.length;
}

/** The memberships of these members, as syncMembers reads them. */
export async function loadMemberships(source: Kysely<Database>, tenantId: string, userIds: readonly string[]) {
  const rows = (
    await Promise.all(
      chunks(userIds, 500).map((part) =>
        source.selectFrom('memberships').select(['userId', 'joinSource', 'joinedAt', 'status', 'leftAt']).where('tenantId', '=', tenantId).where('userId', 'in', part).execute(),
      ),
    )
  ).flat();
  return new Map(rows.map((r) => [r.userId, r]));
}

/** Removes every read-model row of a tenant (before a rebuild). */
export async function clearTenant(trx: Kysely<Database>, tenantId: string): Promise<void> {
  for (const table of ['analyticsMovements', 'analyticsMrrDays', 'analyticsMemberFacts', 'analyticsMemberDays'] as const) {
    await trx.deleteFrom(table).where('tenantId', '=', tenantId).execute();
  }
}

