import type { Kysely } from 'kysely';

// Deleting a customer (or a tenant, by cascade) looks up its subscriptions by customer_id; without
// an index each deleted customer scanned every subscription (minutes for a large tenant).
// Never import app code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('subscriptions_customer_idx').on('subscriptions').column('customer_id').execute();
}
