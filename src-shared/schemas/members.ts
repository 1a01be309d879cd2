import { z } from 'zod';
import {
  JOIN_SOURCES,
  ROLES,
  SPACE_ROLES,
  SUBSCRIPTION_STATUSES,
  type JoinSource,
  type MembershipStatus,
  type PaymentProvider,
  type Role,
  type SpaceRole,
  type SpaceType,
  type SubscriptionStatus,
} from '../domain';
import { MEMBER_TIERS, type MemberTier } from '../member-tier';
import { idSchema } from './common';

export const userIdSchema = idSchema('user');
export const segmentIdSchema = idSchema('seg');

// ---------------------------------------------------------------------------------------------
// The member filter: one schema for members.list, saved segments, export and bulk actions, so
// that "everything matching this filter" means the same members everywhere.
// ---------------------------------------------------------------------------------------------

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function isRealDate(value: string): boolean {
  if (DATE_ONLY.test(value)) return new Date(`${value}T00:00:00.000Z`).toISOString().slice(0, 10) === value;
  return TIMESTAMP_WITH_ZONE.test(value) && !Number.isNaN(Date.parse(value));
}

/** A calendar date ("2026-03-01", UTC) or a timestamp with its time zone. */
const dateBound = z
  .string()
  .trim()
  .refine(isRealDate, 'must be a date (2026-03-01) or a timestamp with a time zone (2026-03-01T09:00:00Z)');

/** `none` selects members who never held a subscription. */
export const MEMBER_SUBSCRIPTION_FILTERS = [...SUBSCRIPTION_STATUSES, 'none'] as const;
export type MemberSubscriptionFilter = (typeof MEMBER_SUBSCRIPTION_FILTERS)[number];

const nonEmptyList = <T extends readonly [string, ...string[]]>(values: T) =>
  z.array(z.enum(values)).min(1, 'must name at least one value').max(values.length);

export const MEMBER_SORT_FIELDS = ['joinedAt', 'lastActiveAt', 'name', 'email'] as const;
export type MemberSortField = (typeof MEMBER_SORT_FIELDS)[number];
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

const memberFilterShape = {
  /** Prefix of any word of the name or email; every word typed must match. */
  search: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  role: z.enum(ROLES).optional(),
  /** free | paid by isFreeMember; comped while complimentary access lasts (member-tier.ts). */
  tier: z.enum(MEMBER_TIERS).optional(),
  joinSource: nonEmptyList(JOIN_SOURCES).optional(),
  groupId: idSchema('group').optional(),
  spaceId: idSchema('space').optional(),
  /** Only with spaceId: members holding this role in that space. */
  spaceRole: z.enum(SPACE_ROLES).optional(),
  /** The member's best current subscription status (the one billing keeps on the membership). */
  subscriptionStatus: nonEmptyList(MEMBER_SUBSCRIPTION_FILTERS).optional(),
  /** Members holding a subscription to this package that has not ended (not canceled or expired). */
  packageId: idSchema('pkg').optional(),
  /** Joined at or after this instant; a date means 00:00 UTC that day. */
  joinedFrom: dateBound.optional(),
  /** Joined before this instant; a date includes that whole day (UTC). */
  joinedTo: dateBound.optional(),
  /** Last active before this instant, or never active; a date means 00:00 UTC that day. */
  inactiveSince: dateBound.optional(),
  /** Stopped paying (an MRR churn movement, as Analytics counts it) on or after this day (UTC). */
  churnedFrom: dateBound.optional(),
  /** Stopped paying on or before this day (a date includes that whole day, UTC). */
  churnedTo: dateBound.optional(),
  /** Members using 80% or more of one of their package's limits, or over it after a downgrade. */
  nearLimit: z.literal(true, { error: 'must be true (leave it out for everyone)' }).optional(),
};

type FilterShape = { spaceId?: string; spaceRole?: string; joinedFrom?: string; joinedTo?: string };

/** Start of the instant a bound names: a date is 00:00 UTC that day. */
export function boundStartMs(bound: string): number {
  return DATE_ONLY.test(bound) ? Date.parse(`${bound}T00:00:00.000Z`) : Date.parse(bound);
}

/** Exclusive end a joinedTo names: a date includes the whole day, a timestamp is taken as given. */
export function boundEndMs(bound: string): number {
  return DATE_ONLY.test(bound) ? Date.parse(`${bound}T00:00:00.000Z`) + 86_400_000 : Date.parse(bound);
}

function checkFilter(f: FilterShape, ctx: z.RefinementCtx) {
  if (f.spaceRole && !f.spaceId) {
    ctx.addIssue({ code: 'custom', path: ['spaceRole'], message: 'needs a spaceId: the role is a role in one space' });
  }
  if (f.joinedFrom && f.joinedTo && boundStartMs(f.joinedFrom) >= boundEndMs(f.joinedTo)) {
    ctx.addIssue({ code: 'custom', path: ['joinedTo'], message: 'must be after joinedFrom' });
  }
}

export const memberFilter = z.strictObject(memberFilterShape).superRefine(checkFilter);
export type MemberFilter = z.infer<typeof memberFilter>;

export const memberSort = z
  .strictObject({
    field: z.enum(MEMBER_SORT_FIELDS),
    /** Defaults: names and emails A→Z, dates newest first. */
    direction: z.enum(SORT_DIRECTIONS).optional(),
  })
  .transform((s) => ({
    field: s.field,
    direction: s.direction ?? (s.field === 'name' || s.field === 'email' ? 'asc' : 'desc'),
  }));
export type MemberSort = z.output<typeof memberSort>;

/**
 * The seed's members.list input {page, limit, search, role}, plus the member filter, a saved
 * segment (its filter applies as well), a sort, and a cursor. With a cursor (the nextCursor of an
 * earlier page of the same sort) the page starts after that row and `page` is not used: it costs
 * the same at any depth, where a page number costs more the deeper it is.
 */
export const listMembersInput = z
  .strictObject({
    ...memberFilterShape,
    segmentId: segmentIdSchema.optional(),
    page: z.number().int('must be a whole number').min(1, 'must be 1 or more').default(1),
    limit: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1 or more')
      .max(200, 'must be at most 200')
      .default(20),
    sort: memberSort.optional(),
    cursor: z.string().min(1).max(2000, 'is not a cursor this list gave out').optional(),
  })
  .superRefine(checkFilter);
export type ListMembersInput = z.input<typeof listMembersInput>;
export type ListMembersQuery = z.output<typeof listMembersInput>;

/** members.count: the exact number of members a members.list filter (and segment) selects. */
export const countMembersInput = z
  .strictObject({ ...memberFilterShape, segmentId: segmentIdSchema.optional() })
  .superRefine(checkFilter);
export type CountMembersInput = z.input<typeof countMembersInput>;

export const getMemberInput = z.strictObject({ userId: userIdSchema });
export type GetMemberInput = z.input<typeof getMemberInput>;

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

export interface MemberListItem {
  userId: string;
  membershipId: string;
  name: string;
  email: string;
  avatarUrl: string | null;
  role: Role;
  joinSource: JoinSource;
  joinedAt: string;
  lastActiveAt: string | null;
  subscriptionStatus: SubscriptionStatus | null;
  isComped: boolean;
  compedUntil: string | null;
  tier: MemberTier;
  isFreeMember: boolean;
}

export interface MemberListPage {
  items: MemberListItem[];
  /** Members matching the filter: exact, unless totalIsEstimate. */
  total: number;
  /**
   * The total is an estimate ("about 120,000"): a search over many members is not counted before
   * its first page is shown. members.count gives the exact figure.
   */
  totalIsEstimate: boolean;
  /** The rows are ranked for the search: an exact email first, then names starting with it, then the sort. */
  ranked: boolean;
  /** The page asked for, or null when the page was read from a cursor. */
  page: number | null;
  limit: number;
  pageCount: number;
  /** Pass as `cursor` (with the same sort) for the next page; null when this is the last one. */
  nextCursor: string | null;
}

export interface MemberSubscriptionEvent {
  id: string;
  kind: string;
  status: string;
  amountMinor: number;
  occurredAt: string;
}

export interface MemberSubscription {
  id: string;
  provider: PaymentProvider;
  status: SubscriptionStatus;
  packageId: string | null;
  packageName: string | null;
  amountMinor: number;
  currency: string;
  interval: string;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  startedAt: string;
  canceledAt: string | null;
  /** Oldest first. */
  history: MemberSubscriptionEvent[];
}

export type MemberTimelineKind =
  | 'joined'
  | 'left'
  | 'subscription'
  | 'role_changed'
  | 'change'
  | 'campaign'
  | 'post'
  | 'comment';

export interface MemberTimelineEntry {
  /** Unique within the timeline: the kind and the id of the row it came from. */
  id: string;
  at: string;
  kind: MemberTimelineKind;
  /** One sentence an owner can read: "Chidi Wilson started Founders Circle at $39/month". */
  summary: string;
  /** The row it came from, for a drawer to link to (subscription, campaign, post, audit entry). */
  ref: { type: 'membership' | 'subscription' | 'audit' | 'campaign' | 'post' | 'comment'; id: string };
  /** A few plain facts, worded: `{by: 'Ada Obi'}`, `{package, price: '$39/month', status}`, `{said}`. */
  details?: Record<string, string>;
}

export interface MemberDetail {
  /** consoleOwner: the console owner, who is never demoted, removed or erased (the drawer says so). */
  profile: { id: string; name: string; email: string; avatarUrl: string | null; erased: boolean; consoleOwner: boolean };
  membership: {
    id: string;
    role: Role;
    joinSource: JoinSource;
    status: MembershipStatus;
    joinedAt: string;
    lastActiveAt: string | null;
    leftAt: string | null;
    subscriptionStatus: SubscriptionStatus | null;
    isComped: boolean;
    compedUntil: string | null;
    tier: MemberTier;
    isFreeMember: boolean;
  };
  subscriptions: MemberSubscription[];
  groups: { id: string; name: string; addedAt: string }[];
  spaces: { id: string; name: string; type: SpaceType; role: SpaceRole; joinedAt: string }[];
  /** Newest first. */
  timeline: MemberTimelineEntry[];
  /** True when older timeline entries were left off (the timeline keeps the newest ones). */
  timelineTruncated: boolean;
}
