import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/**
 * Kysely prepares every statement anew on SQLite, which costs 0.15–0.3 ms a call — more than a
 * whole indexed page read. This hands Kysely better-sqlite3 statements kept by SQL text (least
 * recently used dropped past `max`). A statement that is mid-iteration is busy and cannot be
 * re-run, so then a fresh one is prepared instead.
 */
export function withStatementCache(sqlite: SqliteDatabase.Database, max = 500): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        cache.delete(sql); // re-insert: Map order is our recency order
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}
