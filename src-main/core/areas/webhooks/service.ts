import { createHash } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../../platform/clock';
import type { Database, WebhookEventsTable } from '../../platform/db/schema';
import { DomainError, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { enqueueJob } from '../../platform/jobs/queue';
import type { JobRunner } from '../../platform/jobs/runner';
import type { BillingService, Change } from '../billing/billing';
import { changeSentences } from './change-sentences';
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
const SIGNATURE_HEADERS = ['stripe-signature', 'x-signature'];
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
  // The runner looks afresh only at what the commit queued: the processing job, and what the
  // stored-hooks queue (forward copies are deliveries).
  const ledgerWriter = groupCommitLedger({ db, clock, storedHooks, poke: () => deps.jobs.poke(storedHooks.length > 0 ? ['webhooks', 'deliveries'] : ['webhooks']) });

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
      const stored = await ledgerWriter.store({
        id: newId('webhookEvent'),
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
      return { status: 200, body: { received: true, id: stored.id, duplicate: stored.duplicate } };
    },

    /** webhooks.list: newest first, filtered, by cursor. */
    async list(scope: Pick<LedgerFilter, 'tenantId' | 'includeUnattributed'>, input: { provider?: string; type?: string; status?: LedgerStatus; cursor?: string; limit: number }) {
      const after = input.cursor ? decodeCursor(input.cursor) : null;
      const rows = await webhookLedger(db).page({ ...scope, provider: input.provider, type: input.type, status: input.status }, after, input.limit + 1);
      const items = rows.slice(0, input.limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null };
    },

    /**
     * webhooks.get: one event with its headers, raw body and what it changed. The provider's
     * signature is shown to the console owner only: for a few minutes it is one /api/webhooks/*
     * would accept, and no one else may hold such a signature.
     */
    async get(scope: Pick<LedgerFilter, 'tenantId' | 'includeUnattributed'>, id: string, viewer: { isConsoleOwner: boolean }) {
      const found = await webhookLedger(db).findVisible(scope, id);
      if (!found) throw notFound('webhook event', id);
      const { userEmail, userName, ...row } = found;
      const headers = JSON.parse(row.headers) as Record<string, string>;
      if (!viewer.isConsoleOwner) {
        for (const name of SIGNATURE_HEADERS) if (name in headers) headers[name] = '(shown to the console owner only)';
      }
      const changes = row.changes ? (JSON.parse(row.changes) as Change[]) : null;
      return {
        ...row,
        headers,
        changes: changes as unknown[] | null,
        /** The changes in sentences ("Chidi Wilson started Founders Circle at $39/month"). */
        summary: changes ? await changeSentences(db, row.tenantId, changes, row.userId) : [],
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
      deps.jobs.poke(['webhooks']);
      return { id, status: 'received' as const };
    },
  };
}
export type WebhookService = ReturnType<typeof webhookService>;

/** What became of one delivery handed to the ledger. */
interface Stored {
  id: string;
  duplicate: boolean;
}

interface Pending {
  row: Insertable<WebhookEventsTable>;
  bytes: number;
  resolve: (stored: Stored) => void;
  reject: (err: LedgerUnavailable) => void;
}

/** Deliveries stored together at most; a bigger backlog goes in the next transaction. */
const GROUP_MAX_ROWS = 100;
const GROUP_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The listener's writes, by group commit: deliveries that arrive while a transaction is being
 * written (or within the same turn of the event loop) are stored together in the next one — one
 * BEGIN/COMMIT, one multi-row insert, one processing job for the new ones — and each caller is
 * answered once that commit is done, never before. Under load this is what lets the ledger keep
 * up: a commit costs far more than a row. A delivery alone is stored at once (one turn later).
 * When a transaction fails, every delivery in it gets LedgerUnavailable (none of them was stored).
 */
function groupCommitLedger(deps: {
  db: Kysely<Database>;
  clock: Clock;
  storedHooks: readonly ((trx: Kysely<Database>, eventId: string) => Promise<void>)[];
  poke: () => void;
}) {
  const queue: Pending[] = [];
  let writing = false;

  async function write(group: Pending[]): Promise<Stored[]> {
    // The same order in every transaction: two consoles sharing a PostgreSQL cannot deadlock on two events.
    const rows = group.map((p) => p.row).sort((a, b) => (a.provider + a.providerEventId < b.provider + b.providerEventId ? -1 : 1));
    return deps.db.transaction().execute(async (trx) => {
      const ledger = webhookLedger(trx);
      const inserted = await ledger.insertManyIfNew(rows);
      const fresh = rows.filter((r) => inserted.has(r.id!));
      if (fresh.length > 0) {
        await enqueueJob(trx, deps.clock, { kind: PROCESS_JOB, payload: { eventIds: fresh.map((r) => r.id!) }, maxAttempts: PROCESS_MAX_ATTEMPTS });
        for (const row of fresh) for (const hook of deps.storedHooks) await hook(trx, row.id!);
      }
      // Duplicates are answered with the id of the row that holds their event.
      const again = rows.filter((r) => !inserted.has(r.id!));
      const known = new Map<string, string>();
      for (const provider of new Set(again.map((r) => r.provider))) {
        const eventIds = [...new Set(again.filter((r) => r.provider === provider).map((r) => r.providerEventId))];
        for (const [eventId, id] of await ledger.idsOf(provider, eventIds)) known.set(`${provider} ${eventId}`, id);
      }
      return group.map(({ row }) =>
        inserted.has(row.id!) ? { id: row.id!, duplicate: false } : { id: known.get(`${row.provider} ${row.providerEventId}`) ?? '', duplicate: true },
      );
    });
  }

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (queue.length > 0) {
        let bytes = 0;
        let n = 0;
        while (n < queue.length && n < GROUP_MAX_ROWS && (n === 0 || bytes + queue[n]!.bytes <= GROUP_MAX_BYTES)) bytes += queue[n++]!.bytes;
        const group = queue.splice(0, n);
        let results: Stored[];
        try {
          results = await write(group);
        } catch (err) {
          for (const p of group) p.reject(new LedgerUnavailable(err));
          continue;
        }
        group.forEach((p, k) => p.resolve(results[k]!));
        if (results.some((r) => !r.duplicate)) deps.poke();
      }
    } finally {
      writing = false;
    }
  }

  return {
    /** Stores one delivery (unless its provider event id is known); resolves after the commit. */
    store(row: Insertable<WebhookEventsTable>): Promise<Stored> {
      return new Promise<Stored>((resolve, reject) => {
        queue.push({ row, bytes: row.body.length + row.headers.length, resolve, reject });
        // Not at once: the other deliveries that reached this turn of the event loop join in.
        if (!writing && queue.length === 1) setImmediate(() => void drain());
      });
    },
  };
}

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
