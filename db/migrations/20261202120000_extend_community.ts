import { type Kysely, sql } from 'kysely';

// Community (issue 13): spaces get a description, an order, a visibility (everyone, or members of
// chosen groups: space_groups) and an archive mark; posts can be pinned, hidden by a moderator, and
// carry a dedupe key (a system post is created once per key); comments get one level of replies and
// moderation marks; content_reports is the moderation queue (member reports and automatic flags).
// Never import app code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.alterTable('spaces').addColumn('description', 'text').execute();
  await s
    .alterTable('spaces')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('everyone').check(sql`visibility IN ('everyone', 'groups')`))
    .execute();
  await s.alterTable('spaces').addColumn('position', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await s.alterTable('spaces').addColumn('archived_at', 'text').execute();
  await s.alterTable('spaces').addColumn('updated_at', 'text').execute();

  await s
    .createTable('space_groups')
    .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('space_groups_pk', ['space_id', 'group_id'])
    .execute();
  await s.createIndex('space_groups_group_idx').on('space_groups').column('group_id').execute();
  // A space that named one group (spaces.group_id) was that group's: it becomes visible to it only.
  await sql`INSERT INTO space_groups (space_id, group_id) SELECT id, group_id FROM spaces WHERE group_id IS NOT NULL`.execute(db);
  await sql`UPDATE spaces SET visibility = 'groups' WHERE group_id IS NOT NULL`.execute(db);

  await s.alterTable('posts').addColumn('pinned_at', 'text').execute();
  await s.alterTable('posts').addColumn('hidden_at', 'text').execute();
  await s.alterTable('posts').addColumn('dedupe_key', 'text').execute();
  await s.createIndex('posts_tenant_dedupe_unique').on('posts').columns(['tenant_id', 'dedupe_key']).unique().execute();
  await s.createIndex('posts_status_scheduled_idx').on('posts').columns(['status', 'scheduled_at']).execute();

  await s.alterTable('comments').addColumn('parent_id', 'text', (c) => c.references('comments.id').onDelete('cascade')).execute();
  await s.alterTable('comments').addColumn('hidden_at', 'text').execute();
  await s.alterTable('comments').addColumn('archived_at', 'text').execute();
  await s.createIndex('comments_parent_idx').on('comments').column('parent_id').execute();

  await s
    .createTable('content_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('comment_id', 'text', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('target_type', 'text', (c) => c.notNull().check(sql`target_type IN ('post', 'comment')`))
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('report', 'flag')`))
    .addColumn('reporter_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status IN ('open', 'resolved')`))
    .addColumn('resolution', 'text', (c) => c.check(sql`resolution IN ('hidden', 'archived', 'restored', 'dismissed')`))
    .addColumn('resolved_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('content_reports_tenant_status_idx').on('content_reports').columns(['tenant_id', 'status', 'created_at']).execute();
  await s.createIndex('content_reports_target_idx').on('content_reports').columns(['target_id', 'status']).execute();
}
