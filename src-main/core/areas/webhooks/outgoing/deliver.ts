import type { Kysely } from 'kysely';
import type { Clock } from '@core/platform/clock';
import type { Database } from '@core/platform/db/schema';
import { newId } from '@core/platform/ids';
import { enqueueJob } from '@core/platform/jobs/queue';
import type { JobRunner } from '@core/platform/jobs/runner';
import type { Logger } from '@core/platform/logger';
import type { SecretBox } from '@core/platform/secrets';
import { postTo, type PostOutcome, type ResolveAll } from './http-post';
import { outgoingRepository } from './repository';
import { DELIVERY_TIMEOUT_MS, MAX_DELIVERY_ATTEMPTS, nextDelayMs, RESPONSE_EXCERPT_BYTES, retryAfterMs } from './schedule';
import { standardWebhookHeaders } from './signing';
import type { ConsoleListenAddress } from '../listen-address';
import { namesPrivateTarget } from './url-policy';

export const DELIVER_JOB = 'webhook.deliver';
const USER_AGENT = 'TenantConsole-Webhooks/1.0';

/**
 * One attempt of one delivery. `due` is the delivery's nextAttemptAt when the job was queued: a
 * job whose delivery has moved on (delivered, failed, or resent since) finds it different and
 * does nothing, so a stale job never sends twice.
 */
export interface DeliverJobPayload {
  deliveryId: string;
  due: string;
}

/** Queues the attempt that is due at `due` (inside the caller's transaction). */
export function enqueueDeliveryAttempt(trx: Kysely<Database>, clock: Clock, payload: DeliverJobPayload) {
  // The job itself only retries when our own database failed mid-attempt; the receiver's
  // failures are handled by the schedule, each attempt a new job.
  return enqueueJob(trx, clock, { kind: DELIVER_JOB, payload, runAt: payload.due, maxAttempts: 5 });
}

type Decision =
  | { kind: 'delivered' }
  | { kind: 'retry'; delayMs: number; lastError: string }
  | { kind: 'failed'; lastError: string; disableReason?: string };

function decide(outcome: PostOutcome, attemptsMade: number, nowMs: number, nowIso: string): Decision {
  const res = outcome.response;
  if (res && res.status >= 200 && res.status < 300) return { kind: 'delivered' };
  if (res?.status === 410) {
    const reason = `the receiver answered 410 Gone on ${nowIso}`;
    return { kind: 'failed', lastError: 'HTTP 410 Gone: the endpoint was disabled', disableReason: reason };
  }
  if (outcome.failure === 'refused_address') return { kind: 'failed', lastError: outcome.error ?? 'refused address' };
  const why = res ? `HTTP ${res.status}` : (outcome.error ?? 'no answer');
  if (attemptsMade >= MAX_DELIVERY_ATTEMPTS) return { kind: 'failed', lastError: `${why}; gave up after ${attemptsMade} attempts` };
  if (res?.status === 429) {
    const asked = retryAfterMs(res.headers['retry-after'], nowMs);
    if (asked !== null) return { kind: 'retry', delayMs: asked, lastError: `${why}; next attempt in ${Math.round(asked / 1000)} s as Retry-After asked` };
  }
  return { kind: 'retry', delayMs: nextDelayMs(attemptsMade)!, lastError: why };
}

/**
 * Sends outgoing webhooks from the job table: each attempt signs the stored body afresh (same
 * webhook-id, new timestamp), POSTs it with a 15 s timeout, logs the attempt (status, a 1 KB
 * excerpt, duration), and in the same transaction either settles the delivery or queues the next
 * attempt per the schedule. All of it lives in the database, so a restart mid-schedule resumes.
 */
export function registerDeliveryJob(deps: {
  db: Kysely<Database>;
  clock: Clock;
  jobs: JobRunner;
  secrets: SecretBox;
  listen: ConsoleListenAddress;
  logger?: Logger;
  resolve?: ResolveAll;
}) {
  const { db, clock } = deps;

  async function attempt({ deliveryId, due }: DeliverJobPayload): Promise<void> {
    const row = await outgoingRepository(db).deliveryForSending(deliveryId);
    if (!row || row.status !== 'pending' || row.nextAttemptAt !== due) return;
    if (!row.enabled) {
      const why = `not sent: the endpoint is disabled${row.disabledReason ? ` (${row.disabledReason})` : ''}`;
      await outgoingRepository(db).updateDeliveryIfDue(deliveryId, due, { status: 'failed', nextAttemptAt: null, lastError: why });
      return;
    }
    const startedIso = clock.nowIso();
    const headers = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      ...standardWebhookHeaders(deps.secrets.open(row.secretEncrypted), row.messageId, clock.nowMs(), row.payload),
    };
    // A URL naming loopback or a private network was accepted when it was saved (by the owner, or
    // on a loopback console); a public name that resolves into one is refused unless on loopback.
    const allowance = { privateNetworks: deps.listen.loopbackOnly() || namesPrivateTarget(row.url) };
    const outcome = await postTo(row.url, row.payload, headers, { timeoutMs: DELIVERY_TIMEOUT_MS, excerptBytes: RESPONSE_EXCERPT_BYTES, resolve: deps.resolve, allowance });
    const attemptsMade = row.attempts + 1;
    const decision = decide(outcome, attemptsMade, clock.nowMs(), clock.nowIso());

    await db.transaction().execute(async (trx) => {
      const repo = outgoingRepository(trx);
      await repo.insertAttempt({
        id: newId('webhookAttempt'),
        deliveryId,
        attemptedAt: startedIso,
        statusCode: outcome.response?.status ?? null,
        responseExcerpt: outcome.response ? outcome.response.body : null,
        error: outcome.error,
        durationMs: outcome.durationMs,
      });
      const nextAt = decision.kind === 'retry' ? new Date(clock.nowMs() + decision.delayMs).toISOString() : null;
      const moved = await repo.updateDeliveryIfDue(deliveryId, due, {
        attempts: attemptsMade,
        status: decision.kind === 'retry' ? 'pending' : decision.kind,
        nextAttemptAt: nextAt,
        deliveredAt: decision.kind === 'delivered' ? clock.nowIso() : null,
        lastError: decision.kind === 'delivered' ? null : decision.lastError,
      });
      if (!moved) return; // resent while this attempt was in flight: the resend's job carries on.
      if (decision.kind === 'failed' && decision.disableReason) await repo.disableEndpoint(row.endpointId, decision.disableReason, clock.nowIso());
      if (nextAt) await enqueueDeliveryAttempt(trx, clock, { deliveryId, due: nextAt });
    });
    if (decision.kind === 'failed') deps.logger?.warn('outgoing webhook failed', { deliveryId, error: decision.lastError });
  }

  deps.jobs.register(DELIVER_JOB, async (payload) => attempt(payload as DeliverJobPayload));
}
