import type { Kysely } from 'kysely';
import type { Clock } from '@core/platform/clock';
import type { Database } from '@core/platform/db/schema';
import { newId } from '@core/platform/ids';
import { enqueueJob } from '@core/platform/jobs/queue';
import type { WebhookProvider } from '../handlers/types';
import { webhookLedger } from '../ledger';
import { PROCESS_JOB, PROCESS_MAX_ATTEMPTS } from '../processor';

/** An event the provider has and the ledger lacks, with the body to store for it. */
export interface MissingEvent {
  providerEventId: string;
  type: string;
  createdAt: string;
  body: string;
}

/** How a reconciled row is told apart from a delivery on the Webhooks page. */
export const RECONCILED_HEADERS = { 'content-type': 'application/json', 'x-tenant-console-source': 'reconciled' };

/**
 * Writes recovered events into the ledger exactly as the listener writes deliveries — same
 * (provider, event id) dedupe, same processing job — so they are applied by the same handlers,
 * and a real delivery of the same event arriving later is a duplicate. `alsoQueue` adds work in
 * the same transaction (forwarding).
 */
export async function storeReconciled(
  db: Kysely<Database>,
  clock: Clock,
  provider: WebhookProvider,
  events: MissingEvent[],
  alsoQueue?: (trx: Kysely<Database>, ledgerId: string) => Promise<void>,
): Promise<{ stored: { id: string; providerEventId: string; type: string }[]; alreadyKnown: number }> {
  const stored: { id: string; providerEventId: string; type: string }[] = [];
  let alreadyKnown = 0;
  await db.transaction().execute(async (trx) => {
    for (const event of events) {
      const id = newId('webhookEvent');
      const isNew = await webhookLedger(trx).insertIfNew({
        id,
        provider,
        providerEventId: event.providerEventId,
        type: event.type,
        tenantId: null,
        headers: JSON.stringify(RECONCILED_HEADERS),
        body: event.body,
        status: 'received',
        lastError: null,
        changes: null,
        receivedAt: clock.nowIso(),
        processedAt: null,
        userId: null,
      });
      if (!isNew) {
        alreadyKnown++;
        continue;
      }
      await enqueueJob(trx, clock, { kind: PROCESS_JOB, payload: { eventId: id }, maxAttempts: PROCESS_MAX_ATTEMPTS });
      if (alsoQueue) await alsoQueue(trx, id);
      stored.push({ id, providerEventId: event.providerEventId, type: event.type });
    }
  });
  return { stored, alreadyKnown };
}
