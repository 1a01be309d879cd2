import { type Kysely, PostgresAdapter, sql } from 'kysely';

// How many active members a tenant has per (role, join source, subscription status, comped flag),
// kept exact by triggers in the same transaction as the membership change. members.list totals,
// the dashboard's counts and the tier/role/status filters read a few of these rows instead of
// counting a million memberships (about 200 ms at 1M members on SQLite, for every list request).
// A membership without a subscription is counted under subscription_status '' (a key can't be NULL).
// Never import app code here.

const KEY = 'tenant_id, role, join_source, subscription_status, is_comped';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('member_counts')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('join_source', 'text', (c) => c.notNull())
    .addColumn('subscription_status', 'text', (c) => c.notNull())
    .addColumn('is_comped', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_counts_pk', ['tenant_id', 'role', 'join_source', 'subscription_status', 'is_comped'])
    .execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) await createPostgresTriggers(db);
  else await createSqliteTriggers(db);

  // Members who joined before this migration.
  await sql`INSERT INTO member_counts (${sql.raw(KEY)}, n)
    SELECT tenant_id, role, join_source, COALESCE(subscription_status, ''), is_comped, COUNT(*)
    FROM memberships WHERE status = 'active'
    GROUP BY tenant_id, role, join_source, COALESCE(subscription_status, ''), is_comped`.execute(db);
}

async function createSqliteTriggers(db: Kysely<unknown>) {
  const add = (row: 'NEW') => sql.raw(`INSERT INTO member_counts (${KEY}, n)
      SELECT ${row}.tenant_id, ${row}.role, ${row}.join_source, COALESCE(${row}.subscription_status, ''), ${row}.is_comped, 1
      WHERE ${row}.status = 'active'
      ON CONFLICT (${KEY}) DO UPDATE SET n = n + 1;`);
  const remove = (row: 'OLD') => sql.raw(`UPDATE member_counts SET n = n - 1
      WHERE ${row}.status = 'active' AND tenant_id = ${row}.tenant_id AND role = ${row}.role
        AND join_source = ${row}.join_source AND subscription_status = COALESCE(${row}.subscription_status, '')
        AND is_comped = ${row}.is_comped;`);
  await sql`CREATE TRIGGER member_counts_after_insert AFTER INSERT ON memberships BEGIN ${add('NEW')} END`.execute(db);
  await sql`CREATE TRIGGER member_counts_after_delete AFTER DELETE ON memberships BEGIN ${remove('OLD')} END`.execute(db);
  // Only the counted columns: last_active_at changes all the time and must not pay for this.
  await sql`CREATE TRIGGER member_counts_after_update
    AFTER UPDATE OF tenant_id, role, join_source, subscription_status, is_comped, status ON memberships
    BEGIN ${remove('OLD')} ${add('NEW')} END`.execute(db);
}

async function createPostgresTriggers(db: Kysely<unknown>) {
  // SET search_path FROM CURRENT: the function finds member_counts in the schema it was made in,
  // whatever the calling session's search_path.
  await sql`CREATE FUNCTION member_counts_apply() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'active' THEN
        UPDATE member_counts SET n = n - 1
          WHERE tenant_id = OLD.tenant_id AND role = OLD.role AND join_source = OLD.join_source
            AND subscription_status = COALESCE(OLD.subscription_status, '') AND is_comped = OLD.is_comped;
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status = 'active' THEN
        INSERT INTO member_counts (${sql.raw(KEY)}, n)
          VALUES (NEW.tenant_id, NEW.role, NEW.join_source, COALESCE(NEW.subscription_status, ''), NEW.is_comped, 1)
          ON CONFLICT (${sql.raw(KEY)}) DO UPDATE SET n = member_counts.n + 1;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER member_counts_after_insert_delete AFTER INSERT OR DELETE ON memberships
    FOR EACH ROW EXECUTE FUNCTION member_counts_apply()`.execute(db);
  await sql`CREATE TRIGGER member_counts_after_update
    AFTER UPDATE OF tenant_id, role, join_source, subscription_status, is_comped, status ON memberships
    FOR EACH ROW EXECUTE FUNCTION member_counts_apply()`.execute(db);
}
