import { PostgresAdapter, sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { compiledStatement } from '../../platform/db/compiled';
import type { Database, WebhookEventsTable } from '../../platform/db/schema';

export type LedgerRow = Selectable<WebhookEventsTable>;
export type LedgerStatus = LedgerRow['status'];

export interface LedgerFilter {
  /** Rows of this tenant… */
  tenantId: string;
  /** …and, for the console owner, those no tenant could be found for. */
  includeUnattributed: boolean;
  provider?: string;
  type?: string;
  status?: LedgerStatus;
}

// The two statements every processed event runs, compiled once (compiledStatement).
// The claim reads the row (locking it on PostgreSQL); the finish counts the attempt.
const claimRow = compiledStatement((db, p: { id: string }) => {
  const q = db.selectFrom('webhookEvents').select('id').where('id', '=', p.id).where('status', 'in', ['received', 'failed']);
  return db.getExecutor().adapter instanceof PostgresAdapter ? q.forUpdate() : q;
});
const finishRow = compiledStatement(
  (db, p: { id: string; status: string; tenantId: string | null; changes: string | null; userId: string | null; lastError: string | null; processedAt: string }) =>
    db
      .updateTable('webhookEvents')
      .set({
        status: p.status as 'applied',
        tenantId: p.tenantId,
        changes: p.changes,
        userId: p.userId,
        lastError: p.lastError,
        processedAt: p.processedAt,
        attempts: sql`attempts + 1`,
      })
      .where('id', '=', p.id),
);

// The listener's group commit: n deliveries in one statement, compiled once per n.
const INSERTED_COLUMNS = ['id', 'provider', 'providerEventId', 'type', 'tenantId', 'headers', 'body', 'status', 'lastError', 'changes', 'receivedAt', 'processedAt', 'userId'] as const;
type InsertedColumn = (typeof INSERTED_COLUMNS)[number];
const insertRows = compiledStatement((db, p: Record<string, string | null>, n: number) =>
  db
    .insertInto('webhookEvents')
    .values(
      Array.from({ length: n }, (_, k) => Object.fromEntries(INSERTED_COLUMNS.map((c) => [c, p[`${c}${k}`]])) as Insertable<WebhookEventsTable>),
    )
    .onConflict((oc) => oc.columns(['provider', 'providerEventId']).doNothing())
    .returning('id'),
);
/** A row the compiled insert can take: every column given (none left to its default but attempts). */
const isWholeRow = (row: Insertable<WebhookEventsTable>): row is Insertable<WebhookEventsTable> & Record<InsertedColumn, string | null> =>
  INSERTED_COLUMNS.every((c) => row[c] !== undefined) && row.attempts === undefined;

/** The inbound webhook ledger: every verified delivery, as received, and what became of it. */
export function webhookLedger(db: Kysely<Database>) {
  const visible = (filter: LedgerFilter) =>
    db.selectFrom('webhookEvents').where((eb) =>
      filter.includeUnattributed ? eb.or([eb('tenantId', '=', filter.tenantId), eb('tenantId', 'is', null)]) : eb('tenantId', '=', filter.tenantId),
    );

  return {
    /** Inserts the delivery unless its provider event id is known; true when it was new. */
    async insertIfNew(row: Insertable<WebhookEventsTable>): Promise<boolean> {
      const inserted = await db
        .insertInto('webhookEvents')
        .values(row)
        .onConflict((oc) => oc.columns(['provider', 'providerEventId']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    /**
     * Inserts several deliveries in one statement, each unless its provider event id is known
     * (or comes earlier in the same list); returns the ids of the rows it inserted.
     */
    async insertManyIfNew(rows: Insertable<WebhookEventsTable>[]): Promise<Set<string>> {
      if (rows.length === 0) return new Set();
      if (rows.every(isWholeRow)) {
        const args: Record<string, string | null> = {};
        rows.forEach((row, k) => {
          for (const c of INSERTED_COLUMNS) args[`${c}${k}`] = row[c];
        });
        return new Set((await insertRows.execute(db, args, rows.length)).rows.map((r) => r.id));
      }
      const inserted = await db
        .insertInto('webhookEvents')
        .values(rows)
        .onConflict((oc) => oc.columns(['provider', 'providerEventId']).doNothing())
        .returning('id')
        .execute();
      return new Set(inserted.map((r) => r.id));
    },

    /** The ledger ids of deliveries already stored, by provider event id. */
    async idsOf(provider: string, providerEventIds: string[]): Promise<Map<string, string>> {
      if (providerEventIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('webhookEvents')
        .select(['id', 'providerEventId'])
        .where('provider', '=', provider)
        .where('providerEventId', 'in', providerEventIds)
        .execute();
      return new Map(rows.map((r) => [r.providerEventId, r.id]));
    },

    /** Rows by id, in the order asked (those not found left out). */
    async findMany(ids: string[]): Promise<LedgerRow[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('webhookEvents').selectAll().where('id', 'in', ids).execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    findById(id: string): Promise<LedgerRow | undefined> {
      return db.selectFrom('webhookEvents').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /**
     * Takes the row for processing: on PostgreSQL locks it until the transaction ends (SELECT …
     * FOR UPDATE), so that two runners never apply the same event; SQLite's transactions are
     * serial already. False when it was processed already. `finish` counts the attempt (a failed
     * one is counted by `recordFailure`), so a claim writes nothing.
     */
    async claim(id: string): Promise<boolean> {
      const { rows } = await claimRow.execute(db, { id });
      return rows.length === 1;
    },

    async finish(
      id: string,
      outcome: { status: 'applied' | 'ignored'; tenantId: string | null; changes: unknown[] | null; userId: string | null; note: string | null; at: string },
    ): Promise<void> {
      await finishRow.execute(db, {
        id,
        status: outcome.status,
        tenantId: outcome.tenantId,
        changes: outcome.changes ? JSON.stringify(outcome.changes) : null,
        userId: outcome.userId,
        lastError: outcome.note,
        processedAt: outcome.at,
      });
    },

    /** A processing attempt failed: `final` marks the row failed, else it waits for its retry. */
    async recordFailure(id: string, failure: { error: string; final: boolean; tenantId?: string | null; countAttempt: boolean; at: string }): Promise<void> {
      await db
        .updateTable('webhookEvents')
        .set({
          lastError: failure.error.slice(0, 2000),
          ...(failure.final ? { status: 'failed' as const, processedAt: failure.at } : {}),
          ...(failure.tenantId !== undefined ? { tenantId: failure.tenantId } : {}),
          ...(failure.countAttempt ? { attempts: sql<number>`attempts + 1` } : {}),
        })
        .where('id', '=', id)
        .where('status', 'in', ['received', 'failed'])
        .execute();
    },

    /** failed → received, once: true when this call did it (the caller then enqueues it). */
    async reopen(id: string): Promise<boolean> {
      const result = await db
        .updateTable('webhookEvents')
        .set({ status: 'received', processedAt: null })
        .where('id', '=', id)
        .where('status', '=', 'failed')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Newest first, by keyset (receivedAt, id) so that a deep page costs what the first does. */
    async page(filter: LedgerFilter, after: { receivedAt: string; id: string } | null, limit: number) {
      let q = visible(filter)
        .leftJoin('users', 'users.id', 'webhookEvents.userId')
        .select([
          'webhookEvents.id',
          'webhookEvents.provider',
          'webhookEvents.providerEventId',
          'webhookEvents.type',
          'webhookEvents.tenantId',
          'webhookEvents.status',
          'webhookEvents.attempts',
          'webhookEvents.lastError',
          'webhookEvents.receivedAt',
          'webhookEvents.processedAt',
          'webhookEvents.userId',
          'users.email as userEmail',
        ]);
      if (filter.provider) q = q.where('webhookEvents.provider', '=', filter.provider);
      if (filter.type) q = q.where('webhookEvents.type', '=', filter.type);
      if (filter.status) q = q.where('webhookEvents.status', '=', filter.status);
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb('webhookEvents.receivedAt', '<', after.receivedAt),
            eb.and([eb('webhookEvents.receivedAt', '=', after.receivedAt), eb('webhookEvents.id', '<', after.id)]),
          ]),
        );
      }
      return q.orderBy('webhookEvents.receivedAt', 'desc').orderBy('webhookEvents.id', 'desc').limit(limit).execute();
    },

    /** One row with the member it touched, if the caller may see it. */
    findVisible(filter: LedgerFilter, id: string) {
      return visible(filter)
        .leftJoin('users', 'users.id', 'webhookEvents.userId')
        .selectAll('webhookEvents')
        .select(['users.email as userEmail', 'users.name as userName'])
        .where('webhookEvents.id', '=', id)
        .executeTakeFirst();
    },
  };
}
export type WebhookLedger = ReturnType<typeof webhookLedger>;
