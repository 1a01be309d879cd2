import type { Kysely } from 'kysely';

// When each API token was last used, for Settings → API tokens ("last used 3 days ago"). Written at
// most once a minute per token by authenticate, so a busy script does not cost a write per request.
// Never import app code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('last_used_at', 'text').execute();
  await db.schema.createIndex('api_tokens_tenant_created_idx').on('api_tokens').columns(['tenant_id', 'created_at']).execute();
}
