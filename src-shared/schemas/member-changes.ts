import { z } from 'zod';
import { ROLES, SPACE_ROLES, type Role, type SpaceRole } from '../domain';
import { CONTROL_CHARS_MESSAGE, emailSchema, hasNoControlChars, idSchema } from './common';
import { EXPORT_COLUMNS } from './member-import';
import { memberFilter, segmentIdSchema, userIdSchema } from './members';

// Inputs and outputs of the members.* procedures that change members, one at a time or in bulk.

export const groupIdSchema = idSchema('group');
export const spaceIdSchema = idSchema('space');
const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-12-31T00:00:00Z' });

export const inviteMemberInput = z.strictObject({
  email: emailSchema,
  name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters').refine(hasNoControlChars, CONTROL_CHARS_MESSAGE).optional(),
  role: z.enum(ROLES).default('MEMBER'),
  groupIds: z.array(groupIdSchema).max(50, 'must name at most 50 groups').default([]),
  /** How long the link stays valid. */
  expiresInDays: z.number().int().min(1, 'must be 1 or more').max(90, 'must be at most 90').default(7),
});
export type InviteMemberInput = z.input<typeof inviteMemberInput>;

export const acceptInviteInput = z.strictObject({
  token: z.string().trim().min(16, 'is not an invite token').max(200, 'is not an invite token'),
  /** The invitee's name, when the invite did not carry one (or they prefer another). */
  name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters').refine(hasNoControlChars, CONTROL_CHARS_MESSAGE).optional(),
});
export type AcceptInviteInput = z.infer<typeof acceptInviteInput>;

export const memberRefInput = z.strictObject({ userId: userIdSchema });
export const changeRoleInput = z.strictObject({ userId: userIdSchema, role: z.enum(ROLES) });
export const setSpaceRoleInput = z.strictObject({ userId: userIdSchema, spaceId: spaceIdSchema, role: z.enum(SPACE_ROLES) });
export const groupMembershipInput = z.strictObject({ userId: userIdSchema, groupId: groupIdSchema });
export const compInput = z.strictObject({
  userId: userIdSchema,
  /** Complimentary access ends then; absent means until revoked. */
  until: isoDateTime.optional(),
});

export interface InviteCreated {
  inviteId: string;
  /** Shown once: only its hash is stored. */
  token: string;
  /** Path of the accept page; the platform's public address goes in front. */
  path: string;
  email: string;
  role: Role;
  expiresAt: string;
}

export interface InviteAccepted {
  tenantId: string;
  userId: string;
  /** joined: a new member; rejoined: a removed member came back; already_member: nothing changed. */
  outcome: 'joined' | 'rejoined' | 'already_member';
}

/** The result of a single change; changed is false when the member already was that way. */
export interface MemberChangeResult {
  userId: string;
  changed: boolean;
}
export interface RoleChangeResult extends MemberChangeResult {
  role: Role;
}
export interface SpaceRoleChangeResult extends MemberChangeResult {
  spaceId: string;
  role: SpaceRole;
}
export interface CompChangeResult extends MemberChangeResult {
  isComped: boolean;
  compedUntil: string | null;
}

// ---- bulk actions ----

export const MAX_SELECTED_USER_IDS = 10_000;

const selectedUserIds = z
  .array(userIdSchema)
  .min(1, 'must name at least one member')
  .max(MAX_SELECTED_USER_IDS, `must name at most ${MAX_SELECTED_USER_IDS} members (use a filter for more)`);

/**
 * A selection of members by id, or "everything matching": every active member matching the
 * members list's filter and/or a saved segment (both apply, as in members.list; {filter: {}} is
 * everyone).
 */
export const memberTargetSchema = z.union([
  z.strictObject({ userIds: selectedUserIds }),
  z.strictObject({ filter: memberFilter.optional(), segmentId: segmentIdSchema.optional() })
    .refine((t) => t.filter !== undefined || t.segmentId !== undefined, 'give userIds, a filter ({} for everyone) or a segmentId'),
]);
export type MemberTarget = z.infer<typeof memberTargetSchema>;

export const exportColumnsSchema = z
  .array(z.enum(EXPORT_COLUMNS))
  .min(1, 'must name at least one column')
  .refine((cols) => new Set(cols).size === cols.length, 'must not repeat a column');

export const bulkActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('add_to_group'), groupId: groupIdSchema }),
  z.strictObject({ type: z.literal('remove_from_group'), groupId: groupIdSchema }),
  z.strictObject({ type: z.literal('change_role'), role: z.enum(ROLES) }),
  z.strictObject({ type: z.literal('comp'), until: isoDateTime.optional() }),
  z.strictObject({ type: z.literal('export'), columns: exportColumnsSchema.optional() }),
  z.strictObject({ type: z.literal('remove') }),
]);
export type BulkAction = z.infer<typeof bulkActionSchema>;
export type BulkActionType = BulkAction['type'];

export const bulkStartInput = z.strictObject({ action: bulkActionSchema, target: memberTargetSchema });
export type BulkStartInput = z.infer<typeof bulkStartInput>;

export const bulkOperationIdSchema = idSchema('blk');
export const bulkRefInput = z.strictObject({ id: bulkOperationIdSchema });
export const bulkDownloadInput = z.strictObject({ id: bulkOperationIdSchema, part: z.number().int().min(0).default(0) });

export interface BulkFailure {
  userId: string;
  reason: string;
}

export interface BulkOperationView {
  id: string;
  action: BulkAction;
  status: 'pending' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  changed: number;
  unchanged: number;
  failed: number;
  /** The first failures with their reasons (at most 1,000 are kept). */
  failures: BulkFailure[];
  /** For an export: how many CSV parts members.bulk.download can fetch. */
  parts: number;
  /**
   * Once done, for an action with an inverse (groups, role): the members it changed, for an undo
   * that starts the inverse on them alone. Null otherwise, or when more changed than a selection holds.
   */
  changedUserIds: string[] | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface BulkDownloadPart {
  csv: string;
  rows: number;
  nextPart: number | null;
}

// ---- export ----

export const DEFAULT_EXPORT_PAGE = 5_000;

/**
 * A page's nextCursor: the last membership id (a filter) or user id (a selection) of that page.
 * Anything else is refused by name instead of being compared as if it were one.
 */
export const exportCursorSchema = z
  .string()
  .max(100, 'is not a cursor from a previous page of this export (pass nextCursor as it came)')
  .regex(/^(mem|user)_[a-z0-9]{1,90}$/, 'is not a cursor from a previous page of this export (pass nextCursor as it came)');

/** members.export: the members of a selection or filter as CSV, one page per call. */
export const exportMembersInput = z.strictObject({
    userIds: selectedUserIds.optional(),
    filter: memberFilter.optional(),
    segmentId: segmentIdSchema.optional(),
    columns: exportColumnsSchema.optional(),
    /** From the previous page's nextCursor; the first page carries the header row. */
    cursor: exportCursorSchema.optional(),
    limit: z.number().int().min(1, 'must be 1 or more').max(20_000, 'must be at most 20000').default(DEFAULT_EXPORT_PAGE),
  })
  .refine((i) => (i.userIds === undefined) !== (i.filter === undefined && i.segmentId === undefined), {
    message: 'give either userIds, or a filter and/or a segmentId (an empty filter exports everyone)',
    path: ['target'],
  });
export type ExportMembersInput = z.input<typeof exportMembersInput>;

export interface ExportPage {
  csv: string;
  rows: number;
  /** Pass it back for the next page; null on the last page. */
  nextCursor: string | null;
}
