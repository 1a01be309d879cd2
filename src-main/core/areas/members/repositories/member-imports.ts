import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { ImportRowStatus } from '@shared/schemas/member-import';
import type { Dialect } from '@core/platform/db/connect';
import type { Database, MemberImportsTable } from '@core/platform/db/schema';
import { chunks } from './member-records';

export type MemberImportRow = Selectable<MemberImportsTable>;

export interface StoredRow {
  rowNumber: number;
  fields: string[];
}

export interface RowVerdict extends StoredRow {
  email: string | null;
  status: ImportRowStatus;
  error: string | null;
  changes: string[];
  warnings?: string[];
}

/** The `changes` column: a list of changes, or {changes, warnings} when the row has warnings. */
export function parseChanges(stored: string | null): { changes: string[]; warnings: string[] } {
  if (!stored) return { changes: [], warnings: [] };
  const value = JSON.parse(stored) as string[] | { changes: string[]; warnings: string[] };
  return Array.isArray(value) ? { changes: value, warnings: [] } : value;
}

export function memberImportsRepository(db: Kysely<Database>, dialect: Dialect) {
  const parseRow = (r: { rowNumber: number; fields: string }): StoredRow => ({ rowNumber: r.rowNumber, fields: JSON.parse(r.fields) as string[] });

  return {
    async insert(row: Pick<MemberImportRow, 'id' | 'tenantId' | 'fileName' | 'status' | 'createdBy' | 'createdAt' | 'updatedAt'>): Promise<void> {
      await db.insertInto('memberImports').values(row).execute();
    },

    find(tenantId: string, id: string): Promise<MemberImportRow | undefined> {
      return db.selectFrom('memberImports').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },

    /** Reads the import for its next commit batch; on PostgreSQL the row stays locked until commit. */
    lockForBatch(id: string): Promise<MemberImportRow | undefined> {
      let q = db.selectFrom('memberImports').selectAll().where('id', '=', id);
      if (dialect === 'postgres') q = q.forUpdate();
      return q.executeTakeFirst();
    },

    async update(id: string, patch: Updateable<MemberImportsTable>): Promise<void> {
      await db.updateTable('memberImports').set(patch).where('id', '=', id).execute();
    },

    /** Moves the import from one status to another unless someone else moved it first. */
    async transition(id: string, from: MemberImportRow['status'][], patch: Updateable<MemberImportsTable>): Promise<boolean> {
      const result = await db.updateTable('memberImports').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async addChunk(importId: string, seq: number, content: string, bytes: number, at: string): Promise<void> {
      await db.insertInto('memberImportChunks').values({ importId, seq, content }).execute();
      await db
        .updateTable('memberImports')
        .set({ chunks: sql`chunks + 1`, bytes: sql`bytes + ${bytes}`, updatedAt: at })
        .where('id', '=', importId)
        .execute();
    },

    async chunk(importId: string, seq: number): Promise<string | undefined> {
      const row = await db.selectFrom('memberImportChunks').select('content').where('importId', '=', importId).where('seq', '=', seq).executeTakeFirst();
      return row?.content;
    },

    async dropChunks(importId: string): Promise<void> {
      await db.deleteFrom('memberImportChunks').where('importId', '=', importId).execute();
    },

    async insertRows(importId: string, rows: StoredRow[]): Promise<void> {
      for (const part of chunks(rows)) {
        await db
          .insertInto('memberImportRows')
          .values(part.map((r) => ({ importId, rowNumber: r.rowNumber, fields: JSON.stringify(r.fields), email: null, status: null, error: null, changes: null })))
          .execute();
      }
    },

    async dropRows(importId: string): Promise<void> {
      await db.deleteFrom('memberImportRows').where('importId', '=', importId).execute();
    },

    /** The next rows after a row number, in file order; optionally only those without an error verdict. */
    async rowsAfter(importId: string, afterRow: number, limit: number, options: { skipErrors?: boolean } = {}): Promise<StoredRow[]> {
      let q = db
        .selectFrom('memberImportRows')
        .select(['rowNumber', 'fields'])
        .where('importId', '=', importId)
        .where('rowNumber', '>', afterRow);
      if (options.skipErrors) q = q.where((eb) => eb.or([eb('status', 'is', null), eb('status', '!=', 'error')]));
      return (await q.orderBy('rowNumber').limit(limit).execute()).map(parseRow);
    },

    /** Writes verdicts in one statement per 500 rows (an upsert: the rows exist already). */
    async saveVerdicts(importId: string, verdicts: RowVerdict[]): Promise<void> {
      for (const part of chunks(verdicts)) {
        await db
          .insertInto('memberImportRows')
          .values(
            part.map((v) => ({
              importId,
              rowNumber: v.rowNumber,
              fields: JSON.stringify(v.fields),
              email: v.email,
              status: v.status,
              error: v.error,
              changes: JSON.stringify(v.warnings?.length ? { changes: v.changes, warnings: v.warnings } : v.changes),
            })),
          )
          .onConflict((oc) =>
            oc.columns(['importId', 'rowNumber']).doUpdateSet((eb) => ({
              email: eb.ref('excluded.email'),
              status: eb.ref('excluded.status'),
              error: eb.ref('excluded.error'),
              changes: eb.ref('excluded.changes'),
            })),
          )
          .execute();
      }
    },

    async verdictPage(importId: string, status: ImportRowStatus | undefined, offset: number, limit: number) {
      let q = db.selectFrom('memberImportRows').where('importId', '=', importId);
      if (status) q = q.where('status', '=', status);
      const rows = await q.select(['rowNumber', 'email', 'status', 'error', 'changes']).orderBy('rowNumber').limit(limit).offset(offset).execute();
      const { n } = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return { rows, matching: Number(n) };
    },

    /** Rows with an error verdict, in file order, after a row number (for the error report). */
    async errorRowsAfter(importId: string, afterRow: number, limit: number) {
      const rows = await db
        .selectFrom('memberImportRows')
        .select(['rowNumber', 'fields', 'error'])
        .where('importId', '=', importId)
        .where('status', '=', 'error')
        .where('rowNumber', '>', afterRow)
        .orderBy('rowNumber')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...parseRow(r), error: r.error ?? '' }));
    },
  };
}
export type MemberImportsRepository = ReturnType<typeof memberImportsRepository>;
