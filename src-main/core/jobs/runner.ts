import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { Database } from '../db/schema';
import type { Logger } from '../logger';
import { backoffMs, PermanentFailure, RetryLater } from './backoff';

export type JobHandler = (payload: unknown, job: { id: string; attempts: number }) => Promise<void>;

export interface JobRunnerOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  /** How long a claimed job stays ours; a crashed runner's jobs become claimable after it. */
  leaseMs?: number;
  pollMs?: number;
  batchSize?: number;
  backoff?: (attempt: number) => number;
}

export interface JobRunner {
  register(kind: string, handler: JobHandler): void;
  /** Runs every job that is due now, and those that become due while it runs; for tests and CLI. */
  drain(): Promise<number>;
  /** Wakes the loop at once (after an enqueue). */
  poke(): void;
  start(): void;
  stop(): Promise<void>;
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, clock, logger } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 1_000;
  const batchSize = options.batchSize ?? 20;
  const backoff = options.backoff ?? ((attempt: number) => backoffMs(attempt));
  const handlers = new Map<string, JobHandler>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;

  async function claimDue() {
    const now = clock.nowIso();
    const columns = ['id', 'kind', 'payload', 'attempts', 'maxAttempts'] as const;
    // Two indexed reads instead of one OR: with 100k jobs queued, the OR made SQLite read and
    // sort every pending row for each claim. Due jobs come by (status, run_at); jobs whose runner
    // died are few (status 'running' is only ever a handful of rows).
    const due = await db
      .selectFrom('jobs')
      .select(columns)
      .where('status', '=', 'pending')
      .where('runAt', '<=', now)
      .orderBy('runAt')
      .limit(batchSize)
      .execute();
    const orphaned = await db
      .selectFrom('jobs')
      .select(columns)
      .where('status', '=', 'running')
      .where('lockedUntil', '<', now)
      .limit(batchSize)
      .execute();
    const candidates = [...orphaned, ...due].slice(0, batchSize);
    const claimed = [];
    const lockedUntil = new Date(clock.nowMs() + leaseMs).toISOString();
    for (const job of candidates) {
      // Conditional update: if another runner took it first, zero rows change and we skip it.
      const result = await db
        .updateTable('jobs')
        .set({ status: 'running', lockedUntil, attempts: sql`attempts + 1`, updatedAt: now })
        .where('id', '=', job.id)
        .where('attempts', '=', job.attempts)
        .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'running'), eb('lockedUntil', '<', now)])]))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) claimed.push({ ...job, attempts: job.attempts + 1 });
    }
    return claimed;
  }

  async function runOne(job: { id: string; kind: string; payload: string; attempts: number; maxAttempts: number }) {
    const handler = handlers.get(job.kind);
    const finish = (set: Partial<{ status: 'pending' | 'done' | 'failed'; runAt: string; lastError: string | null }>) =>
      db.updateTable('jobs').set({ ...set, lockedUntil: null, updatedAt: clock.nowIso() }).where('id', '=', job.id).execute();
    if (!handler) {
      await finish({ status: 'failed', lastError: `no handler for job kind ${job.kind}` });
      return;
    }
    try {
      await handler(JSON.parse(job.payload), { id: job.id, attempts: job.attempts });
      await finish({ status: 'done', lastError: null });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof PermanentFailure || job.attempts >= job.maxAttempts;
      if (permanent) {
        logger.warn('job failed for good', { id: job.id, kind: job.kind, attempts: job.attempts, error: message });
        await finish({ status: 'failed', lastError: message });
        return;
      }
      const delay = err instanceof RetryLater ? err.delayMs : backoff(job.attempts);
      await finish({ status: 'pending', runAt: new Date(clock.nowMs() + delay).toISOString(), lastError: message });
    }
  }

  async function tick(): Promise<number> {
    let done = 0;
    for (;;) {
      const batch = await claimDue();
      if (batch.length === 0) return done;
      for (const job of batch) await runOne(job);
      done += batch.length;
      // On SQLite every query above is synchronous: yield so HTTP requests (webhooks, the UI)
      // are served between batches instead of waiting for the whole queue.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  function schedule(delay: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void loop(), delay);
  }

  async function loop() {
    if (running) return;
    running = tick().catch((err) => {
      logger.error('job runner tick failed', { error: String(err) });
      return 0;
    });
    await running;
    running = undefined;
    schedule(pollMs);
  }

  return {
    register(kind, handler) {
      handlers.set(kind, handler);
    },
    async drain() {
      if (running) await running;
      return tick();
    },
    poke() {
      schedule(0);
    },
    start() {
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (running) await running;
    },
  };
}
