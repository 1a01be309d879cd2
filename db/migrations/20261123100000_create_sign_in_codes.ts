import type { Kysely } from 'kysely';

// One-time sign-in codes: `serve` prints a link with a short-lived code instead of a long-lived
// token (terminal scrollback and logs keep what is printed). Only a hash of the code is stored, so
// the table alone signs no one in; it lives in the database so that every console sharing one
// PostgreSQL accepts a code any of them printed. Never import app code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sign_in_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('sign_in_codes_expires_idx').on('sign_in_codes').column('expires_at').execute();
}
