import type { Kysely } from 'kysely';

// The realtime area (issue 13). `notifications`: a member's in-app notifications (the bell), one row
// per recipient; (tenant, user, dedupe_key) is unique, so a retried notify stores it once.
// `chat_messages`: a CHAT space's history, kept by the console so it outlives Ably's two-minute
// retention; `ably_message_id` is the id on the channel (`{id}:0` for ours, Ably's for a message the
// console heard), unique per space, so a message heard back or twice is stored once. Never import app code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addUniqueConstraint('notifications_dedupe_uq', ['tenant_id', 'user_id', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['tenant_id', 'user_id', 'created_at']).execute();

  await db.schema
    .createTable('chat_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('ably_message_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('chat_messages_ably_uq', ['space_id', 'ably_message_id'])
    .execute();
  await db.schema.createIndex('chat_messages_space_idx').on('chat_messages').columns(['space_id', 'sent_at', 'id']).execute();
}
