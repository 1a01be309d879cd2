import { CamelCasePlugin, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DECLARED_TABLES } from '../../../src-main/core/tables';
import { dialects, makeTestCore, type TestCore } from '../../support/core';

// Issue 9: the tables each area declares (areas/<area>/tables.ts, platform/jobs/tables.ts,
// platform/audit-tables.ts) are exactly what the migrations create, on both dialects: a column
// added by a migration but not declared (or declared but never created) fails here, by name.

/** Tables in the database that no area declares, each with why. */
const NOT_DECLARED: Record<string, string> = {
  schema_migrations: "the migrator's record of applied migrations (platform/db/migrate.ts)",
  schema_migrations_lock: "the migrator's lock row",
};
/** SQLite only: member search is an FTS5 virtual table kept by triggers (never written by the app), with FTS5's own shadow tables. */
const SQLITE_ONLY: Record<string, string> = {
  member_search: 'FTS5 virtual table kept in step by triggers on memberships and users',
  member_search_config: 'FTS5 shadow table',
  member_search_content: 'FTS5 shadow table',
  member_search_data: 'FTS5 shadow table',
  member_search_docsize: 'FTS5 shadow table',
  member_search_idx: 'FTS5 shadow table',
};

// The same camelCase → snake_case mapping the app's connection uses (platform/db/connect.ts).
class Names extends CamelCasePlugin {
  column(name: string): string {
    return this.snakeCase(name);
  }
}
const names = new Names();

/** "table.column" for every declared column, in database names. */
function declared(): string[] {
  return Object.entries(DECLARED_TABLES).flatMap(([table, columns]) =>
    Object.keys(columns).map((column) => `${names.column(table)}.${names.column(column)}`),
  );
}

describe.each(dialects)('schema on %s', (dialect) => {
  let core: TestCore;
  afterEach(async () => core?.dispose());

  it('has exactly the declared tables and columns after migrating', async () => {
    core = await makeTestCore(dialect);
    const db = core.database.db;
    // PostgreSQL test cores share a server, one schema each: look at ours only.
    const schema = dialect === 'postgres' ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db)).rows[0]?.s : undefined;
    const skipped = dialect === 'sqlite' ? { ...NOT_DECLARED, ...SQLITE_ONLY } : NOT_DECLARED;
    const tables = (await db.introspection.getTables({ withInternalKyselyTables: true })).filter((t) => t.schema === schema);
    const present = tables.map((t) => t.name);
    // Every exception names a table that is really there, so a stale one is noticed.
    expect(Object.keys(skipped).filter((name) => !present.includes(name))).toEqual([]);

    const actual = tables
      .filter((t) => !(t.name in skipped))
      .flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`));
    const expected = declared();
    const mismatch = {
      'migrated but not declared': actual.filter((c) => !expected.includes(c)).sort(),
      'declared but not migrated': expected.filter((c) => !actual.includes(c)).sort(),
    };
    expect(mismatch).toEqual({ 'migrated but not declared': [], 'declared but not migrated': [] });
  });
});
