import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../clock';
import type { Database } from '../db/schema';
import { DomainError, notFound } from '../errors';
import { newId } from '../ids';
import { enqueueJob } from '../jobs/queue';
import type { JobRunner } from '../jobs/runner';
import type { BillingService } from '../services/billing';
import { lemonSqueezyEvent } from './handlers/lemonsqueezy';
import type { WebhookProvider } from './handlers/types';
import { webhookLedger, type LedgerFilter, type LedgerStatus } from './ledger';
import { PROCESS_JOB, PROCESS_MAX_ATTEMPTS, registerWebhookProcessor } from './processor';
import type { SigningSecrets } from './signing-secrets';
import { verifyLemonSqueezy, verifyStripe } from './verify';

/** What the listener answers: 200 once stored (new or duplicate), 400 for what we refuse. */
export type IngestResult =
  | { status: 200; body: { received: true; id: string; duplicate: boolean } }
  | { status: 400 | 503; body: { error: string } };

/** The ledger could not store the delivery: the listener must not acknowledge it. */
export class LedgerUnavailable extends Error {
  constructor(cause: unknown) {
    super('the webhook ledger could not store this delivery', { cause });
    this.name = 'LedgerUnavailable';
  }
}

// Headers kept with each delivery: enough to see what arrived and to check it again later.
const KEPT_HEADERS = ['content-type', 'content-length', 'user-agent', 'stripe-signature', 'x-signature', 'x-event-name', 'x-forwarded-for', 'x-forwarded-host'];

const stripeEnvelope = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

/**
 * Lemon Squeezy sends no event id. A delivery is identified by what it reports — event name,
 * resource type and id, and the resource's `updated_at` — so that a retried delivery of the same
 * event maps to the same row, while a new change to the same resource does not. Without an
 * `updated_at` the SHA-256 of the raw body stands in.
 */
export function lemonSqueezyEventId(event: z.infer<typeof lemonSqueezyEvent>, raw: Buffer): string {
  const updatedAt = event.data.attributes.updated_at;
  if (typeof updatedAt === 'string' && updatedAt.length > 0) {
    return `${event.meta.event_name}:${event.data.type}:${event.data.id}:${updatedAt}`;
  }
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

function envelopeError(error: z.ZodError, what: string): IngestResult {
  const issue = error.issues[0]!;
  return { status: 400, body: { error: `not ${what}: ${issue.path.join('.') || '(root)'}: ${issue.message}` } };
}

export function webhookService(deps: { db: Kysely<Database>; clock: Clock; jobs: JobRunner; billing: BillingService; signingSecrets: SigningSecrets }) {
  const { db, clock } = deps;
  registerWebhookProcessor({ db, clock, jobs: deps.jobs, billing: deps.billing });

  /** Reads what identifies a verified delivery, or refuses it. */
  function identify(provider: WebhookProvider, payload: unknown, raw: Buffer): { eventId: string; type: string } | IngestResult {
    if (provider === 'stripe') {
      const parsed = stripeEnvelope.safeParse(payload);
      if (!parsed.success) return envelopeError(parsed.error, 'a Stripe event');
      return { eventId: parsed.data.id, type: parsed.data.type };
    }
    const parsed = lemonSqueezyEvent.safeParse(payload);
    if (!parsed.success) return envelopeError(parsed.error, 'a Lemon Squeezy event');
    return { eventId: lemonSqueezyEventId(parsed.data, raw), type: parsed.data.meta.event_name };
  }

  // Work that must happen exactly when a new delivery is stored (e.g. queueing its forward copy):
  // run inside the ledger transaction, so it commits with the event or not at all.
  const storedHooks: ((trx: Kysely<Database>, eventId: string) => Promise<void>)[] = [];

  return {
    signingSecrets: deps.signingSecrets,

    afterStore(hook: (trx: Kysely<Database>, eventId: string) => Promise<void>): void {
      storedHooks.push(hook);
    },

    /**
     * A delivery from the listener: verified over its raw bytes, then stored with its processing
     * job in one transaction. Only after that commit may the caller answer 2xx. Throws
     * LedgerUnavailable when the database refuses the write.
     */
    async ingest(provider: WebhookProvider, raw: Buffer, headers: Record<string, string | string[] | undefined>): Promise<IngestResult> {
      const secrets = await deps.signingSecrets.list(provider);
      const verified =
        provider === 'stripe'
          ? verifyStripe(raw, headers['stripe-signature'], secrets, clock.nowMs())
          : verifyLemonSqueezy(raw, headers['x-signature'], secrets);
      if (!verified.ok) return { status: verified.status, body: { error: verified.error } };
      const identity = identify(provider, verified.payload, raw);
      if ('status' in identity) return identity;

      const kept: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = headers[name];
        if (value !== undefined) kept[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const id = newId('webhookEvent');
      let stored: boolean;
      try {
        stored = await db.transaction().execute(async (trx) => {
          const isNew = await webhookLedger(trx).insertIfNew({
            id,
            provider,
            providerEventId: identity.eventId,
            type: identity.type,
            tenantId: null,
            headers: JSON.stringify(kept),
            body: raw.toString('utf8'),
            status: 'received',
            lastError: null,
            changes: null,
            receivedAt: clock.nowIso(),
            processedAt: null,
            userId: null,
          });
          if (isNew) {
            await enqueueJob(trx, clock, { kind: PROCESS_JOB, payload: { eventId: id }, maxAttempts: PROCESS_MAX_ATTEMPTS });
            for (const hook of storedHooks) await hook(trx, id);
          }
          return isNew;
        });
      } catch (err) {
        throw new LedgerUnavailable(err);
      }
      if (!stored) {
        const existing = await db
          .selectFrom('webhookEvents')
          .select('id')
          .where('provider', '=', provider)
          .where('providerEventId', '=', identity.eventId)
          .executeTakeFirst()
          .catch(() => undefined);
        return { status: 200, body: { received: true, id: existing?.id ?? '', duplicate: true } };
      }
      deps.jobs.poke();
      return { status: 200, body: { received: true, id, duplicate: false } };
    },

    /** webhooks.list: newest first, filtered, by cursor. */
    async list(scope: Pick<LedgerFilter, 'tenantId' | 'includeUnattributed'>, input: { provider?: string; type?: string; status?: LedgerStatus; cursor?: string; limit: number }) {
      const after = input.cursor ? decodeCursor(input.cursor) : null;
      const rows = await webhookLedger(db).page({ ...scope, provider: input.provider, type: input.type, status: input.status }, after, input.limit + 1);
      const items = rows.slice(0, input.limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null };
    },

    /** webhooks.get: one event with its headers, raw body and what it changed. */
    async get(scope: Pick<LedgerFilter, 'tenantId' | 'includeUnattributed'>, id: string) {
      const found = await webhookLedger(db).findVisible(scope, id);
      if (!found) throw notFound('webhook event', id);
      const { userEmail, userName, ...row } = found;
      return {
        ...row,
        headers: JSON.parse(row.headers) as Record<string, string>,
        changes: row.changes ? (JSON.parse(row.changes) as unknown[]) : null,
        member: row.userId ? { userId: row.userId, email: userEmail, name: userName } : null,
      };
    },

    /** webhooks.retry: a failed event is processed again from its stored body. */
    async retry(scope: Pick<LedgerFilter, 'tenantId' | 'includeUnattributed'>, id: string) {
      const row = await webhookLedger(db).findVisible(scope, id);
      if (!row) throw notFound('webhook event', id);
      const reopened = await db.transaction().execute(async (trx) => {
        if (!(await webhookLedger(trx).reopen(id))) return false;
        await enqueueJob(trx, clock, { kind: PROCESS_JOB, payload: { eventId: id }, maxAttempts: PROCESS_MAX_ATTEMPTS });
        return true;
      });
      if (!reopened) throw new DomainError('PRECONDITION_FAILED', `only a failed event can be retried; this one is ${row.status}`, { field: 'id' });
      deps.jobs.poke();
      return { id, status: 'received' as const };
    },
  };
}
export type WebhookService = ReturnType<typeof webhookService>;

function encodeCursor(row: { receivedAt: string; id: string }): string {
  return Buffer.from(`${row.receivedAt}|${row.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { receivedAt: string; id: string } {
  const [receivedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!receivedAt || !id || Number.isNaN(Date.parse(receivedAt))) {
    throw new DomainError('VALIDATION', 'cursor: is not a cursor this list returned', { field: 'cursor' });
  }
  return { receivedAt, id };
}
