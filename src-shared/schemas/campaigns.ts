import { z } from 'zod';
import { CONTROL_CHARS_MESSAGE, emailSchema, hasNoControlChars, idSchema } from './common';
import { segmentIdSchema, userIdSchema } from './members';

// campaigns.* — the seed's campaigns.create / campaigns.sendTest, and what the editor needs.
// Owner HTML is sanitised when saved (the server's sanitizeOwnerHtml); merge tags are plain text.

export const campaignIdSchema = idSchema('cmp');
export const campaignVersionIdSchema = idSchema('cmv');

export const BUILT_IN_AUDIENCES = ['all_members', 'paid_only', 'free_only'] as const;
export type BuiltInAudience = (typeof BUILT_IN_AUDIENCES)[number];
/** "all_members" | "paid_only" (paid or comped) | "free_only" | a saved segment id ("seg_…"). */
export const audienceSchema = z.union([z.enum(BUILT_IN_AUDIENCES), segmentIdSchema], {
  error: 'must be all_members, paid_only, free_only or a segment id ("seg_…")',
});

/** Merge tags the server fills in per recipient; `{{tag|fallback}}` gives a fallback when the value is empty. */
export const MERGE_TAGS = [
  { tag: '{{member.name}}', label: 'Member name' },
  { tag: '{{member.firstName|there}}', label: 'First name (or "there")' },
  { tag: '{{community.name}}', label: 'Community name' },
  { tag: '{{unsubscribe_url}}', label: 'Unsubscribe link' },
] as const;

export const SUBJECT_MAX = 200;
export const CONTENT_MAX = 500_000;
export const DEFAULT_RATE_PER_SECOND = 10;
export const DEFAULT_CONNECTIONS = 2;

const subject = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'must not be empty')
  .max(SUBJECT_MAX, `must be at most ${SUBJECT_MAX} characters`)
  .refine(hasNoControlChars, CONTROL_CHARS_MESSAGE);
const draftSubject = z.string().trim().max(SUBJECT_MAX, `must be at most ${SUBJECT_MAX} characters`).refine(hasNoControlChars, CONTROL_CHARS_MESSAGE);
const content = z.string({ error: 'is required' }).max(CONTENT_MAX, `must be at most ${CONTENT_MAX} characters`);
/** A Date, an ISO timestamp with a time zone, or null. */
const when = z
  .union([z.date(), z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' })], {
    error: 'must be a date-time, e.g. 2026-04-15T09:00:00Z',
  })
  .transform((v) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString()));
const ratePerSecond = z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10,000');
const connections = z.number().int('must be a whole number').min(1, 'must be at least 1').max(20, 'must be at most 20');

/**
 * The seed's campaigns.create {subject, content, audience, scheduledAt}: scheduledAt null sends now,
 * a date schedules it. `draft: true` (ours) only saves it, for the editor.
 */
export const createCampaignInput = z.strictObject({
  subject,
  content,
  audience: audienceSchema,
  scheduledAt: when.nullable(),
  draft: z.boolean().optional(),
});
export type CreateCampaignInput = z.input<typeof createCampaignInput>;

/** A new empty draft for the editor (everything optional). */
export const createDraftInput = z.strictObject({
  subject: draftSubject.optional(),
  content: content.optional(),
  audience: audienceSchema.optional(),
});

/** Autosave: only the fields given change. `baseVersion` (the `version` last read) refuses a stale save with CONFLICT. */
export const updateCampaignInput = z.strictObject({
  id: campaignIdSchema,
  subject: draftSubject.optional(),
  content: content.optional(),
  audience: audienceSchema.optional(),
  ratePerSecond: ratePerSecond.optional(),
  connections: connections.optional(),
  trackClicks: z.boolean().optional(),
  baseVersion: z.number().int().min(0).optional(),
});
export type UpdateCampaignInput = z.input<typeof updateCampaignInput>;

export const campaignIdInput = z.strictObject({ id: campaignIdSchema });
export const scheduleCampaignInput = z.strictObject({ id: campaignIdSchema, scheduledAt: when });
export const restoreVersionInput = z.strictObject({ id: campaignIdSchema, versionId: campaignVersionIdSchema });
export const audienceCountInput = z.strictObject({ audience: audienceSchema });
export const previewInput = z.strictObject({ id: campaignIdSchema, userId: userIdSchema.optional() });
export const sendTestInput = z.strictObject({ campaignId: campaignIdSchema, testEmail: emailSchema });

export const RECIPIENT_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unconfirmed', 'skipped'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];
export const recipientsInput = z.strictObject({
  id: campaignIdSchema,
  status: z.enum(RECIPIENT_STATUSES).optional(),
  page: z.number().int().min(1).default(1),
  limit: z.number().int().min(1).max(200).default(50),
});
export const resendInput = z.strictObject({
  id: campaignIdSchema,
  statuses: z.array(z.enum(['failed', 'unconfirmed'])).min(1, 'choose failed, unconfirmed or both'),
});
export const memberEmailStatusInput = z.strictObject({ userId: userIdSchema });
export const setMemberSubscribedInput = z.strictObject({ userId: userIdSchema, subscribed: z.boolean() });

/** What the owner sees; `paused` and `waiting` are states of a send under way. */
export const CAMPAIGN_STATES = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'failed', 'canceled'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export interface CampaignStats {
  recipients: number;
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  /** Failed with a permanent (5xx) reply: the address is suppressed. */
  bounced: number;
  unconfirmed: number;
  /** Recipients who unsubscribed through this campaign's link. */
  unsubscribed: number;
  /** Recipients who clicked a tracked link (only with trackClicks). */
  clicked: number;
}

export interface CampaignSummary {
  id: string;
  subject: string;
  audience: string;
  /** "All members", "Paid members", "Free members" or the segment's name. */
  audienceLabel: string;
  state: CampaignState;
  scheduledAt: string | null;
  startedAt: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
  stats: CampaignStats;
}

export interface CampaignDetail extends CampaignSummary {
  content: string;
  /** Increases with every save; pass it back as baseVersion. */
  version: number;
  ratePerSecond: number;
  connections: number;
  trackClicks: boolean;
  /** Why it paused itself or was paused ("The mail server refused 20 messages in a row: 550 …"). */
  pauseReason: string | null;
  /** While the mail server cannot be reached: "Waiting for the mail server: connect ECONNREFUSED …". */
  waitingReason: string | null;
}

export interface CampaignVersion {
  id: string;
  savedAt: string;
  subject: string;
  /** The first words of the content, as plain text. */
  excerpt: string;
}

export interface CampaignPreview {
  subject: string;
  html: string;
  text: string;
  /** Who it was rendered for ("Ann Alpha"), or a sample member when none was chosen. */
  memberName: string;
}

export interface CampaignRecipientRow {
  id: string;
  userId: string | null;
  name: string | null;
  email: string;
  status: RecipientStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

export interface MemberEmailStatus {
  userId: string;
  email: string;
  subscribed: boolean;
  unsubscribedAt: string | null;
  /** Set after a hard bounce or a complaint: never mailed again until removed. */
  suppressed: { reason: string; at: string } | null;
}
