import type { Generated } from 'kysely';
import type { TablesOf } from '../db/table-columns';

// Tables of the platform job queue, as the row types Kysely sees (camelCase; the database names are snake_case).

export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: Generated<number>;
  maxAttempts: Generated<number>;
  runAt: string;
  lockedUntil: string | null;
  dedupeKey: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  /** Which concurrency limit it counts against (see platform/jobs/work-kinds.ts). */
  workKind: Generated<string>;
  /** The tenant it runs for, '' for platform work: tenants take turns within a kind. */
  tenantKey: Generated<string>;
}

export interface JobsTables {
  jobs: JobsTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const JOBS_TABLES: TablesOf<JobsTables> = {
  jobs: {
    id: true, kind: true, payload: true, status: true, attempts: true, maxAttempts: true, runAt: true, lockedUntil: true, dedupeKey: true,
    lastError: true, createdAt: true, updatedAt: true, workKind: true, tenantKey: true,
  },
};
