import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock';
import { compiledStatement } from '../db/compiled';
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
  /**
   * Wakes the loop at once (after an enqueue). With `kinds`, only those kinds of work are looked
   * at afresh (the caller knows what it queued); without, every kind.
   */
  poke(kinds?: readonly WorkKind[]): void;
  start(): void;
  /**
   * Starts no more jobs and waits for those running; with `timeoutMs`, jobs still running after it
   * are handed back (pending, lease cleared) so another process runs them at once (graceful shutdown).
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** The queue per kind of work (count, oldest due age, retrying, failed) plus this process's slots. */
  summary(): Promise<(WorkKindSummary & { slots: number; inUse: number })[]>;
}

// What every job costs, compiled once (compiledStatement): its claim (by how many are claimed
// together) and its end (done, failed, or back to pending with a run time).
const claimJobs = compiledStatement((db: Kysely<Database>, p: Record<string, string>, n: number) =>
  db
    .updateTable('jobs')
    .set({ status: 'running', lockedUntil: p.lockedUntil, attempts: sql`attempts + 1`, updatedAt: p.now })
    .where(
      'id',
      'in',
      Array.from({ length: n }, (_, k) => p[`id${k}`]!),
    )
    .where((eb) =>
      eb.or([eb.and([eb('status', '=', 'pending'), eb('runAt', '<=', p.now!)]), eb.and([eb('status', '=', 'running'), eb('lockedUntil', '<', p.now!)])]),
    )
    .returning(['id', 'attempts']),
);
type JobEnd = { id: string; status: 'pending' | 'done' | 'failed'; lastError: string | null; runAt: string; now: string };
const endJob = compiledStatement((db: Kysely<Database>, p: JobEnd, withRunAt: 'runAt' | 'keep') =>
  db
    .updateTable('jobs')
    .set({ status: p.status, lastError: p.lastError, ...(withRunAt === 'runAt' ? { runAt: p.runAt } : {}), lockedUntil: null, updatedAt: p.now })
    .where('id', '=', p.id),
);

/** How a fill looks at the queue: the candidates read last time, afresh, or afresh and for crashed runners' jobs. */
type Look = 'next' | 'fresh' | 'all';

interface Lane extends WorkKindLimits {
  running: number;
  byTenant: Map<string, number>;
  /** Due jobs read but not yet claimed, tenants interleaved. */
  candidates: Candidate[];
  /** How many one tenant may run now (depends on how many tenants wait). */
  cap: number;
}

/** [[a1, a2, a3], [b1]] → [a1, b1, a2, a3]: tenants take turns. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; out.length < lists.reduce((n, l) => n + l.length, 0); i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
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
    WORK_KINDS.map((k) => {
      const limits = { ...DEFAULT_LIMITS[k], ...options.limits?.[k] };
      return [k, { ...limits, running: 0, byTenant: new Map<string, number>(), candidates: [] as Candidate[], cap: limits.perTenant }];
    }),
  ) as Record<WorkKind, Lane>;
  /** Kinds whose last look found nothing to do: a finished job re-looks only at the others. */
  const idle = new Set<WorkKind>();
  const inFlight = new Set<Promise<void>>();
  /** Jobs running here, for handing their leases back when a shutdown cannot wait for them. */
  const runningJobs = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let pokeTimer: NodeJS.Timeout | undefined;
  /** The kinds the pending poke looks at (every kind once any poke named none). */
  let pokeKinds: Set<WorkKind> | 'all' | undefined;
  let stopped = true;
  let draining = 0;
  let completed = 0;
  let started = 0;

  /**
   * Takes jobs just before running them, in one conditional update: a job another runner took
   * first (or put back with a later run time) no longer matches and is skipped. Only the jobs
   * being run are leased.
   */
  async function claim(candidates: Candidate[]): Promise<Candidate[]> {
    if (candidates.length === 0) return [];
    const args: Record<string, string> = { now: clock.nowIso(), lockedUntil: new Date(clock.nowMs() + leaseMs).toISOString() };
    candidates.forEach((c, k) => (args[`id${k}`] = c.id));
    const { rows } = await claimJobs.execute(db, args, candidates.length);
    const attempts = new Map(rows.map((r) => [r.id, Number(r.attempts)]));
    return candidates.filter((c) => attempts.has(c.id)).map((c) => ({ ...c, attempts: attempts.get(c.id)! }));
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
    const finish = (set: { status: 'pending' | 'done' | 'failed'; runAt?: string; lastError: string | null }) =>
      endJob.execute(db, { id: job.id, status: set.status, lastError: set.lastError, runAt: set.runAt ?? '', now: clock.nowIso() }, set.runAt === undefined ? 'keep' : 'runAt');
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
    runningJobs.set(job.id, job.attempts);
    const run: Promise<void> = runLeased(job)
      .catch((err: unknown) => logger.error('job could not be settled', { id: job.id, error: String(err) }))
      .finally(() => {
        lane.running -= 1;
        const left = tenantRunning(lane, job.tenantKey) - 1;
        if (left > 0) lane.byTenant.set(job.tenantKey, left);
        else lane.byTenant.delete(job.tenantKey);
        inFlight.delete(run);
        runningJobs.delete(job.id);
        completed += 1;
        // A free slot: look again at this kind, and at any kind that had work waiting.
        if (!stopped || draining > 0) void requestFill([workKind, ...WORK_KINDS.filter((k) => !idle.has(k))], 'next');
      });
    inFlight.add(run);
  }

  /**
   * Fills this kind's free slots, tenants taking turns. After a job finishes, the next one comes
   * from the candidates read last time, so that a job costs a claim and a finish, not a look at
   * the whole queue; a poke (new work) and the poll read the queue afresh, so a tenant that turns
   * up is seen at once; the poll and a drain also take over crashed runners' jobs. The candidates
   * interleave tenants, and none is claimed for a tenant at its cap.
   */
  async function fillKind(workKind: WorkKind, look: Look) {
    const lane = lanes[workKind];
    if (look !== 'next') lane.candidates = [];
    if (lane.running >= lane.concurrency) return;
    const now = clock.nowIso();
    if (lane.candidates.length === 0) {
      const free = lane.concurrency - lane.running;
      const orphans = look === 'all' ? await orphanedJobs(db, workKind, now, free) : [];
      const heads = await tenantHeads(db, workKind, now);
      if (orphans.length === 0 && heads.length === 0) {
        idle.add(workKind);
        return;
      }
      // A tenant may use every slot but one per tenant waiting (itself included: that one is kept
      // for a tenant that turns up), never less than its share; the others take the slots it frees.
      lane.cap = Math.max(lane.perTenant, lane.concurrency - heads.length);
      const share = shareSlots(heads, lane.concurrency + free, (t) => tenantRunning(lane, t), lane.cap + lane.concurrency);
      const perTenant = await Promise.all([...share].map(([tenantKey, n]) => dueJobs(db, workKind, tenantKey, now, n)));
      lane.candidates = [...orphans, ...interleave(perTenant)];
    }
    idle.delete(workKind);
    const picked: Candidate[] = [];
    const taking = new Map<string, number>();
    for (let i = 0; i < lane.candidates.length && lane.running + picked.length < lane.concurrency; ) {
      const candidate = lane.candidates[i]!;
      const n = taking.get(candidate.tenantKey) ?? 0;
      if (tenantRunning(lane, candidate.tenantKey) + n >= lane.cap) {
        i += 1;
        continue;
      }
      lane.candidates.splice(i, 1);
      taking.set(candidate.tenantKey, n + 1);
      picked.push(candidate);
    }
    for (const job of await claim(picked)) launch(lane, workKind, job);
  }

  // Fill passes run one at a time; a request joins the pass not yet started, so every request is
  // served by a pass that reads the queue after it was made.
  let chain: Promise<void> = Promise.resolve();
  let queued: { kinds: Set<WorkKind>; look: Look; done: Promise<void> } | undefined;
  const LOOKS: Look[] = ['next', 'fresh', 'all'];
  function requestFill(kinds: readonly WorkKind[], look: Look): Promise<void> {
    if (queued) {
      for (const k of kinds) queued.kinds.add(k);
      if (LOOKS.indexOf(look) > LOOKS.indexOf(queued.look)) queued.look = look;
      return queued.done;
    }
    const pass: { kinds: Set<WorkKind>; look: Look; done: Promise<void> } = { kinds: new Set(kinds), look, done: Promise.resolve() };
    pass.done = chain.then(async () => {
      if (queued === pass) queued = undefined;
      try {
        for (const k of WORK_KINDS) if (pass.kinds.has(k)) await fillKind(k, pass.look);
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
    await requestFill(WORK_KINDS, 'all');
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
          await requestFill(WORK_KINDS, 'all');
          if (inFlight.size === 0 && started === startedBefore) return completed - before;
          // Finishing jobs start the next ones; look at the whole queue again once all are done.
          do {
            while (inFlight.size > 0) await Promise.race(inFlight);
            await chain;
          } while (inFlight.size > 0);
        }
      } finally {
        draining -= 1;
      }
    },
    poke(kinds) {
      // Soon rather than now: a caller inside a transaction pokes before it commits.
      if (stopped) return;
      if (!kinds || pokeKinds === 'all') pokeKinds = 'all';
      else {
        pokeKinds ??= new Set();
        for (const k of kinds) pokeKinds.add(k);
      }
      clearTimeout(pokeTimer);
      pokeTimer = setTimeout(() => {
        const look = pokeKinds === 'all' || !pokeKinds ? WORK_KINDS : WORK_KINDS.filter((k) => (pokeKinds as Set<WorkKind>).has(k));
        pokeKinds = undefined;
        void requestFill(look, 'fresh');
      }, 0);
    },
    start() {
      stopped = false;
      schedule(0);
    },
    async stop(options) {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(pokeTimer);
      pokeKinds = undefined;
      await chain;
      const all = Promise.all([...inFlight]);
      if (options?.timeoutMs === undefined) return void (await all);
      let waited: NodeJS.Timeout | undefined;
      const late = await Promise.race([all.then(() => false), new Promise<boolean>((res) => (waited = setTimeout(() => res(true), options.timeoutMs)))]);
      clearTimeout(waited);
      if (!late || runningJobs.size === 0) return;
      // The attempt that was cut short does not count against the job's retries.
      for (const [id, attempts] of runningJobs) {
        await db
          .updateTable('jobs')
          .set({ status: 'pending', lockedUntil: null, attempts: attempts - 1, updatedAt: clock.nowIso() })
          .where('id', '=', id)
          .where('status', '=', 'running')
          .where('attempts', '=', attempts)
          .execute();
      }
      logger.warn('jobs handed back at shutdown', { count: runningJobs.size });
    },
    async summary() {
      const rows = await queueSummary(db, clock);
      return rows.map((r) => ({ ...r, slots: lanes[r.workKind].concurrency, inUse: lanes[r.workKind].running }));
    },
  };
}
