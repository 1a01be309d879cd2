import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import { compiledStatement } from '../db/compiled';
import { isUniqueViolation } from '../db/errors';
import type { Database } from '../db/schema';
import { newId } from '../ids';
import { currentTenantKey } from './context';
import { workKindOf, type WorkKind } from './work-kinds';

export interface EnqueueInput {
  kind: string;
  payload: unknown;
  /** When to run it (ISO); now by default. */
  runAt?: string;
  /** At most one unfinished job with this key: enqueueing it again is a no-op. */
  dedupeKey?: string;
  maxAttempts?: number;
  /** Which concurrency limit it counts against; derived from `kind` by default. */
  workKind?: WorkKind;
  /**
   * The tenant it runs for (tenants take turns within a kind of work). By default the payload's
   * `tenantId`, else the tenant of the job enqueueing it, else none (platform work).
   */
  tenantId?: string | null;
}

type JobRow = { id: string; kind: string; payload: string; maxAttempts: number; runAt: string; dedupeKey: string | null; now: string; workKind: string; tenantKey: string };
const jobValues = (p: JobRow) => ({
  id: p.id,
  kind: p.kind,
  payload: p.payload,
  status: 'pending' as const,
  maxAttempts: p.maxAttempts,
  runAt: p.runAt,
  lockedUntil: null,
  dedupeKey: p.dedupeKey,
  lastError: null,
  createdAt: p.now,
  updatedAt: p.now,
  workKind: p.workKind,
  tenantKey: p.tenantKey,
});
// Every outbound effect and event listener is one of these: compiled once (compiledStatement).
const insertJob = compiledStatement((db, p: JobRow) => db.insertInto('jobs').values(jobValues(p)));
const insertJobUnlessQueued = compiledStatement((db, p: JobRow) =>
  db
    .insertInto('jobs')
    .values(jobValues(p))
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .returning('id'),
);

function tenantKeyOf(input: EnqueueInput): string {
  if (input.tenantId !== undefined) return input.tenantId ?? '';
  const fromPayload = (input.payload as { tenantId?: unknown } | null)?.tenantId;
  if (typeof fromPayload === 'string') return fromPayload;
  return currentTenantKey() ?? '';
}

/**
 * The durable outbox: an outbound effect is a row in `jobs`, written in the same transaction as
 * the change that causes it, and carried out (and retried) by the runner after the commit.
 * Returns the job id, or the existing job's id when dedupeKey matched.
 */
export async function enqueueJob(db: Kysely<Database>, clock: Clock, input: EnqueueInput): Promise<string> {
  const now = clock.nowIso();
  const id = newId('job');
  const row: JobRow = {
    id,
    kind: input.kind,
    payload: JSON.stringify(input.payload),
    maxAttempts: input.maxAttempts ?? 10,
    runAt: input.runAt ?? now,
    dedupeKey: input.dedupeKey ?? null,
    now,
    workKind: input.workKind ?? workKindOf(input.kind),
    tenantKey: tenantKeyOf(input),
  };
  if (!input.dedupeKey) {
    await insertJob.execute(db, row);
    return id;
  }
  try {
    // A savepoint-free upsert: the unique dedupe_key makes a duplicate insert do nothing.
    const [inserted] = (await insertJobUnlessQueued.execute(db, row)).rows;
    if (inserted) return inserted.id;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const existing = await db.selectFrom('jobs').select('id').where('dedupeKey', '=', input.dedupeKey).executeTakeFirstOrThrow();
  return existing.id;
}
