import type { Generated } from 'kysely';
import type { RecipientStatus } from '@shared/schemas/campaigns';
import type { Bool, TablesOf } from '../../platform/db/table-columns';

// Tables of the campaigns area (campaigns, the per-recipient ledger, saved versions, a member's email
// preference, suppressed addresses), as the row types Kysely sees (camelCase; the database names are snake_case).

export interface CampaignsTable {
  id: string;
  tenantId: string;
  subject: string;
  content: string;
  audience: string;
  segmentId: string | null;
  /** 'paused' and 'waiting' are a 'sending' campaign with pausedAt / waitingReason set. */
  status: 'draft' | 'scheduled' | 'sending' | 'sent' | 'failed' | 'canceled';
  scheduledAt: string | null;
  sentAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** 'campaign' (the Campaigns page) or 'message' (one member, sent for an automation). */
  kind: Generated<string>;
  dedupeKey: string | null;
  /** JSON: who asked for a 'message' ({kind: 'automation', automationId, runId}). */
  source: string | null;
  version: Generated<number>;
  ratePerSecond: Generated<number>;
  connections: Generated<number>;
  trackClicks: Generated<Bool>;
  startedAt: string | null;
  pausedAt: string | null;
  pauseReason: string | null;
  waitingReason: string | null;
  /** The console process sending it and until when (renewed while it sends); see sender.ts. */
  sendLeaseOwner: string | null;
  sendLeaseUntil: string | null;
}

export interface CampaignRecipientsTable {
  id: string;
  campaignId: string;
  userId: string | null;
  email: string;
  status: RecipientStatus;
  attempts: Generated<number>;
  lastError: string | null;
  sentAt: string | null;
  name: string | null;
  messageId: string | null;
  nextAttemptAt: string | null;
  claimedAt: string | null;
  unsubscribeToken: string | null;
  clickedAt: string | null;
  unsubscribedAt: string | null;
  bounced: Generated<Bool>;
}

export interface CampaignVersionsTable {
  id: string;
  campaignId: string;
  subject: string;
  content: string;
  savedAt: string;
}

export interface EmailPreferencesTable {
  tenantId: string;
  userId: string;
  unsubscribedAt: string | null;
  /** 'link' (the message's unsubscribe link), 'one-click' (RFC 8058), 'owner'. */
  source: string | null;
  updatedAt: string;
}

export interface EmailSuppressionsTable {
  tenantId: string;
  /** Lower case. */
  email: string;
  reason: 'hard_bounce' | 'complaint';
  detail: string | null;
  createdAt: string;
}

export interface CampaignsTables {
  campaigns: CampaignsTable;
  campaignRecipients: CampaignRecipientsTable;
  campaignVersions: CampaignVersionsTable;
  emailPreferences: EmailPreferencesTable;
  emailSuppressions: EmailSuppressionsTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const CAMPAIGNS_TABLES: TablesOf<CampaignsTables> = {
  campaigns: {
    id: true, tenantId: true, subject: true, content: true, audience: true, segmentId: true, status: true, scheduledAt: true, sentAt: true,
    createdBy: true, createdAt: true, updatedAt: true, kind: true, dedupeKey: true, source: true, version: true, ratePerSecond: true,
    connections: true, trackClicks: true, startedAt: true, pausedAt: true, pauseReason: true, waitingReason: true, sendLeaseOwner: true,
    sendLeaseUntil: true,
  },
  campaignRecipients: {
    id: true, campaignId: true, userId: true, email: true, status: true, attempts: true, lastError: true, sentAt: true, name: true,
    messageId: true, nextAttemptAt: true, claimedAt: true, unsubscribeToken: true, clickedAt: true, unsubscribedAt: true, bounced: true,
  },
  campaignVersions: { id: true, campaignId: true, subject: true, content: true, savedAt: true },
  emailPreferences: { tenantId: true, userId: true, unsubscribedAt: true, source: true, updatedAt: true },
  emailSuppressions: { tenantId: true, email: true, reason: true, detail: true, createdAt: true },
};
