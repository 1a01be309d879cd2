import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';
import type { Logger } from '../logger';

/**
 * WAL checkpoints off the event loop.
 *
 * By default SQLite copies the WAL back into the database file when a commit finds the WAL over
 * 1,000 pages: inside that commit, on the thread that runs it — for us the event loop — and with an
 * fsync of the database file. On a busy 2 GB file, with other processes writing to the disk, that
 * stalled every HTTP request for 50–150 ms (the webhook listener's p99 went from ~95 ms to ~28 ms
 * without checkpoints on commit; test/bench/webhooks.ts). So a worker thread with its
 * own connection runs PASSIVE checkpoints, which never wait for and never block the app's readers
 * or writer, and the app's connection checkpoints on commit only past WAL_CAP_PAGES.
 *
 * That cap is needed: a checkpoint beside a writer copies what was committed when it started, and
 * the WAL only starts over once everything in it is copied — under writes without a pause, only
 * the writer's own checkpoint gets there. By then the worker has copied all but the last few
 * commits, so the checkpoint on commit is short. SQLite enforces the cap itself, on every commit,
 * also in code that never yields (a seed, an import); journal_size_limit cuts the file back when
 * the WAL starts over. Durability is unchanged: a commit is in the WAL either way, and a kill
 * mid-checkpoint is safe (the WAL stays authoritative until it starts over).
 *
 * The worker starts once the WAL has grown past the size at which SQLite would have checkpointed
 * (checked with an asynchronous stat), so a console that writes little never has one. If it cannot
 * start or stops unexpectedly, the connection checkpoints on commit as SQLite does by default.
 */
export interface Checkpointer {
  stop(): Promise<void>;
}

/** SQLite's default: checkpoint on commit past 1,000 pages. */
const AUTOCHECKPOINT_PAGES = 1000;
/** With the worker: checkpoint on commit only past this many pages (64 MB at 4 KB a page). */
const WAL_CAP_PAGES = 16384;
const WATCH_MS = 500;
const WORKER_TICK_MS = 200;

// The worker: CommonJS, given the path of better-sqlite3 (so it loads the very module the app uses).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file, { fileMustExist: true });
let last = '';
const tick = () => {
  let now = '';
  try {
    const s = statSync(workerData.file + '-wal');
    now = s.size + ':' + s.mtimeMs;
  } catch {
    return;
  }
  if (now === last) return;
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  // Only when everything was copied is there nothing left to do until the next write.
  if (result && result.busy === 0 && result.log === result.checkpointed) last = now;
};
const timer = setInterval(tick, workerData.tickMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  try { tick(); } finally { db.close(); parentPort.close(); }
});
`;

export function startCheckpointer(sqlite: SqliteDatabase.Database, file: string, logger: Logger): Checkpointer {
  const pageSize = Number(sqlite.pragma('page_size', { simple: true })) || 4096;
  const threshold = AUTOCHECKPOINT_PAGES * pageSize;
  sqlite.pragma(`wal_autocheckpoint = ${WAL_CAP_PAGES}`);
  // When the WAL starts over, its file is cut back to this (else it keeps its largest size).
  sqlite.pragma(`journal_size_limit = ${WAL_CAP_PAGES * pageSize}`);

  let worker: Worker | undefined;
  let stopped = false;
  let fellBack = false;

  const fallBack = (why: string) => {
    if (fellBack || stopped) return;
    fellBack = true;
    logger.warn('WAL checkpoints run on commit again', { why });
    try {
      sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    } catch {
      // The connection is closed already.
    }
  };

  const startWorker = () => {
    try {
      const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath, file, tickMs: WORKER_TICK_MS } });
      worker.unref();
      worker.on('error', (err) => fallBack(`the checkpoint worker failed: ${err.message}`));
      worker.on('exit', () => {
        if (!stopped) fallBack('the checkpoint worker stopped');
      });
    } catch (err) {
      fallBack(`the checkpoint worker could not start: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const watch = setInterval(() => {
    stat(`${file}-wal`).then(
      (s) => {
        if (stopped || fellBack || worker || s.size < threshold) return;
        clearInterval(watch);
        startWorker();
      },
      () => undefined,
    );
  }, WATCH_MS);
  watch.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(watch);
      const w = worker;
      worker = undefined;
      if (!w) return;
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.postMessage('stop');
      // A checkpoint under way finishes first; a stuck one is not waited for long.
      const timer = setTimeout(() => void w.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
