import { sql, type Kysely, type Selectable } from 'kysely';
import type { BulkFailure } from '@shared/schemas/member-changes';
import type { Dialect } from '@core/platform/db/connect';
import type { BulkOperationsTable, Database } from '@core/platform/db/schema';

export type BulkOperationRow = Selectable<BulkOperationsTable>;

/** Only the first failures are kept with their reasons; the count covers all of them. */
export const MAX_KEPT_FAILURES = 1_000;

export interface BatchProgress {
  cursor: string | null;
  done: number;
  changed: number;
  unchanged: number;
  failures: BulkFailure[];
  /** An export batch's CSV, stored as the next part. */
  output?: { rows: number; content: string };
}

export function bulkOperationsRepository(db: Kysely<Database>, dialect: Dialect) {
  return {
    async insert(row: Omit<BulkOperationRow, 'parts' | 'error' | 'finishedAt' | 'changed' | 'unchanged'>): Promise<void> {
      await db.insertInto('bulkOperations').values(row).execute();
    },

    find(tenantId: string, id: string): Promise<BulkOperationRow | undefined> {
      return db.selectFrom('bulkOperations').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },

    /** Reads the operation for its next batch; on PostgreSQL the row stays locked until commit. */
    lockForBatch(id: string): Promise<BulkOperationRow | undefined> {
      let q = db.selectFrom('bulkOperations').selectAll().where('id', '=', id);
      if (dialect === 'postgres') q = q.forUpdate();
      return q.executeTakeFirst();
    },

    /** Records one batch: in the batch's transaction, so progress and changes commit together. */
    async recordBatch(op: BulkOperationRow, progress: BatchProgress, at: string): Promise<void> {
      const kept = JSON.parse(op.failures) as BulkFailure[];
      const failures = [...kept, ...progress.failures].slice(0, MAX_KEPT_FAILURES);
      if (progress.output) {
        await db.insertInto('bulkOperationOutputs').values({ operationId: op.id, part: op.parts, ...progress.output }).execute();
      }
      await db
        .updateTable('bulkOperations')
        .set({
          status: 'running',
          cursor: progress.cursor,
          done: sql`done + ${progress.done}`,
          changed: sql`changed + ${progress.changed}`,
          unchanged: sql`unchanged + ${progress.unchanged}`,
          failed: sql`failed + ${progress.failures.length}`,
          failures: JSON.stringify(failures),
          parts: progress.output ? sql`parts + 1` : sql`parts`,
          updatedAt: at,
        })
        .where('id', '=', op.id)
        .execute();
    },

    async finish(id: string, status: 'done' | 'failed', at: string, error: string | null = null): Promise<void> {
      await db
        .updateTable('bulkOperations')
        // A filter's matches can change while the job runs; at the end, total is what was done.
        .set({ status, error, finishedAt: at, updatedAt: at, ...(status === 'done' ? { total: sql`done` } : {}) })
        .where('id', '=', id)
        .execute();
    },

    output(operationId: string, part: number) {
      return db.selectFrom('bulkOperationOutputs').select(['rows', 'content']).where('operationId', '=', operationId).where('part', '=', part).executeTakeFirst();
    },
  };
}
export type BulkOperationsRepository = ReturnType<typeof bulkOperationsRepository>;
