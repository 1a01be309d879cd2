import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Member search by the prefix of any word of the name or email, fast at a million members.
// SQLite: an FTS5 index kept in step by triggers, keyed by the membership's rowid.
// PostgreSQL: a GIN index over a 'simple' tsvector of the user's name and email words.

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`CREATE INDEX users_search_idx ON users USING gin (
      to_tsvector('simple', name || ' ' || regexp_replace(email, '[@._+-]', ' ', 'g'))
    )`.execute(db);
    return;
  }

  await sql`CREATE VIRTUAL TABLE member_search USING fts5(
    name, email, tenant_id UNINDEXED,
    tokenize = "unicode61 remove_diacritics 2"
  )`.execute(db);
  await sql`CREATE TRIGGER member_search_after_membership_insert AFTER INSERT ON memberships BEGIN
    INSERT INTO member_search (rowid, name, email, tenant_id)
      SELECT NEW.rowid, u.name, u.email, NEW.tenant_id FROM users u WHERE u.id = NEW.user_id;
  END`.execute(db);
  await sql`CREATE TRIGGER member_search_after_membership_delete AFTER DELETE ON memberships BEGIN
    DELETE FROM member_search WHERE rowid = OLD.rowid;
  END`.execute(db);
  await sql`CREATE TRIGGER member_search_after_user_update AFTER UPDATE OF name, email ON users BEGIN
    UPDATE member_search SET name = NEW.name, email = NEW.email
      WHERE rowid IN (SELECT rowid FROM memberships WHERE user_id = NEW.id);
  END`.execute(db);
}
