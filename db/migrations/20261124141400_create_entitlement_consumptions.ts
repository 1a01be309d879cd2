import type { Kysely } from 'kysely';

// entitlements.consume with an idempotency key: one row per key a member used, holding the answer
// the first call got, so a client retrying after a timeout is answered the same and charged once.
// The primary key is what makes two concurrent calls with one key count once. `released_at` marks a
// count-limit use given back (entitlements.release). Only accepted uses are stored: a refusal
// changes nothing, so a retry is decided again.
// usage_counters.over_limit_since: when the member's use was first seen above a lowered limit
// (downgrade, lapse); cleared once it is back within. Never import app code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('entitlement_consumptions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addColumn('max', 'integer', (c) => c.notNull())
    .addColumn('resets_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('released_at', 'text')
    .addPrimaryKeyConstraint('entitlement_consumptions_pk', ['tenant_id', 'user_id', 'idempotency_key'])
    .execute();
  await db.schema.alterTable('usage_counters').addColumn('over_limit_since', 'text').execute();
}
