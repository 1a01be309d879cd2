import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { Database } from '../db/schema';
import type { Logger } from '../logger';
import { backoffMs, PermanentFailure, RetryLater } from './backoff';
import { runForTenant } from './context';
import { dueJobs, orphanedJobs, shareSlots, tenantHeads, type Candidate } from './fair-pick';
import { queueSummary, type WorkKindSummary } from './summary';
import { DEFAULT_LIMITS, WORK_KINDS, type WorkKind, type WorkKindLimits } from './work-kinds';

export type JobHandler = (payload: unknown, job: { id: string; attempts: number }) => Promise<void>;

export interface JobRunnerOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  /** How long a claimed job stays ours; a crashed runner's jobs become claimable after it. */
  leaseMs?: number;
  pollMs?: number;
  backoff?: (attempt: number) => number;
  /** Per kind of work: how many run at once in this process, and how many of those for one tenant. */
  limits?: Partial<Record<WorkKind, Partial<WorkKindLimits>>>;
}

export interface JobRunner {
  register(kind: string, handler: JobHandler): void;
  /** Runs every job that is due now, and those that become due while it runs; for tests and CLI. */
  drain(): Promise<number>;
  /** Wakes the loop at once (after an enqueue). */
  poke(): void;
  start(): void;
  stop(): Promise<void>;
  /** The queue per kind of work (count, oldest due age, retrying, failed) plus this process's slots. */
  summary(): Promise<(WorkKindSummary & { slots: number; inUse: number })[]>;
}

interface Lane extends WorkKindLimits {
  running: number;
  byTenant: Map<string, number>;
}

/**
 * A fair, concurrent runner over the `jobs` table. Each kind of work has its own slots, so a
 * delivery waiting 15 s on a silent receiver holds a delivery slot, never one that webhook
 * processing or an import needs. Within a kind, tenants take turns (oldest waiting tenant first,
 * a per-tenant cap), so one tenant's backlog never queues another's work behind it. Several
 * processes may share one database: a job is claimed by a conditional update, leased, and the
 * lease renewed while it runs; a crashed runner's job is claimed again after its lease.
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, clock, logger } = options;
  const leaseMs = options.leaseMs ?? 20_000;
  const pollMs = options.pollMs ?? 1_000;
  const backoff = options.backoff ?? ((attempt: number) => backoffMs(attempt));
  const handlers = new Map<string, JobHandler>();
  const lanes = Object.fromEntries(
    WORK_KINDS.map((k) => [k, { ...DEFAULT_LIMITS[k], ...options.limits?.[k], running: 0, byTenant: new Map<string, number>() }]),
  ) as Record<WorkKind, Lane>;
  /** Kinds whose last look found nothing to do: a finished job re-looks only at the others. */
  const idle = new Set<WorkKind>();
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let draining = 0;
  let completed = 0;
  let started = 0;

  /**
   * Takes one job just before running it. Conditional update: if another runner took it first,
   * zero rows change and we skip it. Only the job being run is leased.
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
      await runForTenant(job.tenantKey, () => runOne(job));
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function runOne(job: Candidate) {
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

  const tenantRunning = (lane: Lane, tenantKey: string) => lane.byTenant.get(tenantKey) ?? 0;

  function launch(lane: Lane, workKind: WorkKind, job: Candidate) {
    lane.running += 1;
    lane.byTenant.set(job.tenantKey, tenantRunning(lane, job.tenantKey) + 1);
    started += 1;
    const run: Promise<void> = runLeased(job)
      .catch((err: unknown) => logger.error('job could not be settled', { id: job.id, error: String(err) }))
      .finally(() => {
        lane.running -= 1;
        const left = tenantRunning(lane, job.tenantKey) - 1;
        if (left > 0) lane.byTenant.set(job.tenantKey, left);
        else lane.byTenant.delete(job.tenantKey);
        inFlight.delete(run);
        completed += 1;
        // A free slot: look again at this kind, and at any kind that had work waiting.
        if (!stopped || draining > 0) void requestFill([workKind, ...WORK_KINDS.filter((k) => !idle.has(k))]);
      });
    inFlight.add(run);
  }

  /** Fills this kind's free slots, tenants taking turns. */
  async function fillKind(workKind: WorkKind) {
    const lane = lanes[workKind];
    const free = lane.concurrency - lane.running;
    if (free <= 0) return;
    const now = clock.nowIso();
    const orphans = await orphanedJobs(db, workKind, now, free);
    const heads = await tenantHeads(db, workKind, now);
    if (orphans.length === 0 && heads.length === 0) {
      idle.add(workKind);
      return;
    }
    idle.delete(workKind);
    // A tenant may use every slot but one per tenant waiting (itself included: that one is kept
    // for a tenant that turns up), never less than its share; the others take the slots it frees.
    const cap = Math.max(lane.perTenant, lane.concurrency - heads.length);
    const candidates: Candidate[] = [...orphans];
    const share = shareSlots(heads, Math.max(0, free - orphans.length), (t) => tenantRunning(lane, t), cap);
    for (const [tenantKey, n] of share) candidates.push(...(await dueJobs(db, workKind, tenantKey, now, n)));
    for (const candidate of candidates) {
      if (lane.running >= lane.concurrency) break;
      if (tenantRunning(lane, candidate.tenantKey) >= cap) continue;
      const job = await claim(candidate);
      if (job) launch(lane, workKind, job);
    }
  }

  // Fill passes run one at a time; a request joins the pass not yet started, so every request is
  // served by a pass that reads the queue after it was made.
  let chain: Promise<void> = Promise.resolve();
  let queued: { kinds: Set<WorkKind>; done: Promise<void> } | undefined;
  function requestFill(kinds: readonly WorkKind[]): Promise<void> {
    if (queued) {
      for (const k of kinds) queued.kinds.add(k);
      return queued.done;
    }
    const pass: { kinds: Set<WorkKind>; done: Promise<void> } = { kinds: new Set(kinds), done: Promise.resolve() };
    pass.done = chain.then(async () => {
      if (queued === pass) queued = undefined;
      try {
        for (const k of WORK_KINDS) if (pass.kinds.has(k)) await fillKind(k);
      } catch (err) {
        logger.error('job runner fill failed', { error: String(err) });
      }
    });
    queued = pass;
    chain = pass.done;
    return pass.done;
  }

  function schedule(delay: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void loop(), delay);
  }

  async function loop() {
    await requestFill(WORK_KINDS);
    schedule(pollMs);
  }

  return {
    register(kind, handler) {
      handlers.set(kind, handler);
    },
    async drain() {
      draining += 1;
      const before = completed;
      try {
        for (;;) {
          const startedBefore = started;
          await requestFill(WORK_KINDS);
          if (inFlight.size === 0 && started === startedBefore) return completed - before;
          if (inFlight.size > 0) await Promise.race(inFlight);
        }
      } finally {
        draining -= 1;
      }
    },
    poke() {
      // Soon rather than now: a caller inside a transaction pokes before it commits.
      schedule(0);
    },
    start() {
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await chain;
      await Promise.all([...inFlight]);
    },
    async summary() {
      const rows = await queueSummary(db, clock);
      return rows.map((r) => ({ ...r, slots: lanes[r.workKind].concurrency, inUse: lanes[r.workKind].running }));
    },
  };
}
