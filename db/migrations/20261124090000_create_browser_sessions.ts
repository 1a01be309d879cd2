import type { Kysely } from 'kysely';

// Browser sessions of a team server: each is an api_tokens row (revoking it signs the browser out
// at once, on every console sharing the database) carried in an HttpOnly cookie, plus what the
// owner needs to tell sessions apart in Settings → Team (browser, address, when). Never import app
// code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('browser_sessions')
    .addColumn('token_id', 'text', (c) => c.primaryKey().references('api_tokens.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('client_ip', 'text')
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('browser_sessions_user_idx').on('browser_sessions').columns(['user_id', 'created_at']).execute();
}
