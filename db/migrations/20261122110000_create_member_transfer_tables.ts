import { type Kysely, sql } from 'kysely';

// What changing members in bulk needs, on SQLite and PostgreSQL alike:
// - invites: an invite link per email (only the token's SHA-256 is stored, so a copy of the
//   database cannot be used to join);
// - bulk_operations: one row per bulk action with its progress, cursor and summary, so that a job
//   working in batches resumes where it stopped after a crash; bulk_operation_outputs holds the
//   CSV parts a bulk export produces, one per batch;
// - member_imports: an uploaded CSV (chunks, then one row per record), its column mapping, the dry
//   run's verdict per row and the commit's progress;
// - an index for walking a tenant's memberships in id order.
// Never import app code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;

  // Bulk actions and exports walk a tenant's memberships in id order, 500 at a time, from a
  // cursor: with this index each batch is a short range read instead of a sort of the tenant.
  await s.createIndex('memberships_tenant_id_idx').on('memberships').columns(['tenant_id', 'id']).execute();

  await s
    .createTable('invites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('ADMIN', 'MEMBER')`))
    .addColumn('group_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_user_id', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await s.createIndex('invites_tenant_email_idx').on('invites').columns(['tenant_id', 'email']).execute();

  await s
    .createTable('bulk_operations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status IN ('pending', 'running', 'done', 'failed')`),
    )
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('changed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failures', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('cursor', 'text')
    .addColumn('parts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await s.createIndex('bulk_operations_tenant_idx').on('bulk_operations').columns(['tenant_id', 'created_at']).execute();

  await s
    .createTable('bulk_operation_outputs')
    .addColumn('operation_id', 'text', (c) => c.notNull().references('bulk_operations.id').onDelete('cascade'))
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bulk_operation_outputs_pk', ['operation_id', 'part'])
    .execute();

  await s
    .createTable('member_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('file_name', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status IN ('uploading', 'uploaded', 'previewed', 'committing', 'committed', 'failed')`),
    )
    .addColumn('bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('chunks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('columns', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('mapping', 'text')
    .addColumn('summary', 'text')
    .addColumn('mode', 'text')
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await s.createIndex('member_imports_tenant_idx').on('member_imports').columns(['tenant_id', 'created_at']).execute();

  await s
    .createTable('member_import_chunks')
    .addColumn('import_id', 'text', (c) => c.notNull().references('member_imports.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_import_chunks_pk', ['import_id', 'seq'])
    .execute();

  // One row per CSV record: the original fields (for the error report) and the verdict of the
  // latest dry run or commit.
  await s
    .createTable('member_import_rows')
    .addColumn('import_id', 'text', (c) => c.notNull().references('member_imports.id').onDelete('cascade'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('status', 'text')
    .addColumn('error', 'text')
    .addColumn('changes', 'text')
    .addPrimaryKeyConstraint('member_import_rows_pk', ['import_id', 'row_number'])
    .execute();
  await s.createIndex('member_import_rows_status_idx').on('member_import_rows').columns(['import_id', 'status', 'row_number']).execute();
}
