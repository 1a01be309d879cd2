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
  const leaseMs = options.leaseMs ?? 20_000;
  const pollMs = options.pollMs ?? 1_000;
  const batchSize = options.batchSize ?? 20;
  const backoff = options.backoff ?? ((attempt: number) => backoffMs(attempt));
  const handlers = new Map<string, JobHandler>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;

  async function findDue() {
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
    return [...orphaned, ...due].slice(0, batchSize);
  }

  type Candidate = Awaited<ReturnType<typeof findDue>>[number];

  /**
   * Takes one job just before running it. Conditional update: if another runner took it first,
   * zero rows change and we skip it. Only the job being run is leased, so a runner that dies holds
   * up one job for at most one lease, not a whole batch.
   */
  async function claim(job: Candidate) {
    const now = clock.nowIso();
    const result = await db
      .updateTable('jobs')
      .set({ status: 'running', lockedUntil: new Date(clock.nowMs() + leaseMs).toISOString(), attempts: sql`attempts + 1`, updatedAt: now })
      .where('id', '=', job.id)
      .where('attempts', '=', job.attempts)
      .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'running'), eb('lockedUntil', '<', now)])]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? { ...job, attempts: job.attempts + 1 } : null;
  }

  /** Runs a claimed job, renewing its lease while it runs so a long job is not taken by another runner. */
  async function runLeased(job: Candidate) {
    const heartbeat = setInterval(() => {
      db.updateTable('jobs')
        .set({ lockedUntil: new Date(clock.nowMs() + leaseMs).toISOString() })
        .where('id', '=', job.id)
        .where('status', '=', 'running')
        .execute()
        .catch((err: unknown) => logger.warn('job lease renewal failed', { id: job.id, error: String(err) }));
    }, Math.max(1_000, Math.floor(leaseMs / 3)));
    heartbeat.unref();
    try {
      await runOne(job);
    } finally {
      clearInterval(heartbeat);
    }
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
      const candidates = await findDue();
      if (candidates.length === 0) return done;
      for (const candidate of candidates) {
        const job = await claim(candidate);
        if (!job) continue;
        await runLeased(job);
        done += 1;
      }
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
