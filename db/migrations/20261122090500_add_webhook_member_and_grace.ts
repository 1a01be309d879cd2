import type { Kysely } from 'kysely';

// Two columns the inbound-webhook work needs:
// - webhook_events.user_id: the member an event touched, so the Webhooks page and a member's
//   timeline can show it (nullable: unknown types and unattributed events touch nobody);
// - subscriptions.grace_ends_at: after a failed payment the member keeps paid access until this
//   time (the owner's grace period); a paid invoice clears it.
// Never import app code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('webhook_events').addColumn('user_id', 'text').execute();
  await db.schema.createIndex('webhook_events_user_idx').on('webhook_events').columns(['user_id', 'received_at']).execute();
  await db.schema.alterTable('subscriptions').addColumn('grace_ends_at', 'text').execute();
}
