import type { Kysely } from 'kysely';
import type { ForwardView } from '@shared/schemas/webhooks';
import type { Clock } from '@core/platform/clock';
import type { Database } from '@core/platform/db/schema';
import { enqueueJob } from '@core/platform/jobs/queue';
import { PermanentFailure, RetryLater } from '@core/platform/jobs/backoff';
import type { JobRunner } from '@core/platform/jobs/runner';
import type { Logger } from '@core/platform/logger';
import { CONSOLE_SCOPE, settingsRepository } from '@core/platform/settings-store';
import type { WebhookProvider } from '../handlers/types';
import { webhookLedger } from '../ledger';
import { postTo, type ResolveAll } from '../outgoing/http-post';
import { retryAfterMs } from '../outgoing/schedule';
import { checkTargetUrl } from '../outgoing/url-policy';
import type { SigningSecrets } from '../signing-secrets';
import { providerHeaders } from './signing';

export const FORWARD_JOB = 'webhook.forward';
const SETTING_KEY = 'webhooks.forward.url';
const CACHE_MS = 5_000;
const FORWARD_TIMEOUT_MS = 15_000;
/** With the runner's backoff (2 s doubling) the last try comes about a minute after the first. */
const FORWARD_MAX_ATTEMPTS = 6;

interface ForwardJobPayload {
  eventId: string;
  url: string;
}


/**
 * Forward mode, like `stripe listen --forward-to`: every event the listener stores (and every one
 * reconciliation recovers) is also sent, re-signed with the console's signing secret, to one URL,
 * e.g. the owner's app on localhost:3000. Each forward is a job in the outbox, retried a few times
 * over a minute; the raw body is sent byte for byte, so the receiver's verification holds.
 */
export function webhookForwarder(deps: { db: Kysely<Database>; clock: Clock; jobs: JobRunner; signingSecrets: SigningSecrets; logger: Logger; resolve?: ResolveAll }) {
  const { db, clock } = deps;
  let cached: { at: number; url: string | null } | undefined;

  /** `from` is the caller's transaction when there is one (SQLite has one connection: never read around it). */
  async function currentUrl(from: Kysely<Database> = db): Promise<string | null> {
    if (cached && clock.nowMs() - cached.at < CACHE_MS) return cached.url;
    const row = await settingsRepository(from).get(CONSOLE_SCOPE, SETTING_KEY);
    cached = { at: clock.nowMs(), url: row?.value ?? null };
    return cached.url;
  }

  deps.jobs.register(FORWARD_JOB, async (payload) => {
    const { eventId, url } = payload as ForwardJobPayload;
    const row = await webhookLedger(db).findById(eventId);
    if (!row) return;
    const headers = await providerHeaders(row.provider as WebhookProvider, row.body, deps.signingSecrets, clock.nowMs()).catch((err: Error) => {
      throw new PermanentFailure(err.message);
    });
    const outcome = await postTo(url, row.body, headers, { timeoutMs: FORWARD_TIMEOUT_MS, excerptBytes: 300, resolve: deps.resolve });
    const res = outcome.response;
    if (res && res.status >= 200 && res.status < 300) return;
    if (!res) {
      if (outcome.failure === 'refused_address') throw new PermanentFailure(outcome.error ?? 'refused address');
      throw new Error(`forward to ${url}: ${outcome.error}`);
    }
    const why = `forward to ${url}: HTTP ${res.status}${res.body ? ` ${res.body.slice(0, 200)}` : ''}`;
    if (res.status === 429) {
      const asked = retryAfterMs(res.headers['retry-after'], clock.nowMs());
      if (asked !== null) throw new RetryLater(asked, why);
    }
    // The receiver refused this event (a 4xx other than a timeout or rate limit): again won't help.
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new PermanentFailure(why);
    throw new Error(why);
  });

  async function enqueueFor(trx: Kysely<Database>, ledgerEventId: string): Promise<void> {
    const url = await currentUrl(trx);
    if (!url) return;
    await enqueueJob(trx, clock, { kind: FORWARD_JOB, payload: { eventId: ledgerEventId, url } satisfies ForwardJobPayload, maxAttempts: FORWARD_MAX_ATTEMPTS });
  }

  async function view(): Promise<ForwardView> {
    cached = undefined;
    const url = await currentUrl();
    const jobs = await db
      .selectFrom('jobs')
      .select(['id', 'payload', 'status', 'attempts', 'lastError', 'updatedAt'])
      .where('kind', '=', FORWARD_JOB)
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(20)
      .execute();
    const payloads = jobs.map((j) => JSON.parse(j.payload) as ForwardJobPayload);
    const ids = [...new Set(payloads.map((p) => p.eventId))];
    const events = ids.length ? await db.selectFrom('webhookEvents').select(['id', 'provider', 'type']).where('id', 'in', ids).execute() : [];
    const byId = new Map(events.map((e) => [e.id, e]));
    return {
      url,
      recent: jobs.map((j, i) => ({
        jobId: j.id,
        ledgerEventId: payloads[i]!.eventId,
        provider: byId.get(payloads[i]!.eventId)?.provider ?? null,
        type: byId.get(payloads[i]!.eventId)?.type ?? null,
        url: payloads[i]!.url,
        status: j.status,
        attempts: j.attempts,
        lastError: j.lastError,
        at: j.updatedAt,
      })),
    };
  }

  return {
    enqueueFor,
    get: view,

    /** Sets the URL every received event is forwarded to; null stops forwarding. */
    async set(url: string | null): Promise<ForwardView> {
      if (url === null) {
        await db.deleteFrom('settings').where('scope', '=', CONSOLE_SCOPE).where('key', '=', SETTING_KEY).execute();
      } else {
        await settingsRepository(db).put(CONSOLE_SCOPE, SETTING_KEY, checkTargetUrl(url).toString(), false, clock.nowIso());
      }
      cached = undefined;
      return view();
    },
  };
}
export type WebhookForwarder = ReturnType<typeof webhookForwarder>;
