import type { Generated } from 'kysely';
import type { TablesOf } from './db/table-columns';

// Tables of the platform audit log (platform/audit.ts), as the row types Kysely sees (camelCase; the database names are snake_case).

export interface AuditLogTable {
  id: string;
  tenantId: string | null;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: string | null;
  after: string | null;
  createdAt: Generated<string>;
}

export interface AuditTables {
  auditLog: AuditLogTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const AUDIT_TABLES: TablesOf<AuditTables> = {
  auditLog: {
    id: true, tenantId: true, actorUserId: true, action: true, targetType: true, targetId: true, before: true, after: true, createdAt: true,
  },
};
