import { Migrator, type Kysely } from 'kysely';
import { migrations } from '../../../db/migrations';
import type { Database } from './schema';

export interface MigrationReport {
  applied: string[];
}

/** Brings the database to the newest schema. Forward-only; an out-of-order set is an error. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  const migrator = new Migrator({
    // Migrations name their columns in snake_case themselves; the app's camelCase plugin stays out.
    db: db.withoutPlugins() as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${reason}`.replace('  ', ' '));
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
