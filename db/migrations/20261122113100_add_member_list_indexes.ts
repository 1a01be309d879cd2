import { type Kysely, sql } from 'kysely';

// Indexes for members.list at a million members (same SQL on SQLite and PostgreSQL), and for
// members.get's timeline.
//
// One per sort, each (tenant_id, sort key, id, …) so that a page, by cursor or by number, walks the
// index in order; each carries the columns the filters test (status, role, join source,
// subscription status, comp, user id) so that rows passed over - a deep OFFSET, a rare filter - are
// read from the index alone, never from the table. Last activity sorts as
// COALESCE(last_active_at, ''): members never seen sort as the least active in both dialects
// (their NULLs would sort at opposite ends), and "inactive since" is one range on it. Name and
// email sort on the copies in memberships (20261122113010_add_membership_sort_keys).
// memberships_list_joined_idx starts with the columns of memberships_tenant_joined_idx, which goes.
// Never import app code here.

const MEMBER_COLUMNS = 'status, role, join_source, subscription_status, is_comped, comped_until';
const FILTER_COLUMNS = `${MEMBER_COLUMNS}, user_id`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const sortIndex = (name: string, key: string) =>
    sql`CREATE INDEX ${sql.raw(name)} ON memberships (tenant_id, ${sql.raw(key)}, id, ${sql.raw(FILTER_COLUMNS)})`.execute(db);
  await sortIndex('memberships_list_joined_idx', 'joined_at');
  await sortIndex('memberships_list_active_idx', "(COALESCE(last_active_at, ''))");
  await sortIndex('memberships_list_name_idx', 'name_key');
  await sortIndex('memberships_list_email_idx', 'email_key');
  await db.schema.dropIndex('memberships_tenant_joined_idx').execute();
  // Counting a group, space or package checks each of its members here: found by user id, the
  // filter columns beside it (4x faster than the unique (tenant_id, user_id) index plus the row).
  await sql`CREATE INDEX memberships_list_user_idx ON memberships (tenant_id, user_id, ${sql.raw(MEMBER_COLUMNS)})`.execute(db);

  // Comped members are few: counting them (and taking them out of the free/paid counts) reads
  // this small index alone.
  await sql`CREATE INDEX memberships_comped_idx
    ON memberships (tenant_id, status, comped_until, role, join_source, subscription_status) WHERE is_comped = 1`.execute(db);

  // "Moderators of space X" reads the space's moderators alone, not every member of the space.
  await sql`CREATE INDEX space_members_role_idx ON space_members (space_id, role, user_id)`.execute(db);

  // "Members on package X": the subscriptions of a package that have not ended.
  await sql`CREATE INDEX subscriptions_package_idx ON subscriptions (tenant_id, package_id, status, user_id)`.execute(db);

  // A member's timeline (members.get): the campaigns they received and the comments they wrote.
  await db.schema.createIndex('campaign_recipients_user_idx').on('campaign_recipients').column('user_id').execute();
  await db.schema.createIndex('comments_author_idx').on('comments').columns(['author_id', 'created_at']).execute();
}
