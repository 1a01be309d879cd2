import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { Database } from '../db/schema';
import type { JobRunner } from '../jobs/runner';
import { ChangeLog, PayloadError, type BillingService } from '../services/billing';
import { lemonSqueezyHandler } from './handlers/lemonsqueezy';
import { stripeHandler } from './handlers/stripe';
import type { ProviderHandler } from './handlers/types';
import { webhookLedger } from './ledger';

export const PROCESS_JOB = 'webhook.process';
/** With the runner's backoff (2 s doubling) the last attempt comes about 17 minutes after the first. */
export const PROCESS_MAX_ATTEMPTS = 10;

const HANDLERS: Record<string, ProviderHandler> = { stripe: stripeHandler, lemonsqueezy: lemonSqueezyHandler };

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Applies stored deliveries, from the ledger and never from a request: each in one transaction
 * that holds the event's effects and the ledger row's new status, so a crash leaves either both
 * or neither. A failing handler is retried with backoff by the job runner, then marked failed.
 */
export function registerWebhookProcessor(deps: { db: Kysely<Database>; clock: Clock; jobs: JobRunner; billing: BillingService }) {
  const { db, clock } = deps;
  const ledger = webhookLedger(db);

  async function processEvent(eventId: string, attempt: number): Promise<void> {
    const row = await ledger.findById(eventId);
    if (!row || row.status === 'applied' || row.status === 'ignored') return;
    const handler = HANDLERS[row.provider];
    const payload: unknown = JSON.parse(row.body);

    if (!handler?.handles(row.type)) {
      // Unknown types are kept and shown, not applied; attributed to a tenant when it is plain.
      const tenant = handler ? await handler.resolveTenant(db, payload).catch(() => null) : null;
      await db.transaction().execute(async (trx) => {
        if (!(await webhookLedger(trx).claim(eventId))) return;
        await webhookLedger(trx).finish(eventId, {
          status: 'ignored',
          tenantId: tenant?.ok ? tenant.tenantId : null,
          changes: null,
          userId: null,
          note: `${row.type} is not an event this console acts on`,
          at: clock.nowIso(),
        });
      });
      return;
    }

    try {
      const tenant = await handler.resolveTenant(db, payload);
      if (!tenant.ok) {
        // Retrying cannot help until the owner acts; they retry it from the Webhooks page.
        await ledger.recordFailure(eventId, { error: tenant.reason, final: true, tenantId: null, countAttempt: true, at: clock.nowIso() });
        return;
      }
      await db.transaction().execute(async (trx) => {
        const tx = webhookLedger(trx);
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
    } catch (err) {
      const permanent = err instanceof PayloadError;
      const final = permanent || attempt >= PROCESS_MAX_ATTEMPTS;
      await ledger.recordFailure(eventId, { error: messageOf(err), final, countAttempt: true, at: clock.nowIso() });
      if (!permanent) throw err;
    }
  }

  deps.jobs.register(PROCESS_JOB, async (payload, job) => {
    const { eventId } = payload as { eventId: string };
    await processEvent(eventId, job.attempts);
  });
}
