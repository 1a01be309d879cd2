import { Migrator, PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';
import { migrations } from '../../../../db/migrations';
import type { Database } from './schema';

export interface MigrationReport {
  applied: string[];
}

/** The app's migrator; `set` replaces the registered migrations (tests of the migrator itself). */
export async function createMigrator(db: Kysely<Database>, set: Record<string, Migration> = migrations): Promise<Migrator> {
  // On PostgreSQL the migrator must be told its schema: without one it may see another schema's
  // bookkeeping tables (consoles and tests sharing one server) and skip creating its own.
  const schema =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? (await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db)).rows[0]?.schema
      : undefined;
  const plain = db.withoutPlugins() as unknown as Kysely<unknown>;
  return new Migrator({
    migrationTableSchema: schema,
    // Migrations name their columns in snake_case themselves; the app's camelCase plugin stays out.
    db: schema === undefined ? plain : withIntrospectionOf(plain, schema),
    provider: { getMigrations: async () => set },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
}

/**
 * Kysely's migrator asks the introspector whether its bookkeeping tables exist, and PostgreSQL's
 * introspector reads every table of every schema with pg_get_serial_sequence(), which fails with
 * 'schema "…" does not exist' when another schema on the server is dropped at that moment (tests
 * and consoles sharing one server). The migrator only needs the names of our own schema's tables:
 * this introspector reads just those, from the catalog views, with nothing that can fail that way.
 */
function withIntrospectionOf(db: Kysely<unknown>, schema: string): Kysely<unknown> {
  const introspection = {
    async getSchemas() {
      const { rows } = await sql<{ name: string }>`SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname = ${schema}`.execute(db);
      return rows;
    },
    async getTables() {
      const { rows } = await sql<{ name: string; schema: string }>`
        SELECT table_name AS name, table_schema AS schema FROM information_schema.tables WHERE table_schema = ${schema}`.execute(db);
      return rows.map((row) => ({ ...row, isView: false, columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
  // Kysely keeps its state in private fields: members are read from (and bound to) the real instance.
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Brings the database to the newest schema. Forward-only; an out-of-order set is an error. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return runMigrations(db);
  // Several consoles on one PostgreSQL start together: the first takes the lock and migrates, the
  // others wait for it and then find nothing to do. Kysely's own lock is taken only after it has
  // created its bookkeeping tables, and two CREATE TABLE IF NOT EXISTS at once can collide; this
  // lock (per schema, held on one connection) covers the whole run.
  return withRetryOnCreateRace(() =>
    db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(hashtext('tenant-console.migrate:' || current_schema()))`.execute(conn);
      try {
        return await runMigrations(db);
      } finally {
        await sql`SELECT pg_advisory_unlock(hashtext('tenant-console.migrate:' || current_schema()))`.execute(conn);
      }
    }),
  );
}

async function runMigrations(db: Kysely<Database>): Promise<MigrationReport> {
  const migrator = await createMigrator(db);
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${reason}`.replace('  ', ' '));
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/**
 * A new connection creates the console's schema if missing (db/connect.ts); two consoles doing it
 * at the same moment may see PostgreSQL's unique violation (23505) on the catalog. The schema
 * exists after that, so a retry succeeds.
 */
async function withRetryOnCreateRace<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if ((err as { code?: string }).code !== '23505' || attempt >= 3) throw err;
    }
  }
}
