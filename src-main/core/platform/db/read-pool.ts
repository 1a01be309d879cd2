import { AsyncLocalStorage } from 'node:async_hooks';
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

/**
 * words_match(text, words): 1 when every word of `words` (space-separated, folded as below) is the
 * prefix of some word of `text`. Words are folded and split the way FTS5's `unicode61
 * remove_diacritics 2` tokenizer does (lowercase, accents dropped, runs of letters and digits), so
 * a row it accepts is one a prefix MATCH accepts. It tests one row in place: walking an index in
 * sort order and testing each row costs ~1 µs a row, where a MATCH on a short prefix ("m*") first
 * merges every matching word's list (100 ms at a million members).
 */
const WORDS_MATCH_SOURCE = `function wordsMatch(text, words) {
  if (text === null || text === undefined || words === null || words === undefined) return 0;
  let s = String(text);
  // Accents only where there are letters beyond ASCII (most names have none).
  s = /[^\\u0000-\\u007f]/.test(s) ? s.normalize('NFD').replace(/\\p{M}/gu, '').toLowerCase() : s.toLowerCase();
  const wanted = String(words).split(' ');
  for (let i = 0; i < wanted.length; i++) {
    const w = wanted[i];
    if (w === '') continue;
    let at = s.indexOf(w);
    // A match must start a word: at the start, or after a character that is not a letter or digit.
    while (at > 0 && /[\\p{L}\\p{N}\\p{Co}]/u.test(s[at - 1])) at = s.indexOf(w, at + 1);
    if (at < 0) return 0;
  }
  return 1;
}`;

/** The same words_match, for a connection of this process (the bench's baseline, tests). */
export const wordsMatch = new Function(`${WORDS_MATCH_SOURCE}; return wordsMatch;`)() as (text: unknown, words: unknown) => 0 | 1;

/** Folds a typed word the way words_match and FTS5 fold the words they index. */
export function foldWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Registers words_match on a better-sqlite3 connection. */
export function registerReadFunctions(db: { function(name: string, options: { deterministic: boolean }, fn: (...args: unknown[]) => unknown): unknown }): void {
  db.function('words_match', { deterministic: true }, (text, words) => wordsMatch(text, words));
}

// Reads started inside withReadSignal(signal, fn) carry the signal: one still waiting for its
// worker when the signal aborts is never sent (a newer keystroke's search replaced it).
const readSignal = new AsyncLocalStorage<AbortSignal>();

/** Runs fn; the read pool drops the reads it starts that are still queued when `signal` aborts. */
export function withReadSignal<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  return signal ? readSignal.run(signal, fn) : fn();
}

/** The error a dropped read rejects with (name AbortError). */
export function readAborted(): Error {
  return Object.assign(new Error('the read was cancelled: a newer request replaced it'), { name: 'AbortError', code: 'READ_ABORTED' });
}

// CommonJS, given the path of better-sqlite3 so it loads the very module the app uses.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
${WORDS_MATCH_SOURCE}
db.function('words_match', { deterministic: true }, wordsMatch);
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

interface Queued extends Pending {
  id: number;
  sql: string;
  parameters: readonly unknown[];
  signal?: AbortSignal;
  /** Stops listening to `signal` (once the read is sent, or dropped). */
  forget?: () => void;
}

/**
 * One worker. Each runs one statement at a time, so the rest wait here, in the main thread, where
 * a read whose signal aborted can still be dropped rather than run for nobody.
 */
interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  queue: Queued[];
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
    const slot: Slot = { worker, pending: new Map(), queue: [] };
    worker.on('message', (message: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) => {
      const waiting = slot.pending.get(message.id);
      if (!waiting) return;
      slot.pending.delete(message.id);
      sendNext(slot);
      if (slot.pending.size === 0) slot.worker.unref();
      if (message.error) waiting.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else waiting.resolve(message.rows ?? []);
    });
    const fail = (why: string) => {
      for (const waiting of [...slot.pending.values(), ...slot.queue]) waiting.reject(new Error(`a read worker stopped: ${why}`));
      slot.pending.clear();
      slot.queue = [];
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

  /** Sends the slot's next read that is still wanted, when its worker is free. */
  function sendNext(slot: Slot) {
    while (slot.pending.size === 0 && slot.queue.length > 0) {
      const next = slot.queue.shift()!;
      next.forget?.();
      if (next.signal?.aborted) {
        next.reject(readAborted());
        continue;
      }
      slot.pending.set(next.id, next);
      slot.worker.ref();
      slot.worker.postMessage({ id: next.id, sql: next.sql, parameters: next.parameters });
    }
  }

  const busy = (s: Slot) => s.pending.size + s.queue.length;

  function run(sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    if (closing) return Promise.reject(new Error('the read pool is closed'));
    const signal = readSignal.getStore();
    if (signal?.aborted) return Promise.reject(readAborted());
    if (slots.length === 0) slots = Array.from({ length: size }, spawn);
    for (const observer of observers) observer({ sql, parameters });
    // The least busy worker: a long aggregate on one never queues a member page behind it.
    const slot = slots.reduce((best, s) => (busy(s) < busy(best) ? s : best));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const queued: Queued = { id, sql, parameters, signal, resolve, reject };
      slot.queue.push(queued);
      // Dropped at once when its signal aborts while it waits (a running statement finishes).
      if (signal) {
        const onAbort = () => {
          const at = slot.queue.indexOf(queued);
          if (at < 0) return;
          slot.queue.splice(at, 1);
          reject(readAborted());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queued.forget = () => signal.removeEventListener('abort', onAbort);
      }
      sendNext(slot);
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
        for (const waiting of [...slot.pending.values(), ...slot.queue]) waiting.reject(new Error('the read pool is closed'));
        slot.pending.clear();
        slot.queue = [];
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
    load: () => (slots.length ? slots.map(busy) : Array.from({ length: size }, () => 0)),
    observe(listener) {
      observers.add(listener);
      return () => observers.delete(listener);
    },
    close: () => db.destroy(),
  };
}
