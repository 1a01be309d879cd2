import type { Generated } from 'kysely';
import type { TablesOf } from '../../platform/db/table-columns';

// Tables of the segments area (segments and the campaigns sent to them), as the row types Kysely sees (camelCase; the database names are snake_case).

export interface SegmentsTable {
  id: string;
  tenantId: string;
  name: string;
  filter: string;
  createdAt: string;
}

export interface CampaignsTable {
  id: string;
  tenantId: string;
  subject: string;
  content: string;
  audience: string;
  segmentId: string | null;
  status: 'draft' | 'scheduled' | 'sending' | 'sent' | 'failed' | 'canceled';
  scheduledAt: string | null;
  sentAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CampaignRecipientsTable {
  id: string;
  campaignId: string;
  userId: string | null;
  email: string;
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  attempts: Generated<number>;
  lastError: string | null;
  sentAt: string | null;
}

export interface SegmentsTables {
  segments: SegmentsTable;
  campaigns: CampaignsTable;
  campaignRecipients: CampaignRecipientsTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const SEGMENTS_TABLES: TablesOf<SegmentsTables> = {
  segments: { id: true, tenantId: true, name: true, filter: true, createdAt: true },
  campaigns: {
    id: true, tenantId: true, subject: true, content: true, audience: true, segmentId: true, status: true, scheduledAt: true, sentAt: true,
    createdBy: true, createdAt: true, updatedAt: true,
  },
  campaignRecipients: {
    id: true, campaignId: true, userId: true, email: true, status: true, attempts: true, lastError: true, sentAt: true,
  },
};
