import { Migrator, PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';
import { migrations } from '../../../db/migrations';
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
  return new Migrator({
    migrationTableSchema: schema,
    // Migrations name their columns in snake_case themselves; the app's camelCase plugin stays out.
    db: db.withoutPlugins() as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => set },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
}

/** Brings the database to the newest schema. Forward-only; an out-of-order set is an error. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  const migrator = await createMigrator(db);
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${reason}`.replace('  ', ' '));
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
