import type { Kysely } from 'kysely';
import type { PushTopic } from '@shared/push';
import type { Database } from '../../platform/db/schema';
import { backoffMs, PermanentFailure, RetryLater } from '../../platform/jobs/backoff';
import { enqueueJob } from '../../platform/jobs/queue';
import type { AreaPlatform } from '../area';
import { ablyErrorMessage } from '../../integrations/ably-check';
import { channelNameProblem } from './channels';

export const DELIVER_JOB = 'realtime.deliver';

/** Real-time events are worth little late: while Ably cannot be reached, try again at least every minute. */
export const MAX_RETRY_DELAY_MS = 60_000;

/** The Ably key and endpoint in use (Settings → Real time or ABLY_API_KEY/ABLY_ENDPOINT), null when none is set. */
export type AblyConfig = () => Promise<{ apiKey: string; endpoint?: string } | null>;

/** One event on its way out: told to the open windows, then published on Ably when a key is set. */
export interface Delivery {
  tenantId: string;
  channel: string;
  /** The message name on the channel: 'message', 'post', 'notification'. */
  name: string;
  /** `{entityId}:0`: Ably drops a second publish with the same id, so a retry never duplicates. */
  id: string;
  data: Record<string, unknown>;
  /** What the open windows re-read (the console's own push channel). */
  push?: { topic: Exclude<PushTopic, 'jobs'>; id?: string };
}

/**
 * The outbox for real-time events: a delivery is a job written in the caller's transaction, so it
 * exists exactly when the change it tells of was committed, and is retried (with backoff) while Ably
 * cannot be reached: offline, deliveries wait in the queue and go out once the network is back.
 */
export function realtimeDelivery(platform: AreaPlatform, ablyConfig: AblyConfig) {
  const { db, clock, jobs, push, gateways } = platform;

  /** Ably answered again: the deliveries waiting out a backoff for the same outage go now, in order. */
  async function bringWaitingForward(): Promise<void> {
    const now = clock.nowIso();
    const moved = await db
      .updateTable('jobs')
      .set({ runAt: now, updatedAt: now })
      .where('kind', '=', DELIVER_JOB)
      .where('status', '=', 'pending')
      .where('lastError', 'is not', null)
      .where('runAt', '>', now)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) > 0) jobs.poke();
  }

  jobs.register(DELIVER_JOB, async (payload, job) => {
    const d = payload as Delivery;
    // Always the window first: with no Ably key, the console's push channel is how it hears.
    if (d.push) push.changed(d.tenantId, d.push.topic, d.push.id);
    const config = await ablyConfig();
    if (!config) return;
    const gateway = gateways.realtime({ apiKey: config.apiKey, endpoint: config.endpoint });
    try {
      await gateway.publish(d.channel, { name: d.name, id: d.id, data: d.data });
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode ?? 0;
      // A refusal that no retry can change (a bad id or channel); keys, limits and outages are retried.
      if (status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status)) throw new PermanentFailure(`Ably refused ${d.channel}: ${ablyErrorMessage(err)}`);
      // Jittered below the cap too, so that a backlog does not retry in lockstep once a minute.
      const delay = Math.round(Math.min(MAX_RETRY_DELAY_MS, backoffMs(job.attempts)) * (0.8 + 0.2 * Math.random()));
      throw new RetryLater(delay, `Ably: ${ablyErrorMessage(err)}`);
    }
    if (job.attempts > 1) await bringWaitingForward();
  });

  return {
    /** Queues one delivery in `db` (the caller's transaction); at most one job per channel and message id. */
    async enqueue(db: Kysely<Database>, delivery: Delivery): Promise<void> {
      const problem = channelNameProblem(delivery.channel);
      if (problem) throw new Error(`channel "${delivery.channel}" ${problem}`);
      await enqueueJob(db, clock, {
        kind: DELIVER_JOB,
        payload: delivery,
        dedupeKey: `${DELIVER_JOB}:${delivery.channel}:${delivery.id}`,
        workKind: 'deliveries',
        tenantId: delivery.tenantId,
        maxAttempts: 25,
      });
      jobs.poke();
    },
  };
}
export type RealtimeDelivery = ReturnType<typeof realtimeDelivery>;
