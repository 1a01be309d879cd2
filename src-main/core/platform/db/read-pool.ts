import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type KyselyPlugin,
  type LogConfig,
  type QueryResult,
} from 'kysely';
import type { Logger } from '../logger';
import type { Database } from './schema';

/**
 * Read-only SQLite connections in worker threads, behind a Kysely instance.
 *
 * better-sqlite3 is synchronous: a member search with a count over a million rows, an export page
 * or an analytics aggregate holds the event loop for its whole duration, and every webhook and IPC
 * call waits behind it. Queries that take more than ~10 ms run here instead; the event loop only
 * compiles the query and waits for the rows. Point lookups stay on the main connection (a round
 * trip to a worker costs ~0.25 ms). In WAL mode each statement reads the latest commit, so a read
 * right after a write on the main connection sees it.
 */
export interface ReadPool {
  db: Kysely<Database>;
  /** Statements waiting or running, per worker (for tests and the bench). */
  load(): number[];
  /** Calls `listener` with every statement sent to a worker until the returned function is called (tracing, the bench's baseline). */
  observe(listener: (statement: { sql: string; parameters: readonly unknown[] }) => void): () => void;
  close(): Promise<void>;
}

export interface ReadPoolOptions {
  file: string;
  /** Worker threads, each with its own read-only connection. */
  size?: number;
  plugins?: KyselyPlugin[];
  log?: LogConfig;
  logger: Logger;
}

// CommonJS, given the path of better-sqlite3 so it loads the very module the app uses.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();
function prepared(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
    if (statements.size > 300) statements.delete(statements.keys().next().value);
  }
  return statement;
}
parentPort.on('message', (message) => {
  const { id, sql, parameters } = message;
  try {
    const statement = prepared(sql);
    if (!statement.reader) throw Object.assign(new Error('the read pool only runs statements that return rows'), { code: 'READ_POOL_NOT_A_READ' });
    parentPort.postMessage({ id, rows: statement.all(parameters) });
  } catch (err) {
    parentPort.postMessage({ id, error: { message: String(err && err.message), code: err && err.code } });
  }
});
`;

interface Pending {
  resolve(rows: unknown[]): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

export function startReadPool(options: ReadPoolOptions): ReadPool {
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
  const size = Math.max(1, options.size ?? 2);
  let nextId = 1;
  let closing = false;
  const observers = new Set<(statement: { sql: string; parameters: readonly unknown[] }) => void>();

  const spawn = (): Slot => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: options.file, modulePath } });
    // A pool that is idle must not keep the process alive.
    worker.unref();
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (message: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) => {
      const waiting = slot.pending.get(message.id);
      if (!waiting) return;
      slot.pending.delete(message.id);
      if (slot.pending.size === 0) worker.unref();
      if (message.error) waiting.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else waiting.resolve(message.rows ?? []);
    });
    const fail = (why: string) => {
      for (const waiting of slot.pending.values()) waiting.reject(new Error(`a read worker stopped: ${why}`));
      slot.pending.clear();
      if (closing) return;
      options.logger.error('read worker stopped; starting another', { why });
      slots[slots.indexOf(slot)] = spawn();
    };
    worker.on('error', (err) => fail(String(err)));
    worker.on('exit', (code) => {
      if (!closing) fail(`exit code ${code}`);
    });
    return slot;
  };
  // Started on the first read: a CLI command or a console that never lists members starts no thread.
  let slots: Slot[] = [];

  function run(sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    if (closing) return Promise.reject(new Error('the read pool is closed'));
    if (slots.length === 0) slots = Array.from({ length: size }, spawn);
    for (const observer of observers) observer({ sql, parameters });
    // The least busy worker: a long aggregate on one never queues a member page behind it.
    const slot = slots.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, sql, parameters });
    });
  }

  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      return { rows: (await run(query.sql, query.parameters)) as R[] };
    },
    // eslint-disable-next-line require-yield
    async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error('the read pool does not stream; page the query instead');
    },
  };
  const readOnly = () => Promise.reject(new Error('the read pool is read-only; write through the main connection'));
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: readOnly,
    commitTransaction: readOnly,
    rollbackTransaction: readOnly,
    releaseConnection: async () => {},
    destroy: async () => {
      if (closing) return;
      closing = true;
      // A read still running is abandoned (read-only: nothing to roll back); its caller is told.
      for (const slot of slots) {
        for (const waiting of slot.pending.values()) waiting.reject(new Error('the read pool is closed'));
        slot.pending.clear();
      }
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };

  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new SqliteIntrospector(k),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
    plugins: options.plugins,
    log: options.log,
  });
  return {
    db,
    load: () => (slots.length ? slots.map((s) => s.pending.size) : Array.from({ length: size }, () => 0)),
    observe(listener) {
      observers.add(listener);
      return () => observers.delete(listener);
    },
    close: () => db.destroy(),
  };
}
