import type { Kysely } from 'kysely';

// Outgoing webhooks need a little more than the platform tables gave them:
// - webhook_endpoints.description and updated_at: what the owner calls an endpoint, and when it
//   last changed (a URL, its filter, its secret);
// - webhook_deliveries.last_error: why a delivery is waiting or failed (the last attempt's error,
//   or a reason no attempt was made, e.g. a disabled endpoint);
// - an index to list an endpoint's deliveries newest first, and one to list a tenant's by status.
// Never import app code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('webhook_endpoints').addColumn('description', 'text').execute();
  await db.schema.alterTable('webhook_endpoints').addColumn('updated_at', 'text').execute();
  await db.schema.alterTable('webhook_deliveries').addColumn('last_error', 'text').execute();
  await db.schema.createIndex('webhook_deliveries_endpoint_idx').on('webhook_deliveries').columns(['endpoint_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('webhook_deliveries_status_idx').on('webhook_deliveries').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('webhook_endpoints_tenant_idx').on('webhook_endpoints').columns(['tenant_id', 'created_at']).execute();
}
