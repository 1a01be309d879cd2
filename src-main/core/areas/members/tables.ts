import type { Generated } from 'kysely';
import type { JoinSource, MembershipStatus, Role, SubscriptionStatus } from '@shared/domain';
import type { TablesOf, Bool } from '../../platform/db/table-columns';

// Tables of the members area (memberships, invites, bulk actions, imports), as the row types Kysely sees (camelCase; the database names are snake_case).

export interface MembershipsTable {
  id: string;
  tenantId: string;
  userId: string;
  role: Role;
  joinSource: JoinSource;
  status: Generated<MembershipStatus>;
  subscriptionStatus: SubscriptionStatus | null;
  compedUntil: string | null;
  isComped: Generated<Bool>;
  joinedAt: string;
  lastActiveAt: string | null;
  leftAt: string | null;
  /** lower(users.name) and lower(users.email), kept by triggers for sorting; never written by the app. */
  nameKey: Generated<string | null>;
  emailKey: Generated<string | null>;
}

/** Active members per tenant and (role, join source, subscription status or '', comp flag); kept by triggers. */
export interface MemberCountsTable {
  tenantId: string;
  role: Role;
  joinSource: JoinSource;
  subscriptionStatus: SubscriptionStatus | '';
  isComped: Bool;
  n: number;
}

/** An invite link; only the token's SHA-256 is stored. groupIds is a JSON array. */
export interface InvitesTable {
  id: string;
  tenantId: string;
  tokenHash: string;
  email: string;
  name: string | null;
  role: Role;
  groupIds: Generated<string>;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  acceptedUserId: string | null;
  revokedAt: string | null;
}

/** A bulk action over many members; target, params and failures are JSON. */
export interface BulkOperationsTable {
  id: string;
  tenantId: string;
  action: string;
  target: string;
  params: Generated<string>;
  status: 'pending' | 'running' | 'done' | 'failed';
  total: Generated<number>;
  done: Generated<number>;
  changed: Generated<number>;
  unchanged: Generated<number>;
  failed: Generated<number>;
  failures: Generated<string>;
  cursor: string | null;
  parts: Generated<number>;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface BulkOperationOutputsTable {
  operationId: string;
  part: number;
  rows: number;
  content: string;
}

/** An uploaded member CSV; columns, mapping, summary and result are JSON. */
export interface MemberImportsTable {
  id: string;
  tenantId: string;
  fileName: string | null;
  status: 'uploading' | 'uploaded' | 'previewed' | 'committing' | 'committed' | 'failed';
  bytes: Generated<number>;
  chunks: Generated<number>;
  rowCount: Generated<number>;
  columns: Generated<string>;
  mapping: string | null;
  summary: string | null;
  mode: string | null;
  done: Generated<number>;
  cursor: Generated<number>;
  result: string | null;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface MemberImportChunksTable {
  importId: string;
  seq: number;
  content: string;
}

export interface MemberImportRowsTable {
  importId: string;
  rowNumber: number;
  fields: string;
  email: string | null;
  status: string | null;
  error: string | null;
  changes: string | null;
}

export interface MembersTables {
  memberships: MembershipsTable;
  memberCounts: MemberCountsTable;
  invites: InvitesTable;
  bulkOperations: BulkOperationsTable;
  bulkOperationOutputs: BulkOperationOutputsTable;
  memberImports: MemberImportsTable;
  memberImportChunks: MemberImportChunksTable;
  memberImportRows: MemberImportRowsTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const MEMBERS_TABLES: TablesOf<MembersTables> = {
  memberships: {
    id: true, tenantId: true, userId: true, role: true, joinSource: true, status: true, subscriptionStatus: true, compedUntil: true,
    isComped: true, joinedAt: true, lastActiveAt: true, leftAt: true, nameKey: true, emailKey: true,
  },
  memberCounts: { tenantId: true, role: true, joinSource: true, subscriptionStatus: true, isComped: true, n: true },
  invites: {
    id: true, tenantId: true, tokenHash: true, email: true, name: true, role: true, groupIds: true, createdBy: true, createdAt: true,
    expiresAt: true, acceptedAt: true, acceptedUserId: true, revokedAt: true,
  },
  bulkOperations: {
    id: true, tenantId: true, action: true, target: true, params: true, status: true, total: true, done: true, changed: true,
    unchanged: true, failed: true, failures: true, cursor: true, parts: true, error: true, createdBy: true, createdAt: true,
    updatedAt: true, finishedAt: true,
  },
  bulkOperationOutputs: { operationId: true, part: true, rows: true, content: true },
  memberImports: {
    id: true, tenantId: true, fileName: true, status: true, bytes: true, chunks: true, rowCount: true, columns: true, mapping: true,
    summary: true, mode: true, done: true, cursor: true, result: true, error: true, createdBy: true, createdAt: true, updatedAt: true,
    finishedAt: true,
  },
  memberImportChunks: { importId: true, seq: true, content: true },
  memberImportRows: { importId: true, rowNumber: true, fields: true, email: true, status: true, error: true, changes: true },
};
