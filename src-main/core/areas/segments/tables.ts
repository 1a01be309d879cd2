import type { TablesOf } from '../../platform/db/table-columns';

// Tables of the segments area (saved member segments; campaigns live in areas/campaigns), as the row types Kysely sees (camelCase; the database names are snake_case).

export interface SegmentsTable {
  id: string;
  tenantId: string;
  name: string;
  filter: string;
  createdAt: string;
}

export interface SegmentsTables {
  segments: SegmentsTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const SEGMENTS_TABLES: TablesOf<SegmentsTables> = {
  segments: { id: true, tenantId: true, name: true, filter: true, createdAt: true },
};
