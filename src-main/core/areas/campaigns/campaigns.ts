import { convert } from 'html-to-text';
import type { Kysely } from 'kysely';
import {
  audienceCountInput,
  campaignIdInput,
  createCampaignInput,
  createDraftInput,
  DEFAULT_CONNECTIONS,
  DEFAULT_RATE_PER_SECOND,
  previewInput,
  recipientsInput,
  resendInput,
  restoreVersionInput,
  scheduleCampaignInput,
  sendTestInput,
  updateCampaignInput,
  type CampaignDetail,
  type CampaignPreview,
  type CampaignRecipientRow,
  type CampaignState,
  type CampaignStats,
  type CampaignSummary,
  type CampaignVersion,
  type CreateCampaignInput,
  type UpdateCampaignInput,
} from '../../../../src-shared/schemas/campaigns';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { Database } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors';
import { sanitizeOwnerHtml } from '../../platform/html/sanitize';
import { newId } from '../../platform/ids';
import { enqueueJob } from '../../platform/jobs/queue';
import type { JobRunner } from '../../platform/jobs/runner';
import type { PushHub } from '../../platform/push/hub';
import { audienceCondition, countAudience, type AudiencePorts } from './audience';
import { messageFor } from './message';
import { mailErrorForTenantAdmin } from './smtp-errors';
import type { CampaignRow, CampaignsRepository } from './repositories/campaigns';
import { SEND_JOB, type CampaignSender, type MailPort } from './sender';

/** A new saved version when the last one is older than this; within it, the last one is updated (autosave). */
const VERSION_EVERY_MS = 60_000;
const VERSIONS_KEPT = 50;
const AUDIENCE_LABELS: Record<string, string> = { all_members: 'All members', paid_only: 'Paid members', free_only: 'Free members' };

export interface CampaignServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  jobs: JobRunner;
  push: PushHub;
  campaigns: CampaignsRepository;
  sender: CampaignSender;
  audience: AudiencePorts;
  mail: MailPort;
  logger: Logger;
}

/** Who is asking: a tenant ADMIN, or the console owner (whose mail server it is). */
export interface Viewer {
  isConsoleOwner: boolean;
}

/** What a tenant ADMIN who is not the console owner may set; the console owner may go up to the schema's maximum. */
export const TENANT_MAX_RATE_PER_SECOND = 100;
export const TENANT_MAX_CONNECTIONS = 10;
/** Test emails a tenant may send through the console's mail server in an hour (the console owner is not limited). */
export const TEST_EMAILS_PER_HOUR = 10;
const HOUR_MS = 3_600_000;

const notFound = (id: string) => new DomainError('NOT_FOUND', `id: campaign ${id} was not found`, { field: 'id' });

export function stateOf(c: Pick<CampaignRow, 'status' | 'pausedAt'>): CampaignState {
  return c.status === 'sending' && c.pausedAt !== null ? 'paused' : c.status;
}

/** The campaigns an owner writes and sends: drafts and their versions, schedule, send, pause, resume, cancel. */
export function campaignService(deps: CampaignServiceDeps) {
  const { db, clock, campaigns } = deps;

  async function require(tenantId: string, id: string): Promise<CampaignRow> {
    const row = await campaigns.find(tenantId, id);
    if (!row || row.kind !== 'campaign') throw notFound(id);
    return row;
  }

  async function segmentNames(tenantId: string): Promise<Map<string, string>> {
    const rows = await db.selectFrom('segments').select(['id', 'name']).where('tenantId', '=', tenantId).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  function summary(c: CampaignRow, stats: CampaignStats, segments: Map<string, string>): CampaignSummary {
    return {
      id: c.id,
      subject: c.subject,
      audience: c.audience,
      audienceLabel: AUDIENCE_LABELS[c.audience] ?? (segments.has(c.audience) ? `Segment "${segments.get(c.audience)}"` : 'A deleted segment'),
      state: stateOf(c),
      scheduledAt: c.scheduledAt,
      startedAt: c.startedAt,
      sentAt: c.sentAt,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      stats,
    };
  }

  async function detail(tenantId: string, id: string): Promise<CampaignDetail> {
    const c = await require(tenantId, id);
    const [stats, segments] = await Promise.all([campaigns.stats([c.id]), segmentNames(tenantId)]);
    return {
      ...summary(c, stats.get(c.id)!, segments),
      content: c.content,
      version: Number(c.version),
      ratePerSecond: Number(c.ratePerSecond),
      connections: Number(c.connections),
      trackClicks: Number(c.trackClicks) === 1,
      pauseReason: c.pauseReason,
      waitingReason: c.status === 'sending' ? c.waitingReason : null,
    };
  }

  /** The audience must be this tenant's: a segment id is checked (NOT_FOUND names the field). */
  async function checkAudience(tenantId: string, audience: string) {
    if (audience in AUDIENCE_LABELS) return;
    const seg = await db.selectFrom('segments').select('id').where('tenantId', '=', tenantId).where('id', '=', audience).executeTakeFirst();
    if (!seg) throw new DomainError('NOT_FOUND', `audience: segment ${audience} was not found`, { field: 'audience' });
  }

  async function saveVersion(campaignId: string, subject: string, content: string) {
    const last = (await campaigns.versions(campaignId))[0];
    const now = clock.nowIso();
    if (last && last.subject === subject && last.content === content) return;
    if (last && clock.nowMs() - Date.parse(last.savedAt) < VERSION_EVERY_MS) {
      await db.updateTable('campaignVersions').set({ subject, content, savedAt: now }).where('id', '=', last.id).execute();
    } else {
      await campaigns.saveVersion({ id: `cmv_${newId('campaign').slice(4)}`, campaignId, subject, content, savedAt: now }, VERSIONS_KEPT);
    }
  }

  async function enqueueSend(trx: Kysely<Database>, c: Pick<CampaignRow, 'id' | 'tenantId'>, runAt?: string) {
    await enqueueJob(trx, clock, {
      kind: SEND_JOB,
      payload: { tenantId: c.tenantId, campaignId: c.id },
      runAt,
      // One job per start (send, resume, schedule); the sender never runs one campaign twice at once.
      dedupeKey: `${SEND_JOB}:${c.id}:${runAt ?? clock.nowIso()}:${newId('job').slice(4)}`,
      maxAttempts: 1_000_000,
      tenantId: c.tenantId,
    });
    deps.jobs.poke();
  }

  function assertSendable(c: CampaignRow) {
    if (!c.subject.trim()) throw new DomainError('VALIDATION', 'subject: a campaign needs a subject before it is sent', { field: 'subject' });
    if (!c.content.trim()) throw new DomainError('VALIDATION', 'content: a campaign needs content before it is sent', { field: 'content' });
  }

  async function assertMailConfigured() {
    const gateway = await deps.mail.gateway();
    gateway.close();
  }

  const changed = (tenantId: string, id: string) => deps.push.changed(tenantId, 'campaigns', id);

  // Test emails go to any address through the console owner's mail server: a tenant gets a few an
  // hour (per console process), so it cannot use the server as a relay.
  const testSends = new Map<string, number[]>();
  function takeTestSend(tenantId: string) {
    const now = clock.nowMs();
    const recent = (testSends.get(tenantId) ?? []).filter((at) => at > now - HOUR_MS);
    if (recent.length >= TEST_EMAILS_PER_HOUR) {
      const resetsAt = new Date(recent[0]! + HOUR_MS).toISOString();
      throw new DomainError('LIMIT_EXCEEDED', `testEmail: at most ${TEST_EMAILS_PER_HOUR} test emails an hour; try again after ${resetsAt}`, {
        field: 'testEmail',
        tooManyRequests: true,
        limit: 'campaigns.testEmailsPerHour',
        used: recent.length,
        max: TEST_EMAILS_PER_HOUR,
        resetsAt,
      });
    }
    recent.push(now);
    testSends.set(tenantId, recent);
  }

  async function insertCampaign(tenantId: string, userId: string | null, fields: { subject: string; content: string; audience: string }): Promise<CampaignRow> {
    await checkAudience(tenantId, fields.audience);
    const now = clock.nowIso();
    const row = {
      id: newId('campaign'),
      tenantId,
      subject: fields.subject,
      content: sanitizeOwnerHtml(fields.content),
      audience: fields.audience,
      segmentId: fields.audience.startsWith('seg_') ? fields.audience : null,
      status: 'draft' as const,
      scheduledAt: null,
      sentAt: null,
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
      ratePerSecond: DEFAULT_RATE_PER_SECOND,
      connections: DEFAULT_CONNECTIONS,
      startedAt: null,
      pausedAt: null,
      pauseReason: null,
      waitingReason: null,
      dedupeKey: null,
      source: null,
    };
    await db.insertInto('campaigns').values(row).execute();
    await saveVersion(row.id, row.subject, row.content);
    return (await campaigns.byId(row.id))!;
  }

  async function schedule(tenantId: string, id: string, scheduledAt: string): Promise<CampaignDetail> {
    const c = await require(tenantId, id);
    if (c.status !== 'draft' && c.status !== 'scheduled') throw new DomainError('CONFLICT', `id: a campaign that is ${stateOf(c)} cannot be scheduled`, { field: 'id' });
    assertSendable(c);
    if (Date.parse(scheduledAt) <= clock.nowMs()) throw new DomainError('VALIDATION', 'scheduledAt: must be in the future', { field: 'scheduledAt' });
    await checkAudience(tenantId, c.audience);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('campaigns').set({ status: 'scheduled', scheduledAt, updatedAt: clock.nowIso() }).where('id', '=', c.id).execute();
      await enqueueSend(trx, c, scheduledAt);
    });
    changed(tenantId, id);
    return detail(tenantId, id);
  }

  async function send(tenantId: string, id: string): Promise<CampaignDetail> {
    const c = await require(tenantId, id);
    if (c.status !== 'draft' && c.status !== 'scheduled') throw new DomainError('CONFLICT', `id: a campaign that is ${stateOf(c)} cannot be sent again; duplicate it instead`, { field: 'id' });
    assertSendable(c);
    await checkAudience(tenantId, c.audience);
    await assertMailConfigured();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('campaigns').set({ status: 'sending', scheduledAt: null, updatedAt: clock.nowIso() }).where('id', '=', c.id).execute();
      await enqueueSend(trx, c);
    });
    changed(tenantId, id);
    return detail(tenantId, id);
  }

  return {
    detail,
    enqueueSend,

    async list(tenantId: string): Promise<{ items: CampaignSummary[] }> {
      const rows = await campaigns.list(tenantId);
      const [stats, segments] = await Promise.all([campaigns.stats(rows.map((r) => r.id)), segmentNames(tenantId)]);
      return { items: rows.map((r) => summary(r, stats.get(r.id)!, segments)) };
    },

    get: (tenantId: string, raw: { id: string }) => detail(tenantId, campaignIdInput.parse(raw).id),

    /** The seed's campaigns.create: scheduledAt null sends now, a date schedules; draft: true only saves. */
    async create(tenantId: string, userId: string | null, raw: CreateCampaignInput): Promise<CampaignDetail> {
      const input = createCampaignInput.parse(raw);
      if (!input.draft && input.scheduledAt !== null && Date.parse(input.scheduledAt) <= clock.nowMs()) {
        throw new DomainError('VALIDATION', 'scheduledAt: must be in the future (or null to send now)', { field: 'scheduledAt' });
      }
      if (!input.draft && input.scheduledAt === null) await assertMailConfigured();
      const c = await insertCampaign(tenantId, userId, input);
      changed(tenantId, c.id);
      if (input.draft) return detail(tenantId, c.id);
      return input.scheduledAt === null ? send(tenantId, c.id) : schedule(tenantId, c.id, input.scheduledAt);
    },

    async createDraft(tenantId: string, userId: string | null, raw: unknown): Promise<CampaignDetail> {
      const input = createDraftInput.parse(raw);
      const c = await insertCampaign(tenantId, userId, { subject: input.subject ?? '', content: input.content ?? '', audience: input.audience ?? 'all_members' });
      changed(tenantId, c.id);
      return detail(tenantId, c.id);
    },

    async update(tenantId: string, raw: UpdateCampaignInput, viewer: Viewer = { isConsoleOwner: false }): Promise<CampaignDetail> {
      const input = updateCampaignInput.parse(raw);
      if (!viewer.isConsoleOwner) {
        if (input.ratePerSecond !== undefined && input.ratePerSecond > TENANT_MAX_RATE_PER_SECOND) {
          throw new DomainError('VALIDATION', `ratePerSecond: must be at most ${TENANT_MAX_RATE_PER_SECOND} (only the console owner can set more)`, { field: 'ratePerSecond' });
        }
        if (input.connections !== undefined && input.connections > TENANT_MAX_CONNECTIONS) {
          throw new DomainError('VALIDATION', `connections: must be at most ${TENANT_MAX_CONNECTIONS} (only the console owner can set more)`, { field: 'connections' });
        }
      }
      const c = await require(tenantId, input.id);
      if (c.status !== 'draft' && c.status !== 'scheduled') throw new DomainError('CONFLICT', `id: a campaign that is ${stateOf(c)} can no longer be edited; duplicate it instead`, { field: 'id' });
      if (input.baseVersion !== undefined && input.baseVersion !== Number(c.version)) {
        throw new DomainError('CONFLICT', 'baseVersion: the campaign was changed elsewhere since you opened it; reload to see the newer version', { field: 'baseVersion' });
      }
      if (input.audience !== undefined) await checkAudience(tenantId, input.audience);
      const subject = input.subject ?? c.subject;
      const content = input.content !== undefined ? sanitizeOwnerHtml(input.content) : c.content;
      const result = await db
        .updateTable('campaigns')
        .set((eb) => ({
          subject,
          content,
          audience: input.audience ?? c.audience,
          segmentId: (input.audience ?? c.audience).startsWith('seg_') ? (input.audience ?? c.audience) : null,
          ratePerSecond: input.ratePerSecond ?? c.ratePerSecond,
          connections: input.connections ?? c.connections,
          trackClicks: input.trackClicks === undefined ? c.trackClicks : input.trackClicks ? 1 : 0,
          version: eb('version', '+', 1),
          updatedAt: clock.nowIso(),
        }))
        .where('id', '=', c.id)
        .where('version', '=', c.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new DomainError('CONFLICT', 'baseVersion: the campaign was changed elsewhere at the same time; reload to see the newer version', { field: 'baseVersion' });
      if (subject !== c.subject || content !== c.content) await saveVersion(c.id, subject, content);
      changed(tenantId, c.id);
      return detail(tenantId, c.id);
    },

    async versions(tenantId: string, raw: { id: string }): Promise<{ items: CampaignVersion[] }> {
      const c = await require(tenantId, campaignIdInput.parse(raw).id);
      const rows = await campaigns.versions(c.id);
      return {
        items: rows.map((v) => ({ id: v.id, savedAt: v.savedAt, subject: v.subject, excerpt: convert(v.content, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }, { selector: 'a', options: { ignoreHref: true } }] }).replace(/\s+/g, ' ').trim().slice(0, 140) })),
      };
    },

    async restoreVersion(tenantId: string, raw: unknown): Promise<CampaignDetail> {
      const input = restoreVersionInput.parse(raw);
      const c = await require(tenantId, input.id);
      const v = await campaigns.version(c.id, input.versionId);
      if (!v) throw new DomainError('NOT_FOUND', `versionId: version ${input.versionId} of this campaign was not found`, { field: 'versionId' });
      return this.update(tenantId, { id: c.id, subject: v.subject, content: v.content });
    },

    async duplicate(tenantId: string, userId: string | null, raw: { id: string }): Promise<CampaignDetail> {
      const c = await require(tenantId, campaignIdInput.parse(raw).id);
      const copy = await insertCampaign(tenantId, userId, { subject: `Copy of ${c.subject}`.slice(0, 200), content: c.content, audience: c.audience in AUDIENCE_LABELS || (await segmentNames(tenantId)).has(c.audience) ? c.audience : 'all_members' });
      await db.updateTable('campaigns').set({ ratePerSecond: c.ratePerSecond, connections: c.connections, trackClicks: c.trackClicks }).where('id', '=', copy.id).execute();
      changed(tenantId, copy.id);
      return detail(tenantId, copy.id);
    },

    schedule: (tenantId: string, raw: unknown) => {
      const input = scheduleCampaignInput.parse(raw);
      return schedule(tenantId, input.id, input.scheduledAt);
    },

    async unschedule(tenantId: string, raw: { id: string }): Promise<CampaignDetail> {
      const c = await require(tenantId, campaignIdInput.parse(raw).id);
      if (c.status !== 'scheduled') throw new DomainError('CONFLICT', `id: the campaign is ${stateOf(c)}, not scheduled`, { field: 'id' });
      await db.updateTable('campaigns').set({ status: 'draft', scheduledAt: null, updatedAt: clock.nowIso() }).where('id', '=', c.id).where('status', '=', 'scheduled').execute();
      changed(tenantId, c.id);
      return detail(tenantId, c.id);
    },

    send: (tenantId: string, raw: { id: string }) => send(tenantId, campaignIdInput.parse(raw).id),

    async pause(tenantId: string, raw: { id: string }): Promise<CampaignDetail> {
      const c = await require(tenantId, campaignIdInput.parse(raw).id);
      if (stateOf(c) !== 'sending') throw new DomainError('CONFLICT', `id: only a campaign that is sending can be paused; this one is ${stateOf(c)}`, { field: 'id' });
      await db.updateTable('campaigns').set({ pausedAt: clock.nowIso(), pauseReason: 'Paused by you', updatedAt: clock.nowIso() }).where('id', '=', c.id).execute();
      deps.sender.stopLocal(c.id, 'paused');
      changed(tenantId, c.id);
      return detail(tenantId, c.id);
    },

    async resume(tenantId: string, raw: { id: string }): Promise<CampaignDetail> {
      const c = await require(tenantId, campaignIdInput.parse(raw).id);
      if (stateOf(c) !== 'paused') throw new DomainError('CONFLICT', `id: only a paused campaign can be resumed; this one is ${stateOf(c)}`, { field: 'id' });
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('campaigns').set({ pausedAt: null, pauseReason: null, updatedAt: clock.nowIso() }).where('id', '=', c.id).execute();
        await enqueueSend(trx, c);
      });
      changed(tenantId, c.id);
      return detail(tenantId, c.id);
    },

    async cancel(tenantId: string, raw: { id: string }): Promise<CampaignDetail> {
      const c = await require(tenantId, campaignIdInput.parse(raw).id);
      if (!['draft', 'scheduled', 'sending'].includes(c.status)) throw new DomainError('CONFLICT', `id: a campaign that is ${stateOf(c)} cannot be canceled`, { field: 'id' });
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('campaigns').set({ status: 'canceled', pausedAt: null, waitingReason: null, updatedAt: clock.nowIso() }).where('id', '=', c.id).execute();
        await trx.updateTable('campaignRecipients').set({ status: 'skipped', lastError: 'The send was canceled before this message went' }).where('campaignId', '=', c.id).where('status', '=', 'pending').execute();
      });
      deps.sender.stopLocal(c.id, 'canceled');
      changed(tenantId, c.id);
      return detail(tenantId, c.id);
    },

    async delete(tenantId: string, raw: { id: string }): Promise<{ id: string }> {
      const c = await require(tenantId, campaignIdInput.parse(raw).id);
      if (c.status === 'sending') throw new DomainError('CONFLICT', 'id: a campaign that is sending cannot be deleted; cancel it first', { field: 'id' });
      await db.deleteFrom('campaigns').where('id', '=', c.id).execute();
      changed(tenantId, c.id);
      return { id: c.id };
    },

    async audienceCount(tenantId: string, raw: unknown): Promise<{ count: number; label: string }> {
      const { audience } = audienceCountInput.parse(raw);
      await checkAudience(tenantId, audience);
      const count = await countAudience(db, await audienceCondition(deps.audience, tenantId, audience));
      const segments = await segmentNames(tenantId);
      return { count, label: AUDIENCE_LABELS[audience] ?? `Segment "${segments.get(audience) ?? audience}"` };
    },

    async preview(tenantId: string, raw: unknown): Promise<CampaignPreview> {
      const input = previewInput.parse(raw);
      const c = await require(tenantId, input.id);
      let member: { userId: string; name: string; email: string } | undefined;
      if (input.userId) {
        member = await db
          .selectFrom('memberships as m')
          .innerJoin('users as u', 'u.id', 'm.userId')
          .select(['u.id as userId', 'u.name', 'u.email'])
          .where('m.tenantId', '=', tenantId)
          .where('m.userId', '=', input.userId)
          .executeTakeFirst();
        if (!member) throw new DomainError('NOT_FOUND', `userId: member ${input.userId} was not found`, { field: 'userId' });
      }
      const context = await deps.sender.messageContextFor(c, await deps.mail.fromAddress().catch(() => null));
      const name = member?.name ?? 'Alex Sample';
      const message = messageFor(context, { id: 'preview', email: member?.email ?? 'alex@example.com', name, unsubscribeToken: 'preview' });
      return { subject: message.subject, html: message.html, text: message.text, memberName: name };
    },

    async recipients(tenantId: string, raw: unknown): Promise<{ items: CampaignRecipientRow[]; total: number }> {
      const input = recipientsInput.parse(raw);
      const c = await require(tenantId, input.id);
      let q = db.selectFrom('campaignRecipients').where('campaignId', '=', c.id);
      if (input.status) q = q.where('status', '=', input.status);
      const [rows, total] = await Promise.all([
        q.select(['id', 'userId', 'name', 'email', 'status', 'attempts', 'lastError', 'sentAt']).orderBy('id').limit(input.limit).offset((input.page - 1) * input.limit).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map((r) => ({ ...r, attempts: Number(r.attempts) })), total: Number(total.n) };
    },

    /** The owner's choice: failed or unconfirmed recipients go again (never a suppressed or unsubscribed one). */
    async resend(tenantId: string, raw: unknown): Promise<{ queued: number }> {
      const input = resendInput.parse(raw);
      const c = await require(tenantId, input.id);
      if (!c.startedAt || c.status === 'canceled') throw new DomainError('CONFLICT', `id: a campaign that is ${stateOf(c)} has nothing to resend`, { field: 'id' });
      await assertMailConfigured();
      const queued = await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('campaignRecipients')
          .set({ status: 'pending', nextAttemptAt: null, lastError: null })
          .where('campaignId', '=', c.id)
          .where('status', 'in', input.statuses)
          .where('bounced', '=', 0)
          .where((eb) => eb.not(eb.exists(eb.selectFrom('emailSuppressions as es').select('es.email').where('es.tenantId', '=', tenantId).whereRef('es.email', '=', 'campaignRecipients.email'))))
          .where((eb) =>
            eb.not(eb.exists(eb.selectFrom('emailPreferences as ep').select('ep.userId').where('ep.tenantId', '=', tenantId).whereRef('ep.userId', '=', 'campaignRecipients.userId').where('ep.unsubscribedAt', 'is not', null))),
          )
          .executeTakeFirst();
        const n = Number(result.numUpdatedRows);
        if (n > 0) {
          await trx.updateTable('campaigns').set({ status: 'sending', pausedAt: null, pauseReason: null, updatedAt: clock.nowIso() }).where('id', '=', c.id).execute();
          await enqueueSend(trx, c);
        }
        return n;
      });
      changed(tenantId, c.id);
      return { queued };
    },

    async sendTest(tenantId: string, raw: unknown, viewer: Viewer = { isConsoleOwner: false }): Promise<{ ok: boolean; message: string }> {
      const input = sendTestInput.parse(raw);
      const c = await require(tenantId, input.campaignId);
      if (!viewer.isConsoleOwner) takeTestSend(tenantId);
      const gateway = await deps.mail.gateway();
      try {
        const context = await deps.sender.messageContextFor(c, await deps.mail.fromAddress());
        const message = messageFor(context, { id: `test-${Date.now()}`, email: input.testEmail, name: 'Alex Sample', unsubscribeToken: null });
        await gateway.send({ to: input.testEmail, subject: `[Test] ${message.subject}`, html: message.html, text: message.text, headers: message.headers });
        return { ok: true, message: `Sent a test of "${message.subject}" to ${input.testEmail}` };
      } catch (err) {
        const raw = (err as Error).message;
        deps.logger.warn('campaign test email failed', { tenantId, campaignId: c.id, error: raw });
        return { ok: false, message: viewer.isConsoleOwner ? raw : mailErrorForTenantAdmin(raw) };
      } finally {
        gateway.close();
      }
    },
  };
}
export type CampaignService = ReturnType<typeof campaignService>;
