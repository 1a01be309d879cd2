import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CompiledQuery, Kysely } from 'kysely';
import type { Clock } from '../../platform/clock';
import type { Dialect } from '../../platform/db/connect';
import type { Database } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors';
import type { EventBus } from '../area';
import { RetryLater } from '../../platform/jobs/backoff';
import type { Logger } from '../../platform/logger';
import type { PushHub } from '../../platform/push/hub';
import type { MailGateway, SmtpConfig } from '../../integrations/mail';
import { audienceCondition, writeSnapshot, type AudiencePorts } from './audience';
import { messageFor, type MessageContext } from './message';
import { compileEmailOff } from './render';
import { createInliner } from '../../platform/html/inline-worker';
import { createPacer } from './pacer';
import type { CampaignRow, CampaignsRepository } from './repositories/campaigns';
import { classifyFailure } from './smtp-errors';

export const SEND_JOB = 'campaign.send';
/** A send pauses itself after this many failed messages in a row. */
export const PAUSE_AFTER_ERRORS = 20;
/** A 4xx-deferred message is tried at most this many times. */
export const MAX_TEMPORARY_ATTEMPTS = 5;
const PROGRESS_EVERY_MS = 500;
/** How long a process's hold on a campaign's send lasts without renewal (renewed every third of it). */
const LEASE_MS = 30_000;

export interface MailPort {
  /** A gateway for the mail server configured now (Settings → Email, SMTP_URL); PRECONDITION_FAILED when none is. */
  gateway(options?: Pick<SmtpConfig, 'pool'>): Promise<MailGateway>;
  /** The From address (MAIL_FROM or Settings → Email), for Message-IDs and the mailto: unsubscribe. */
  fromAddress(): Promise<string | null>;
}

export interface SenderDeps {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  push: PushHub;
  events: EventBus;
  logger: Logger;
  campaigns: CampaignsRepository;
  audience: AudiencePorts;
  mail: MailPort;
  publicUrl: () => string | null;
  /** The console's click-signing key (click-key.ts). */
  clickKey: () => Promise<Buffer>;
  /** Delay before retry n of a 4xx-deferred message. */
  retryDelayMs?: (attempt: number) => number;
}

/** Placeholders in a statement compiled once; `bind` puts each message's values in their place. */
const SLOT = { now: '\u0000now', id: '\u0000id', messageId: '\u0000messageId' } as const;
function bind<R>(query: CompiledQuery<R>, values: { now: string; id: string; messageId?: string }): CompiledQuery<R> {
  const by: Record<string, string | undefined> = { [SLOT.now]: values.now, [SLOT.id]: values.id, [SLOT.messageId]: values.messageId };
  return { ...query, parameters: query.parameters.map((p) => (typeof p === 'string' && p in by ? by[p] : p)) };
}
interface ClaimedRow {
  id: string;
  userId: string | null;
  email: string;
  name: string | null;
  attempts: number;
  unsubscribeToken: string | null;
}

type Stop = { kind: 'paused'; reason: string | null } | { kind: 'canceled' } | { kind: 'waiting'; reason: string };

/**
 * The send of one campaign, as one durable job. At most one message per recipient, ever: each
 * recipient is claimed ('sending') just before it is handed to the mail server and recorded right
 * after; a recipient still 'sending' when a run starts was in flight when the last run died, so it
 * becomes 'unconfirmed' and is never resent automatically. One claimed recipient per connection at
 * a time, so at most `connections` can end unconfirmed. The Message-ID is the campaign and the
 * recipient, so a resend the owner asks for carries the same one.
 */
export function campaignSender(deps: SenderDeps) {
  const { db, clock, campaigns, logger } = deps;
  const retryDelayMs = deps.retryDelayMs ?? ((attempt: number) => Math.min(60_000, 1_000 * 2 ** (attempt - 1)));
  const inliner = createInliner();
  /** This process, as the holder of a campaign's send lease. */
  const processId = randomUUID();
  /** Sends running in this process, to stop at once on pause or cancel. */
  const running = new Map<string, { stop: (s: Stop) => void }>();

  const progress = (tenantId: string, id: string) => deps.push.changed(tenantId, 'campaigns', id);

  async function setCampaign(id: string, set: Partial<Pick<CampaignRow, 'status' | 'sentAt' | 'startedAt' | 'pausedAt' | 'pauseReason' | 'waitingReason'>>) {
    await db.updateTable('campaigns').set({ ...set, updatedAt: clock.nowIso() }).where('id', '=', id).execute();
  }

  /** The run's start: a scheduled campaign becomes a send; the audience is written once. */
  async function begin(c: CampaignRow): Promise<CampaignRow | null> {
    const now = clock.nowIso();
    if (c.status === 'scheduled') {
      const due = c.scheduledAt ? Date.parse(c.scheduledAt) - clock.nowMs() : 0;
      if (due > 0) throw new RetryLater(due, `scheduled for ${c.scheduledAt}`);
      const moved = await db.updateTable('campaigns').set({ status: 'sending', updatedAt: now }).where('id', '=', c.id).where('status', '=', 'scheduled').executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 0) return null;
    }
    if (c.startedAt === null) {
      // Resolved before the transaction: a saved segment is read through the members area's own
      // connection, which on SQLite (one writer) would wait forever for this transaction to end.
      const condition = c.kind === 'campaign' ? await audienceCondition(deps.audience, c.tenantId, c.audience) : null;
      await db.transaction().execute(async (trx) => {
        const fresh = await trx.selectFrom('campaigns').select('startedAt').where('id', '=', c.id).executeTakeFirstOrThrow();
        if (fresh.startedAt !== null) return;
        if (condition) await writeSnapshot(trx, deps.dialect, c.id, condition);
        await trx.updateTable('campaigns').set({ status: 'sending', startedAt: now, updatedAt: now }).where('id', '=', c.id).execute();
      });
    }
    // Whatever a dead run left in flight may have been delivered: unconfirmed, never resent by us.
    await db
      .updateTable('campaignRecipients')
      .set({ status: 'unconfirmed', lastError: 'The console stopped while this message was being handed to the mail server; it may have arrived, so it was not sent again' })
      .where('campaignId', '=', c.id)
      .where('status', '=', 'sending')
      .execute();
    return (await campaigns.byId(c.id)) ?? null;
  }

  async function run(campaignId: string, job: { attempts: number }): Promise<void> {
    // Another job of this campaign is sending it here: one run at a time (taken before any await,
    // so two jobs starting together cannot both pass).
    if (running.has(campaignId)) return;
    let stop: Stop | null = null;
    const handle = {
      stop: (s: Stop) => {
        stop ??= s;
      },
    };
    running.set(campaignId, handle);
    let leased = false;
    try {
      let c: CampaignRow | null | undefined = await campaigns.byId(campaignId);
      if (!c || !(c.status === 'scheduled' || c.status === 'sending') || c.pausedAt !== null) return;
      if (c.status === 'scheduled' && c.scheduledAt && Date.parse(c.scheduledAt) > clock.nowMs()) throw new RetryLater(Date.parse(c.scheduledAt) - clock.nowMs(), `scheduled for ${c.scheduledAt}`);
      // One process at a time (a team server's processes share the database); a dead one's hold runs out.
      if (!(await renewLease(campaignId))) throw new RetryLater(LEASE_MS, 'another console process is sending this campaign');
      leased = true;
      try {
        c = await begin(c);
      } catch (err) {
        // The audience cannot be resolved any more (its segment was deleted): the send cannot start.
        if (!(err instanceof DomainError) || err.code !== 'NOT_FOUND') throw err;
        await setCampaign(campaignId, { status: 'failed', pauseReason: `The send could not start: ${err.message.replace(/^\w+: /, '')}` });
        progress((c as CampaignRow).tenantId, campaignId);
        return;
      }
      if (!c) return;
      const fromAddress = await deps.mail.fromAddress();
      let gateway: MailGateway;
      try {
        gateway = await deps.mail.gateway({ pool: { maxConnections: c.connections } });
      } catch (err) {
        const reason = `Waiting for the mail server: ${err instanceof DomainError ? err.message.replace(/^\w+: /, '') : String(err)}`;
        await setCampaign(c.id, { waitingReason: reason });
        progress(c.tenantId, c.id);
        throw new RetryLater(60_000, reason);
      }
      try {
        await sendAll(c, gateway, fromAddress, handle, () => stop);
      } finally {
        gateway.close();
      }
      const s = stop as Stop | null;
      if (s?.kind === 'waiting') {
        await setCampaign(c.id, { waitingReason: s.reason });
        progress(c.tenantId, c.id);
        throw new RetryLater(Math.min(60_000, 2_000 * 2 ** Math.min(5, job.attempts)), s.reason);
      }
      if (s?.kind === 'paused') {
        if (s.reason) await setCampaign(c.id, { pausedAt: clock.nowIso(), pauseReason: s.reason, waitingReason: null });
        progress(c.tenantId, c.id);
        return;
      }
      if (s?.kind === 'canceled') {
        await db.updateTable('campaignRecipients').set({ status: 'skipped', lastError: 'The send was canceled before this message went' }).where('campaignId', '=', c.id).where('status', '=', 'pending').execute();
        progress(c.tenantId, c.id);
        return;
      }
      const done = c;
      const stats = (await campaigns.stats([c.id])).get(c.id)!;
      await db.transaction().execute(async (trx) => {
        const finished = await trx
          .updateTable('campaigns')
          .set({ status: 'sent', sentAt: clock.nowIso(), waitingReason: null, updatedAt: clock.nowIso() })
          .where('id', '=', done.id)
          .where('status', '=', 'sending')
          .where('pausedAt', 'is', null)
          .executeTakeFirst();
        if (Number(finished.numUpdatedRows) === 0 || done.kind !== 'campaign') return;
        logger.info('campaign sent', { campaignId: done.id, sent: stats.sent, failed: stats.failed });
        await deps.events.publish(trx, {
          type: 'campaign.finished',
          tenantId: done.tenantId,
          data: { campaignId: done.id, subject: done.subject, sent: stats.sent, failed: stats.failed, unconfirmed: stats.unconfirmed },
        });
      });
      progress(c.tenantId, c.id);
    } finally {
      running.delete(campaignId);
      if (leased) {
        await db
          .updateTable('campaigns')
          .set({ sendLeaseOwner: null, sendLeaseUntil: null })
          .where('id', '=', campaignId)
          .where('sendLeaseOwner', '=', processId)
          .execute()
          .catch((err: unknown) => logger.warn('campaign send lease not released', { campaignId, error: String(err) }));
      }
    }
  }

  /** Takes or renews this process's hold on a campaign's send; false while another live process holds it. */
  async function renewLease(campaignId: string): Promise<boolean> {
    const now = clock.nowIso();
    const result = await db
      .updateTable('campaigns')
      .set({ sendLeaseOwner: processId, sendLeaseUntil: new Date(clock.nowMs() + LEASE_MS).toISOString() })
      .where('id', '=', campaignId)
      .where((eb) => eb.or([eb('sendLeaseOwner', 'is', null), eb('sendLeaseUntil', '<', now), eb('sendLeaseOwner', '=', processId)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Hands every due recipient to the mail server, `connections` at a time, at the campaign's rate. */
  async function sendAll(c: CampaignRow, gateway: MailGateway, fromAddress: string | null, handle: { stop: (s: Stop) => void }, stopped: () => Stop | null) {
    // The two statements every message runs, compiled once: only their values change (the sender's
    // own cost per message is what the bench compares with a bare nodemailer pool).
    const claimQuery = db
      .updateTable('campaignRecipients')
      .set((eb) => ({ status: 'sending', claimedAt: SLOT.now, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', SLOT.id)
      .where('status', '=', 'pending')
      .returning(['id', 'userId', 'email', 'name', 'attempts', 'unsubscribeToken'])
      .compile();
    const sentQuery = db.updateTable('campaignRecipients').set({ status: 'sent', sentAt: SLOT.now, messageId: SLOT.messageId, lastError: null, nextAttemptAt: null }).where('id', '=', SLOT.id).compile();
    // Slots a stalled moment missed may be made up for a quarter of a second (never more than that as a burst).
    const pacer = createPacer(c.ratePerSecond, Math.max(c.connections, Math.ceil(c.ratePerSecond / 4)));
    const context: MessageContext = await messageContextFor(c, fromAddress, true);
    let consecutiveErrors = 0;
    let lastProgress = 0;
    let lastCheck = Date.now();
    let lastRenew = Date.now();
    const tick = async () => {
      const now = Date.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        progress(c.tenantId, c.id);
      }
      // Another process (or a window of another console) may have paused or canceled it.
      if (now - lastCheck >= 1_000) {
        lastCheck = now;
        if (now - lastRenew >= LEASE_MS / 3) {
          lastRenew = now;
          if (!(await renewLease(c.id))) handle.stop({ kind: 'waiting', reason: 'Another console process took over this send' });
        }
        const fresh = await campaigns.byId(c.id);
        if (!fresh || fresh.status === 'canceled') handle.stop({ kind: 'canceled' });
        else if (fresh.pausedAt !== null) handle.stop({ kind: 'paused', reason: null });
      }
    };
    if (c.waitingReason) await setCampaign(c.id, { waitingReason: null });

    for (;;) {
      // Due recipients, a page at a time; each id is handed to exactly one connection.
      const handedOut = new Set<string>();
      let queue: string[] = [];
      let exhausted = false;
      const refill = async () => {
        const rows = await db
          .selectFrom('campaignRecipients')
          .select('id')
          .where('campaignId', '=', c.id)
          .where('status', '=', 'pending')
          .where((eb) => eb.or([eb('nextAttemptAt', 'is', null), eb('nextAttemptAt', '<=', clock.nowIso())]))
          .orderBy('id')
          .limit(1000)
          .execute();
        queue = rows.map((r) => r.id).filter((id) => !handedOut.has(id));
        if (queue.length === 0) exhausted = true;
      };
      let refilling: Promise<void> | null = null;
      const nextId = async (): Promise<string | null> => {
        while (queue.length === 0 && !exhausted) {
          refilling ??= refill().finally(() => (refilling = null));
          await refilling;
        }
        const id = queue.shift() ?? null;
        if (id) handedOut.add(id);
        return id;
      };

      const worker = async () => {
        for (;;) {
          if (stopped()) return;
          const id = await nextId();
          if (!id) return;
          await pacer();
          if (stopped()) return;
          const now = clock.nowIso();
          const claimed = (await db.executeQuery<ClaimedRow>(bind(claimQuery, { now, id }))).rows[0];
          if (!claimed) continue;
          const message = messageFor(context, claimed);
          try {
            await gateway.send({ to: claimed.email, subject: message.subject, html: message.html, text: message.text, headers: message.headers, messageId: message.messageId });
            await db.executeQuery(bind(sentQuery, { now: clock.nowIso(), id, messageId: message.messageId }));
            consecutiveErrors = 0;
          } catch (err) {
            const failure = classifyFailure(err);
            if (failure.kind === 'unreachable') {
              // Not this recipient's doing: back in the queue, the attempt not counted; the send waits.
              await db.updateTable('campaignRecipients').set((eb) => ({ status: 'pending', attempts: eb('attempts', '-', 1), claimedAt: null })).where('id', '=', id).execute();
              handle.stop({ kind: 'waiting', reason: `Waiting for the mail server: ${failure.message}` });
              return;
            }
            consecutiveErrors += 1;
            const attempts = Number(claimed.attempts);
            if (failure.kind === 'temporary' && attempts < MAX_TEMPORARY_ATTEMPTS) {
              await db
                .updateTable('campaignRecipients')
                .set({ status: 'pending', lastError: failure.message, nextAttemptAt: new Date(clock.nowMs() + retryDelayMs(attempts)).toISOString() })
                .where('id', '=', id)
                .execute();
            } else if (failure.kind === 'unknown') {
              await db.updateTable('campaignRecipients').set({ status: 'unconfirmed', lastError: `The connection broke while this message was being handed over; it may have arrived: ${failure.message}`, messageId: message.messageId }).where('id', '=', id).execute();
            } else {
              const permanent = failure.kind === 'permanent';
              await db.transaction().execute(async (trx) => {
                await trx
                  .updateTable('campaignRecipients')
                  .set({ status: 'failed', lastError: permanent ? failure.message : `The mail server kept deferring this message: ${failure.message}`, bounced: permanent ? 1 : 0, nextAttemptAt: null })
                  .where('id', '=', id)
                  .execute();
                if (permanent) {
                  await trx
                    .insertInto('emailSuppressions')
                    .values({ tenantId: c.tenantId, email: claimed.email.toLowerCase(), reason: 'hard_bounce', detail: failure.message.slice(0, 500), createdAt: clock.nowIso() })
                    .onConflict((oc) => oc.columns(['tenantId', 'email']).doNothing())
                    .execute();
                }
              });
            }
            if (consecutiveErrors >= PAUSE_AFTER_ERRORS) {
              handle.stop({ kind: 'paused', reason: `Paused by itself after ${PAUSE_AFTER_ERRORS} failed messages in a row. The last reply: ${failure.message}` });
              return;
            }
          }
          await tick();
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, c.connections) }, worker));
      if (stopped()) return;
      // Deferred (4xx) recipients come due later: wait for the soonest, then go round again.
      const soonest = await db
        .selectFrom('campaignRecipients')
        .select((eb) => eb.fn.min('nextAttemptAt').as('at'))
        .where('campaignId', '=', c.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      const pendingLeft = await db.selectFrom('campaignRecipients').select('id').where('campaignId', '=', c.id).where('status', '=', 'pending').limit(1).executeTakeFirst();
      if (!pendingLeft) return;
      const waitMs = soonest?.at ? Date.parse(String(soonest.at)) - clock.nowMs() : 0;
      if (waitMs > 0) {
        await tick();
        if (waitMs > 30_000) {
          handle.stop({ kind: 'waiting', reason: 'Waiting to retry messages the mail server deferred' });
          return;
        }
        await sleep(waitMs);
      }
    }
  }

  /** With `offThread`, the template (CSS inlining, the text part) is made in a worker thread: a send's start does not stall the loop. */
  async function messageContextFor(c: CampaignRow, fromAddress: string | null, offThread = false): Promise<MessageContext> {
    const tenant = await db.selectFrom('tenants').select('name').where('id', '=', c.tenantId).executeTakeFirst();
    const communityName = tenant?.name ?? 'our community';
    const template = offThread ? await compileEmailOff(inliner, { subject: c.subject, content: c.content, communityName }) : undefined;
    const clickKey = Number(c.trackClicks) === 1 ? await deps.clickKey() : undefined;
    return { campaign: c, communityName, fromAddress, publicUrl: deps.publicUrl(), template, clickKey };
  }

  return {
    run,
    messageContextFor,
    /** Stops a send running in this process (pause or cancel); the run records it. */
    stopLocal(campaignId: string, kind: 'paused' | 'canceled') {
      running.get(campaignId)?.stop(kind === 'paused' ? { kind: 'paused', reason: null } : { kind: 'canceled' });
    },
    isRunning: (campaignId: string) => running.has(campaignId),
  };
}
export type CampaignSender = ReturnType<typeof campaignSender>;
