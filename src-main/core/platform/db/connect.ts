import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger';
import { startCheckpointer } from './checkpointer';
import { startReadPool, type ReadPool } from './read-pool';
import { ensurePrivateDir, makePrivateFile } from './private-files';
import type { Database } from './schema';
import { withStatementCache } from './statement-cache';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  /**
   * For reads that take more than ~10 ms (lists with search and counts, exports, aggregates): on
   * SQLite read-only connections in worker threads (db/read-pool.ts), on PostgreSQL the pool itself.
   */
  reader: Kysely<Database>;
  /** SQLite: the worker threads behind `reader`; undefined on PostgreSQL. */
  readPool?: ReadPool;
  dialect: Dialect;
  /** Where the data lives, for messages: a file path, or the PostgreSQL URL without its password. */
  location: string;
  /** The raw SQLite connection (online backup, integrity checks); undefined on PostgreSQL. */
  sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A `postgres://` or `postgresql://` URL selects PostgreSQL; otherwise SQLite at sqlitePath. */
  databaseUrl?: string;
  sqlitePath: string;
  /** PostgreSQL schema to live in (created if missing); lets tests and teams share one server. */
  postgresSchema?: string;
  logger: Logger;
  slowQueryMs?: number;
  /** SQLite: worker threads for heavy reads (default 2). */
  readers?: number;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  const slowQueryMs = options.slowQueryMs ?? 40;
  const log = (event: LogEvent) => {
    if (event.level === 'query' && event.queryDurationMillis > slowQueryMs) {
      options.logger.warn('slow query', {
        ms: Math.round(event.queryDurationMillis),
        sql: event.query.sql.slice(0, 300),
      });
    }
  };
  const plugins = [new CamelCasePlugin()];

  if (isPostgresUrl(options.databaseUrl)) {
    const schema = options.postgresSchema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new Error(`postgres schema "${schema}" must be a lowercase identifier`);
    }
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool,
        onCreateConnection: async (conn) => {
          if (schema) {
            // The schema name was checked to be a plain identifier above.
            await conn.executeQuery(CompiledQuery.raw(`CREATE SCHEMA IF NOT EXISTS "${schema}"`));
            await conn.executeQuery(CompiledQuery.raw(`SET search_path TO "${schema}"`));
          }
        },
      }),
      plugins,
      log,
    });
    return {
      db,
      reader: db,
      dialect: 'postgres',
      location: redactUrl(options.databaseUrl) + (schema ? ` (schema ${schema})` : ''),
      close: () => db.destroy(),
    };
  }

  ensurePrivateDir(dirname(options.sqlitePath));
  // Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files it creates later the
  // database file's mode, whatever the umask.
  makePrivateFile(options.sqlitePath, { create: true });
  const sqlite = new SqliteDatabase(options.sqlitePath);
  sqlite.pragma('journal_mode = WAL');
  // Files left by an older version (or another umask) are tightened too.
  for (const suffix of ['-wal', '-shm']) makePrivateFile(options.sqlitePath + suffix);
  // NORMAL in WAL mode survives a crash of the app (kill -9); only an OS crash could lose the
  // last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins, log });
  // WAL checkpoints (and their fsync) in a worker thread, not inside a commit on the event loop.
  const checkpointer = startCheckpointer(sqlite, options.sqlitePath, options.logger);
  const readPool = startReadPool({ file: options.sqlitePath, size: options.readers ?? 2, plugins, log, logger: options.logger });
  return {
    db,
    reader: readPool.db,
    readPool,
    dialect: 'sqlite',
    location: options.sqlitePath,
    sqlite,
    async close() {
      await readPool.close();
      await checkpointer.stop();
      await db.destroy();
    },
  };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}
