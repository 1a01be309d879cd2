import { type Kysely, PostgresAdapter, sql } from 'kysely';

// memberships.name_key and email_key: the member's lower-cased name and email, copied from users
// so that members.list can sort a tenant by name or email inside one memberships index (tenant,
// key, id). Walking users by name instead costs a membership lookup per row passed: 4 s to reach
// page 10,000 of a million members, against 30 ms in an index of the tenant's own rows.
// Triggers keep the copies: a new membership takes its user's values, a renamed user (or an
// erased one) updates every membership of theirs. Only the triggers and the bulk demo-data
// writer (which supplies exactly lower(name), lower(email)) write these columns.
// Never import app code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('memberships').addColumn('name_key', 'text').execute();
  await db.schema.alterTable('memberships').addColumn('email_key', 'text').execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`CREATE FUNCTION memberships_take_sort_keys() RETURNS trigger LANGUAGE plpgsql
      SET search_path FROM CURRENT AS $$
      BEGIN
        SELECT lower(u.name), lower(u.email) INTO NEW.name_key, NEW.email_key FROM users u WHERE u.id = NEW.user_id;
        RETURN NEW;
      END $$`.execute(db);
    await sql`CREATE TRIGGER memberships_take_sort_keys BEFORE INSERT OR UPDATE OF user_id ON memberships
      FOR EACH ROW EXECUTE FUNCTION memberships_take_sort_keys()`.execute(db);
    await sql`CREATE FUNCTION users_give_sort_keys() RETURNS trigger LANGUAGE plpgsql
      SET search_path FROM CURRENT AS $$
      BEGIN
        UPDATE memberships SET name_key = lower(NEW.name), email_key = lower(NEW.email) WHERE user_id = NEW.id;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER users_give_sort_keys AFTER UPDATE OF name, email ON users
      FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email)
      EXECUTE FUNCTION users_give_sort_keys()`.execute(db);
  } else {
    // SQLite has no BEFORE trigger that can change NEW: the new row is updated right after —
    // unless the writer supplied the keys itself (the demo-data generator does, for speed: the
    // extra update per row tripled the time to insert a million memberships).
    await sql`CREATE TRIGGER memberships_take_sort_keys AFTER INSERT ON memberships
      WHEN NEW.name_key IS NULL OR NEW.email_key IS NULL BEGIN
      UPDATE memberships SET
        name_key = (SELECT lower(u.name) FROM users u WHERE u.id = NEW.user_id),
        email_key = (SELECT lower(u.email) FROM users u WHERE u.id = NEW.user_id)
      WHERE rowid = NEW.rowid;
    END`.execute(db);
    await sql`CREATE TRIGGER memberships_retake_sort_keys AFTER UPDATE OF user_id ON memberships BEGIN
      UPDATE memberships SET
        name_key = (SELECT lower(u.name) FROM users u WHERE u.id = NEW.user_id),
        email_key = (SELECT lower(u.email) FROM users u WHERE u.id = NEW.user_id)
      WHERE rowid = NEW.rowid;
    END`.execute(db);
    await sql`CREATE TRIGGER users_give_sort_keys AFTER UPDATE OF name, email ON users BEGIN
      UPDATE memberships SET name_key = lower(NEW.name), email_key = lower(NEW.email) WHERE user_id = NEW.id;
    END`.execute(db);
  }

  // Memberships that exist already.
  await sql`UPDATE memberships SET
    name_key = (SELECT lower(u.name) FROM users u WHERE u.id = memberships.user_id),
    email_key = (SELECT lower(u.email) FROM users u WHERE u.id = memberships.user_id)`.execute(db);
}
