import type { Kysely } from 'kysely';
import type { Database } from '@core/platform/db/schema';

export interface SegmentRow {
  id: string;
  tenantId: string;
  name: string;
  /** The member filter as JSON. */
  filter: string;
  createdAt: string;
}

export function segmentsRepository(db: Kysely<Database>) {
  return {
    list(tenantId: string): Promise<SegmentRow[]> {
      return db.selectFrom('segments').selectAll().where('tenantId', '=', tenantId).orderBy('name').orderBy('id').execute();
    },
    find(tenantId: string, id: string): Promise<SegmentRow | undefined> {
      return db.selectFrom('segments').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },
    async insert(row: SegmentRow): Promise<void> {
      await db.insertInto('segments').values(row).execute();
    },
    async update(tenantId: string, id: string, changes: { name?: string; filter?: string }): Promise<void> {
      await db.updateTable('segments').set(changes).where('tenantId', '=', tenantId).where('id', '=', id).execute();
    },
    async delete(tenantId: string, id: string): Promise<boolean> {
      const r = await db.deleteFrom('segments').where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
export type SegmentsRepository = ReturnType<typeof segmentsRepository>;
