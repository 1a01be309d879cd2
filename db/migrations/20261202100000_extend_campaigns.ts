import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Campaign sending (issue 11):
// - campaigns: how it is sent (rate, connections, click tracking), the editor's save counter, a
//   send's pause/wait reasons and start time, and `kind`/`dedupe_key` for one-member messages that
//   automations send through the same ledger (at most one per dedupe key and tenant);
// - campaign_recipients: the ledger gets 'sending' (claimed, handed to the mail server) and
//   'unconfirmed' (the process died while it was in flight: never resent automatically), the
//   deterministic Message-ID, a retry time for 4xx replies, the unsubscribe token and clicks.
//   SQLite cannot change a CHECK, so there the table is rebuilt (nothing references it);
// - campaign_versions: the drafts' saved versions; email_preferences: a member's unsubscribe;
//   email_suppressions: addresses never mailed again (hard bounce, complaint).
// Never import app code here.

const RECIPIENT_STATUSES = sql`status IN ('pending', 'sending', 'sent', 'failed', 'unconfirmed', 'skipped')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await s.alterTable('campaigns').addColumn('kind', 'text', (c) => c.notNull().defaultTo('campaign')).execute();
  await s.alterTable('campaigns').addColumn('dedupe_key', 'text').execute();
  await s.alterTable('campaigns').addColumn('source', 'text').execute();
  await s.alterTable('campaigns').addColumn('version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await s.alterTable('campaigns').addColumn('rate_per_second', 'integer', (c) => c.notNull().defaultTo(10)).execute();
  await s.alterTable('campaigns').addColumn('connections', 'integer', (c) => c.notNull().defaultTo(2)).execute();
  await s.alterTable('campaigns').addColumn('track_clicks', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await s.alterTable('campaigns').addColumn('started_at', 'text').execute();
  await s.alterTable('campaigns').addColumn('paused_at', 'text').execute();
  await s.alterTable('campaigns').addColumn('pause_reason', 'text').execute();
  await s.alterTable('campaigns').addColumn('waiting_reason', 'text').execute();
  await s.createIndex('campaigns_dedupe_idx').on('campaigns').columns(['tenant_id', 'dedupe_key']).unique().execute();

  if (postgres) {
    await sql`ALTER TABLE campaign_recipients DROP CONSTRAINT IF EXISTS campaign_recipients_status_check`.execute(db);
    await sql`ALTER TABLE campaign_recipients ADD CONSTRAINT campaign_recipients_status_check CHECK (${RECIPIENT_STATUSES})`.execute(db);
    for (const col of ['name', 'message_id', 'next_attempt_at', 'claimed_at', 'unsubscribe_token', 'clicked_at', 'unsubscribed_at']) {
      await s.alterTable('campaign_recipients').addColumn(col, 'text').execute();
    }
    await s.alterTable('campaign_recipients').addColumn('bounced', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  } else {
    await s
      .createTable('campaign_recipients_next')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(RECIPIENT_STATUSES))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('sent_at', 'text')
      .addColumn('name', 'text')
      .addColumn('message_id', 'text')
      .addColumn('next_attempt_at', 'text')
      .addColumn('claimed_at', 'text')
      .addColumn('unsubscribe_token', 'text')
      .addColumn('clicked_at', 'text')
      .addColumn('unsubscribed_at', 'text')
      .addColumn('bounced', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await sql`INSERT INTO campaign_recipients_next (id, campaign_id, user_id, email, status, attempts, last_error, sent_at)
      SELECT id, campaign_id, user_id, email, status, attempts, last_error, sent_at FROM campaign_recipients`.execute(db);
    await s.dropTable('campaign_recipients').execute();
    await sql`ALTER TABLE campaign_recipients_next RENAME TO campaign_recipients`.execute(db);
    await s.createIndex('campaign_recipients_unique').on('campaign_recipients').columns(['campaign_id', 'email']).unique().execute();
    await s.createIndex('campaign_recipients_status_idx').on('campaign_recipients').columns(['campaign_id', 'status']).execute();
    await s.createIndex('campaign_recipients_user_idx').on('campaign_recipients').column('user_id').execute();
  }
  await s.createIndex('campaign_recipients_token_idx').on('campaign_recipients').column('unsubscribe_token').unique().execute();

  await s
    .createTable('campaign_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('campaign_versions_campaign_idx').on('campaign_versions').columns(['campaign_id', 'saved_at']).execute();

  await s
    .createTable('email_preferences')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('unsubscribed_at', 'text')
    .addColumn('source', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_preferences_pk', ['tenant_id', 'user_id'])
    .execute();

  await s
    .createTable('email_suppressions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_suppressions_pk', ['tenant_id', 'email'])
    .execute();
}
