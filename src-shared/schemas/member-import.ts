import { z } from 'zod';
import { idSchema } from './common';

// CSV in and out of the Members page: our export's columns, the fields an import can fill, and
// the inputs/outputs of members.import.* and members.export.

/** Our export's columns, in order; an import of our own export maps them automatically. */
export const EXPORT_COLUMNS = [
  'email',
  'name',
  'role',
  'join_source',
  'tier',
  'subscription_status',
  'joined_at',
  'last_active_at',
  'groups',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/**
 * What an import row can set. joinSource and joinedAt only apply to members the import creates
 * (history is not rewritten); groups are only ever added; comped sets or clears complimentary
 * access.
 */
export const IMPORT_FIELDS = ['email', 'name', 'role', 'joinSource', 'joinedAt', 'groups', 'comped'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Field → CSV column (by its header text); null or absent means "not imported". */
const mappedColumn = z.string().max(200, 'must be at most 200 characters').nullable().optional();
export const importMappingSchema = z.strictObject({
    email: mappedColumn,
    name: mappedColumn,
    role: mappedColumn,
    joinSource: mappedColumn,
    joinedAt: mappedColumn,
    groups: mappedColumn,
    comped: mappedColumn,
  } satisfies Record<ImportField, typeof mappedColumn>);
export type ImportMapping = Partial<Record<ImportField, string | null>>;

export const MAX_CHUNK_BYTES = 256 * 1024;
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

export const importIdSchema = idSchema('imp');

/** One piece of the file; send them in order, `last: true` on the final one (which may be empty). */
export const importUploadInput = z.strictObject({
  importId: importIdSchema.optional(),
  chunk: z.string().refine((s) => utf8Bytes(s) <= MAX_CHUNK_BYTES, `must be at most ${MAX_CHUNK_BYTES / 1024} KB (send the file in pieces)`),
  last: z.boolean(),
  /** The piece's position (0-based); lets a retried upload of the same piece be recognised. */
  index: z.number().int().min(0).optional(),
  fileName: z.string().trim().max(255, 'must be at most 255 characters').optional(),
});
export type ImportUploadInput = z.infer<typeof importUploadInput>;

export const IMPORT_ROW_STATUSES = ['new', 'updated', 'unchanged', 'error'] as const;
export type ImportRowStatus = (typeof IMPORT_ROW_STATUSES)[number];

export const importPreviewInput = z.strictObject({
  importId: importIdSchema,
  /** Overrides the automatic mapping; the dry run is recomputed with it. */
  mapping: importMappingSchema.optional(),
  /** Recompute against the current members even if the mapping did not change. */
  refresh: z.boolean().optional(),
  /** Only rows with this verdict (e.g. 'error'). */
  status: z.enum(IMPORT_ROW_STATUSES).optional(),
  page: z.number().int().min(1, 'must be 1 or more').default(1),
  limit: z.number().int().min(1, 'must be 1 or more').max(500, 'must be at most 500').default(50),
});
export type ImportPreviewInput = z.input<typeof importPreviewInput>;

export const importCommitInput = z.strictObject({
  importId: importIdSchema,
  mode: z.enum(['all_or_nothing', 'valid_rows']),
  /**
   * Rows asking for the ADMIN role get it only when this is true (the dry run warns about each);
   * otherwise new members join as MEMBER and existing members keep their role.
   */
  grantAdmin: z.boolean().default(false),
});
export type ImportCommitInput = z.input<typeof importCommitInput>;

export const importRefInput = z.strictObject({ importId: importIdSchema });

export interface ImportSummary {
  total: number;
  new: number;
  updated: number;
  unchanged: number;
  error: number;
  /** Groups the import will create because no group of that name exists yet. */
  groupsToCreate: string[];
  /** Rows that ask for the ADMIN role: applied only when the commit says grantAdmin. */
  adminGrants: number;
  /** Rows whose name is not changed because the person also belongs to another community. */
  namesKept: number;
}

export interface ImportPreviewRow {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  status: ImportRowStatus;
  email: string | null;
  /** What will change, e.g. ['name', 'role: MEMBER → ADMIN', 'groups: + VIP']. */
  changes: string[];
  /** What the owner should know before committing (an ADMIN grant, a name kept). */
  warnings: string[];
  error: string | null;
}

export interface ImportPreview {
  importId: string;
  columns: string[];
  mapping: ImportMapping;
  /** Which known export the columns were recognised as, if any. */
  recognisedAs: 'tenant_console' | 'ghost' | null;
  /** Columns the mapping does not use. */
  ignoredColumns: string[];
  summary: ImportSummary;
  rows: ImportPreviewRow[];
  page: number;
  limit: number;
  /** How many rows match the status filter (all rows without one). */
  matching: number;
}

export type ImportStatus = 'uploading' | 'uploaded' | 'previewed' | 'committing' | 'committed' | 'failed';

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows the dry run accepted but the commit could not apply (the reason is in the error report). */
  failed: number;
  /** Rows not imported because they have errors (valid_rows mode). */
  skipped: number;
  groupsCreated: string[];
  /** Whether rows asking for ADMIN were granted it (the commit's grantAdmin). */
  grantAdmin: boolean;
}

export interface ImportView {
  importId: string;
  status: ImportStatus;
  fileName: string | null;
  bytes: number;
  rowCount: number;
  columns: string[];
  mapping: ImportMapping | null;
  summary: ImportSummary | null;
  mode: z.infer<typeof importCommitInput>['mode'] | null;
  progress: { done: number; total: number };
  result: ImportResult | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ImportErrorReport {
  fileName: string;
  /** The original columns plus an `error` column, one line per row with an error. */
  csv: string;
  rows: number;
}
