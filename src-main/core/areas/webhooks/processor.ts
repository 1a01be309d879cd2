import { CompiledQuery, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/schema';
import { backoffMs } from '../../platform/jobs/backoff';
import { enqueueJob } from '../../platform/jobs/queue';
import type { JobRunner } from '../../platform/jobs/runner';
import { ChangeLog, PayloadError, type BillingService } from '../billing/billing';
import { lemonSqueezyHandler } from './handlers/lemonsqueezy';
import { stripeHandler } from './handlers/stripe';
import type { ProviderHandler } from './handlers/types';
import { webhookLedger, type LedgerRow } from './ledger';

export const PROCESS_JOB = 'webhook.process';
/** With the runner's backoff (2 s doubling) the last attempt comes about 17 minutes after the first. */
export const PROCESS_MAX_ATTEMPTS = 10;

const HANDLERS: Record<string, ProviderHandler> = { stripe: stripeHandler, lemonsqueezy: lemonSqueezyHandler };

// The same text on both dialects, so written once rather than built per event.
const savepoint = (name: string) => ({
  begin: CompiledQuery.raw(`savepoint ${name}`),
  release: CompiledQuery.raw(`release savepoint ${name}`),
  rollback: CompiledQuery.raw(`rollback to savepoint ${name}`),
});
const SAVEPOINTS = { webhook_event: savepoint('webhook_event'), webhook_tenant: savepoint('webhook_tenant') };
type SavepointName = keyof typeof SAVEPOINTS;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Applies stored deliveries, from the ledger and never from a request. Each event's effects and its
 * ledger row's new status are written together (a savepoint of their own), so a crash leaves either
 * both or neither; the events of one listener transaction share one database transaction, since a
 * commit costs more than applying an event. A failing handler is retried with backoff by the job
 * runner, then marked failed.
 */
export function registerWebhookProcessor(deps: { db: Kysely<Database>; clock: Clock; jobs: JobRunner; billing: BillingService }) {
  const { db, clock } = deps;
  const ledger = webhookLedger(db);

  /** Runs fn in a savepoint: rolled back alone when it throws, the rest of the transaction kept. */
  async function inSavepoint<T>(trx: Kysely<Database>, name: SavepointName, fn: () => Promise<T>): Promise<T> {
    const { begin, release, rollback } = SAVEPOINTS[name];
    await trx.executeQuery(begin);
    try {
      const result = await fn();
      await trx.executeQuery(release);
      return result;
    } catch (err) {
      await trx.executeQuery(rollback);
      await trx.executeQuery(release);
      throw err;
    }
  }

  /**
   * One event, inside the caller's transaction. Returns the error to retry it for, or null when it
   * is done with (applied, ignored, processed before, or failed for good and recorded so).
   */
  async function applyOne(trx: Kysely<Database>, row: LedgerRow, attempt: number): Promise<unknown> {
    if (row.status === 'applied' || row.status === 'ignored') return null;
    const eventId = row.id;
    const tx = webhookLedger(trx);
    const handler = HANDLERS[row.provider];
    let payload: unknown;
    try {
      payload = JSON.parse(row.body);
    } catch (err) {
      await tx.recordFailure(eventId, { error: `the stored body is not JSON: ${messageOf(err)}`, final: true, countAttempt: true, at: clock.nowIso() });
      return null;
    }

    if (!handler?.handles(row.type)) {
      // Unknown types are kept and shown, not applied; attributed to a tenant when it is plain.
      const tenant = handler ? await inSavepoint(trx, 'webhook_tenant', () => handler.resolveTenant(trx, payload)).catch(() => null) : null;
      if (!(await tx.claim(eventId))) return null;
      await tx.finish(eventId, {
        status: 'ignored',
        tenantId: tenant?.ok ? tenant.tenantId : null,
        changes: null,
        userId: null,
        note: `${row.type} is not an event this console acts on`,
        at: clock.nowIso(),
      });
      return null;
    }

    // The tenant, once known, stays on a failed row: its ADMINs see the failure and its reason.
    let resolvedTenantId: string | undefined;
    try {
      await inSavepoint(trx, 'webhook_event', async () => {
        const tenant = await handler.resolveTenant(trx, payload);
        if (tenant.ok) resolvedTenantId = tenant.tenantId;
        if (!tenant.ok) {
          // Retrying cannot help until the owner acts; they retry it from the Webhooks page.
          await tx.recordFailure(eventId, { error: tenant.reason, final: true, tenantId: null, countAttempt: true, at: clock.nowIso() });
          return;
        }
        if (!(await tx.claim(eventId))) return;
        const log = new ChangeLog();
        const result = await handler.apply({ tenantId: tenant.tenantId, billing: deps.billing.session(trx, log), clock }, payload);
        await tx.finish(eventId, {
          status: result.outcome,
          tenantId: tenant.tenantId,
          changes: log.changes,
          userId: log.userId,
          note: result.outcome === 'ignored' ? result.reason : null,
          at: clock.nowIso(),
        });
      });
      return null;
    } catch (err) {
      const permanent = err instanceof PayloadError;
      const final = permanent || attempt >= PROCESS_MAX_ATTEMPTS;
      await tx.recordFailure(eventId, { error: messageOf(err), final, tenantId: resolvedTenantId, countAttempt: true, at: clock.nowIso() });
      return permanent ? null : err;
    }
  }

  /** Events in one transaction; returns those to retry, with why. */
  async function applyRows(rows: LedgerRow[], attempt: number): Promise<{ eventId: string; error: unknown }[]> {
    const retry: { eventId: string; error: unknown }[] = [];
    const pending = rows.filter((r) => r.status !== 'applied' && r.status !== 'ignored');
    if (pending.length === 0) return retry;
    await db.transaction().execute(async (trx) => {
      for (const row of pending) {
        const error = await applyOne(trx, row, attempt);
        if (error !== null) retry.push({ eventId: row.id, error });
      }
    });
    return retry;
  }

  /** A single event (a retry, a reconciled event): a failure is retried by this job's own backoff. */
  async function processEvent(eventId: string, attempt: number): Promise<void> {
    const row = await ledger.findById(eventId);
    if (!row) return;
    const [failed] = await applyRows([row], attempt);
    if (failed) throw failed.error;
  }

  /**
   * The events one listener transaction stored (group commit), a few per transaction with a turn
   * of the event loop between transactions so that requests are served meanwhile. One that fails
   * is retried on its own, by a job of its own with the usual backoff; the others are not held
   * back by it.
   */
  async function processStored(eventIds: string[], attempt: number): Promise<void> {
    const rows = await ledger.findMany(eventIds);
    const retry: string[] = [];
    for (let k = 0; k < rows.length; k += EVENTS_PER_TRANSACTION) {
      // The job runner runs jobs back to back: yield before each transaction, the first one too.
      await new Promise((resolve) => setImmediate(resolve));
      for (const failed of await applyRows(rows.slice(k, k + EVENTS_PER_TRANSACTION), attempt)) retry.push(failed.eventId);
    }
    // At the last attempt they were marked failed: the owner retries them from the Webhooks page.
    if (retry.length === 0 || attempt >= PROCESS_MAX_ATTEMPTS) return;
    const runAt = new Date(clock.nowMs() + backoffMs(attempt)).toISOString();
    await db.transaction().execute(async (trx) => {
      for (const eventId of retry) {
        await enqueueJob(trx, clock, { kind: PROCESS_JOB, payload: { eventId, attemptsBefore: attempt } satisfies ProcessJob, runAt, maxAttempts: PROCESS_MAX_ATTEMPTS - attempt });
      }
    });
    deps.jobs.poke(['webhooks']);
  }

  deps.jobs.register(PROCESS_JOB, async (payload, job) => {
    const p = payload as ProcessJob;
    if (p.eventIds) await processStored(p.eventIds, job.attempts);
    else await processEvent(p.eventId, job.attempts + (p.attemptsBefore ?? 0));
  });
}

/**
 * Events applied per transaction: a commit costs more than an event, but the transaction holds the
 * SQLite connection (and, synchronous, the event loop) meanwhile — 16 events are a few milliseconds.
 */
const EVENTS_PER_TRANSACTION = 16;

/**
 * A webhook.process job: one event (a retry, a reconciled event), or the events one listener
 * transaction stored. `attemptsBefore` counts the tries an event had in a batch before its own job.
 */
type ProcessJob = { eventId: string; eventIds?: undefined; attemptsBefore?: number } | { eventIds: string[]; eventId?: undefined; attemptsBefore?: undefined };
