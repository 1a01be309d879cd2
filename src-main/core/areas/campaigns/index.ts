import { randomBytes } from 'node:crypto';
import type { AreaPlatform } from '../area';
import { isUniqueViolation } from '../../platform/db/errors';
import { sanitizeOwnerHtml } from '../../platform/html/sanitize';
import { newId } from '../../platform/ids';
import { DEFAULT_RATE_PER_SECOND } from '@shared/schemas/campaigns';
import type { AudiencePorts } from './audience';
import { campaignService } from './campaigns';
import { clickSigningKey } from './click-key';
import { messageIdFor } from './message';
import { emailPreferences } from './preferences';
import { campaignsRepository } from './repositories/campaigns';
import { campaignSender, SEND_JOB, type MailPort } from './sender';

export interface CampaignsPorts extends AudiencePorts {
  mail: MailPort;
  /** PUBLIC_URL: where recipients reach this console (unsubscribe and click links); null when unset. */
  publicUrl: () => string | null;
  /** Delay before retry n of a message the mail server deferred (4xx); exponential from 1 s by default. */
  retryDelayMs?: (attempt: number) => number;
}

export interface SendToMemberInput {
  tenantId: string;
  userId: string;
  subject: string;
  html: string;
  dedupeKey: string;
  source?: { kind: 'automation'; automationId: string; runId: string };
}

/**
 * Email campaigns (issue 11): drafts with versions, audiences, the per-recipient ledger and its
 * durable send (at most one message per recipient, ever), unsubscribe (RFC 8058), suppression,
 * and one-member messages for automations through the same ledger (`sendToMember`).
 */
export function createCampaignsArea(platform: AreaPlatform, ports: CampaignsPorts) {
  const { db, dialect, clock, jobs, push, events, logger } = platform;
  const campaigns = campaignsRepository(db);
  const clickKey = clickSigningKey({ db, clock, secrets: platform.secrets });
  const sender = campaignSender({ db, dialect, clock, push, events, logger, campaigns, audience: ports, mail: ports.mail, publicUrl: ports.publicUrl, clickKey, retryDelayMs: ports.retryDelayMs });
  const service = campaignService({ db, clock, jobs, push, campaigns, sender, audience: ports, mail: ports.mail, logger });
  const preferences = emailPreferences({ db, clock, push, clickKey });

  jobs.register(SEND_JOB, async (payload, job) => {
    const { campaignId } = payload as { campaignId: string };
    await sender.run(campaignId, job);
  });

  // Issue 9: erasure no longer reaches into our tables; we forget the member's addresses here.
  events.subscribe(
    'member.erased',
    async (event) => {
      const { userId } = event.data;
      const tenantCampaigns = db.selectFrom('campaigns').select('id').where('tenantId', '=', event.tenantId);
      await db.transaction().execute(async (trx) => {
        const emails = await trx.selectFrom('campaignRecipients').select('email').distinct().where('userId', '=', userId).where('campaignId', 'in', tenantCampaigns).execute();
        if (emails.length) await trx.deleteFrom('emailSuppressions').where('tenantId', '=', event.tenantId).where('email', 'in', emails.map((e) => e.email)).execute();
        await trx.updateTable('campaignRecipients').set({ email: `erased-${userId}@invalid`, name: null }).where('userId', '=', userId).where('campaignId', 'in', tenantCampaigns).execute();
      });
    },
    { name: 'campaigns.forget-recipient' },
  );

  return Object.assign(service, {
      memberEmailStatus: preferences.memberEmailStatus,
      setMemberSubscribed: preferences.setMemberSubscribed,
      unsubscribe: preferences,

      /** Contract 3: one email to one member through the ledger, at most once per (tenant, dedupeKey). */
      async sendToMember(input: SendToMemberInput): Promise<{ messageId: string | null; skipped?: string }> {
        const fromAddress = await ports.mail.fromAddress().catch(() => null);
        const existing = await db
          .selectFrom('campaigns as c')
          .innerJoin('campaignRecipients as r', 'r.campaignId', 'c.id')
          .select(['c.id', 'r.id as recipientId'])
          .where('c.tenantId', '=', input.tenantId)
          .where('c.dedupeKey', '=', input.dedupeKey)
          .executeTakeFirst();
        if (existing) return { messageId: messageIdFor(existing.id, existing.recipientId, fromAddress) };
        const member = await db
          .selectFrom('memberships as m')
          .innerJoin('users as u', 'u.id', 'm.userId')
          .select(['u.email', 'u.name', 'u.erasedAt', 'm.status'])
          .where('m.tenantId', '=', input.tenantId)
          .where('m.userId', '=', input.userId)
          .executeTakeFirst();
        if (!member || member.status !== 'active' || member.erasedAt) return { messageId: null, skipped: 'not a member of this community any more' };
        if (await preferences.isUnsubscribed(input.tenantId, input.userId)) return { messageId: null, skipped: 'the member unsubscribed from email' };
        if (await preferences.isSuppressed(input.tenantId, member.email)) return { messageId: null, skipped: 'the address is suppressed after a bounce or complaint' };
        const now = clock.nowIso();
        const campaignId = newId('campaign');
        const recipientId = newId('recipient');
        try {
          await db.transaction().execute(async (trx) => {
            await trx
              .insertInto('campaigns')
              .values({
                id: campaignId, tenantId: input.tenantId, subject: input.subject.slice(0, 200), content: sanitizeOwnerHtml(input.html), audience: 'member', segmentId: null,
                status: 'sending', scheduledAt: null, sentAt: null, createdBy: null, createdAt: now, updatedAt: now, kind: 'message', dedupeKey: input.dedupeKey,
                source: input.source ? JSON.stringify(input.source) : null, ratePerSecond: DEFAULT_RATE_PER_SECOND, connections: 1, startedAt: now,
              })
              .execute();
            await trx
              .insertInto('campaignRecipients')
              .values({ id: recipientId, campaignId, userId: input.userId, email: member.email.toLowerCase(), name: member.name, status: 'pending', unsubscribeToken: randomBytes(16).toString('hex') })
              .execute();
            await service.enqueueSend(trx, { id: campaignId, tenantId: input.tenantId });
          });
        } catch (err) {
          if (isUniqueViolation(err)) return this.sendToMember(input); // the same key at the same time: the other one won
          throw err;
        }
        return { messageId: messageIdFor(campaignId, recipientId, fromAddress) };
      },

      /** On start: sends a crash or a restart interrupted go on by themselves. */
      async resumeInterrupted(): Promise<number> {
        const rows = await campaigns.interrupted();
        for (const c of rows) await db.transaction().execute((trx) => service.enqueueSend(trx, c));
        return rows.length;
      },

      /** A member's timeline (the members area's port): the campaigns and automation emails they got, newest first. */
    timelineFor(tenantId: string, userId: string, limit: number) {
      return db
        .selectFrom('campaignRecipients as r')
        .innerJoin('campaigns as c', 'c.id', 'r.campaignId')
        .select(['r.id', 'c.id as campaignId', 'c.subject', 'r.status', 'r.sentAt', 'c.sentAt as campaignSentAt', 'c.createdAt'])
        .where('c.tenantId', '=', tenantId)
        .where('r.userId', '=', userId)
        .orderBy('c.createdAt', 'desc')
        .limit(limit)
        .execute();
    },

    /** For the dashboard's setup step: has this tenant written a campaign? */
      count: (tenantId: string) => campaigns.countByTenant(tenantId),
  });
}

export type CampaignsArea = ReturnType<typeof createCampaignsArea>;
