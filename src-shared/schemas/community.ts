import { z } from 'zod';
import { POST_STATUSES, SPACE_ROLES, SPACE_TYPES, type PostStatus, type SpaceRole, type SpaceType } from '../domain';
import { CONTROL_CHARS_MESSAGE, hasNoControlCharsButLines, idSchema, nameSchema } from './common';

// Community (issue 13): spaces, posts, comments, reactions and moderation. Names and shapes follow
// the seed's "Content & Posts" and "Space Types" (posts.create / posts.list).

export const SPACE_NAME_MAX = 80;
export const SPACE_DESCRIPTION_MAX = 500;
export const POST_TITLE_MAX = 200;
export const POST_CONTENT_MAX = 100_000;
export const COMMENT_MAX = 5_000;
export const REPORT_REASON_MAX = 500;
export const POSTS_PAGE_MAX = 100;

export const SPACE_VISIBILITIES = ['everyone', 'groups'] as const;
export type SpaceVisibility = (typeof SPACE_VISIBILITIES)[number];

const spaceId = idSchema('space');
const postId = idSchema('post');
const commentId = idSchema('cmt');
const userId = idSchema('user');
const groupId = idSchema('group');

const description = z
  .string()
  .trim()
  .max(SPACE_DESCRIPTION_MAX, `must be at most ${SPACE_DESCRIPTION_MAX} characters`)
  .refine(hasNoControlCharsButLines, CONTROL_CHARS_MESSAGE);
const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time, e.g. 2026-04-15T09:00:00Z' });

export const createSpaceInput = z.strictObject({
  name: nameSchema(SPACE_NAME_MAX),
  type: z.enum(SPACE_TYPES, { error: `must be one of ${SPACE_TYPES.join(', ')}` }),
  description: description.optional(),
  visibility: z.enum(SPACE_VISIBILITIES, { error: 'must be everyone or groups' }).default('everyone'),
  groupIds: z.array(groupId).max(50, 'at most 50 groups').default([]),
});
export type CreateSpaceInput = z.input<typeof createSpaceInput>;

export const updateSpaceInput = z.strictObject({
  spaceId,
  name: nameSchema(SPACE_NAME_MAX).optional(),
  description: description.nullable().optional(),
  visibility: z.enum(SPACE_VISIBILITIES, { error: 'must be everyone or groups' }).optional(),
  groupIds: z.array(groupId).max(50, 'at most 50 groups').optional(),
});
export type UpdateSpaceInput = z.input<typeof updateSpaceInput>;

export const spaceIdInput = z.strictObject({ spaceId });
export const reorderSpacesInput = z.strictObject({ spaceIds: z.array(spaceId).min(1, 'name at least one space').max(500) });
export const setSpaceMemberRoleInput = z.strictObject({
  spaceId,
  userId,
  /** null removes the member from the space. */
  role: z.enum(SPACE_ROLES, { error: 'must be MEMBER, MODERATOR or null' }).nullable(),
});
export type SetSpaceMemberRoleInput = z.input<typeof setSpaceMemberRoleInput>;

const postTitle = nameSchema(POST_TITLE_MAX);
const postContent = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be text') })
  .max(POST_CONTENT_MAX, `must be at most ${POST_CONTENT_MAX} characters`);
const postStatus = z.enum(POST_STATUSES, { error: `must be one of ${POST_STATUSES.join(', ')}` });

export const createPostInput = z.strictObject({
  spaceId,
  title: postTitle,
  content: postContent,
  status: postStatus.default('PUBLISHED'),
  /** Required for SCHEDULED: when it goes out. */
  scheduledAt: isoTime.optional(),
});
export type CreatePostInput = z.input<typeof createPostInput>;

export const updatePostInput = z.strictObject({
  postId,
  title: postTitle.optional(),
  content: postContent.optional(),
  status: postStatus.optional(),
  scheduledAt: isoTime.nullable().optional(),
});
export type UpdatePostInput = z.input<typeof updatePostInput>;

export const postIdInput = z.strictObject({ postId });
export const pinPostInput = z.strictObject({ postId, pinned: z.boolean() });

export const listPostsInput = z.strictObject({
  spaceId,
  limit: z.number().int().min(1, 'must be at least 1').max(POSTS_PAGE_MAX, `must be at most ${POSTS_PAGE_MAX}`).default(20),
  /** The last post id of the previous page (the seed's `cursor: lastPostId`). */
  cursor: postId.nullish(),
  status: postStatus.optional(),
  /** Sent by tRPC's infinite queries; pages always go from newest to oldest. */
  direction: z.enum(['forward', 'backward']).optional(),
});
export type ListPostsInput = z.input<typeof listPostsInput>;

/** Top-level comments per page (each with its replies); the UI asks for more with the last one's id. */
export const COMMENTS_PAGE_MAX = 100;
export const listCommentsInput = z.strictObject({
  postId,
  limit: z.number().int().min(1).max(COMMENTS_PAGE_MAX).default(50),
  /** The last top-level comment id of the previous page: the page goes on after it (oldest first). */
  cursor: z.string().trim().min(1).max(100).nullish(),
  /** Sent by tRPC's infinite queries; pages always go from oldest to newest. */
  direction: z.enum(['forward', 'backward']).optional(),
});
export type ListCommentsInput = z.input<typeof listCommentsInput>;
export const createCommentInput = z.strictObject({
  postId,
  content: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(COMMENT_MAX, `must be at most ${COMMENT_MAX} characters`)
    .refine(hasNoControlCharsButLines, CONTROL_CHARS_MESSAGE),
  /** Replies to this top-level comment (one level of replies). */
  parentId: commentId.optional(),
});
export type CreateCommentInput = z.input<typeof createCommentInput>;
export const commentIdInput = z.strictObject({ commentId });

/** The reactions a member can give a post (the UI gives `like`); a post's count is the people who reacted. */
export const REACTION_KINDS = ['like', 'love', 'laugh', 'wow', 'sad', 'celebrate'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];

export const toggleReactionInput = z.strictObject({
  postId,
  kind: z.enum(REACTION_KINDS, { error: `must be one of ${REACTION_KINDS.join(', ')}` }).default('like'),
});

export const REPORT_TARGET_TYPES = ['post', 'comment'] as const;
export type ReportTargetType = (typeof REPORT_TARGET_TYPES)[number];
const targetType = z.enum(REPORT_TARGET_TYPES, { error: 'must be post or comment' });
const targetId = z.string().regex(/^(post|cmt)_[a-z0-9]{8,32}$/, 'must be a post or comment id');

export const reportInput = z.strictObject({
  targetType,
  targetId,
  reason: z
    .string()
    .trim()
    .min(1, 'say what is wrong')
    .max(REPORT_REASON_MAX, `must be at most ${REPORT_REASON_MAX} characters`)
    .refine(hasNoControlCharsButLines, CONTROL_CHARS_MESSAGE),
});
export type ReportInput = z.input<typeof reportInput>;

export const moderationQueueInput = z.strictObject({ spaceId: spaceId.optional() }).default({});
export const moderationActionInput = z.strictObject({
  targetType,
  targetId,
  note: z.string().trim().max(REPORT_REASON_MAX, `must be at most ${REPORT_REASON_MAX} characters`).optional(),
});
export type ModerationActionInput = z.input<typeof moderationActionInput>;

// ---- What the procedures answer ----

export interface SpaceDetails {
  id: string;
  name: string;
  type: SpaceType;
  description: string | null;
  visibility: SpaceVisibility;
  groupIds: string[];
  position: number;
  archivedAt: string | null;
  memberCount: number;
  moderatorCount: number;
  postCount: number;
  openReports: number;
}

export interface MySpace {
  id: string;
  name: string;
  type: SpaceType;
  description: string | null;
  /** The caller's role in the space; null when they see it as everyone does (or as an ADMIN). */
  myRole: SpaceRole | null;
  /** A moderator of this space or an ADMIN of the community. */
  canModerate: boolean;
}

export interface SpaceMemberRow {
  userId: string;
  name: string;
  email: string;
  role: SpaceRole;
  joinedAt: string;
}

export interface PostAuthor {
  id: string;
  name: string;
  profilePhotoUrl: string | null;
}

/** One post as posts.list answers it (the seed's shape, plus what the console shows). */
export interface PostItem {
  id: string;
  spaceId: string;
  title: string;
  content: string;
  status: PostStatus;
  author: PostAuthor | null;
  _count: { Reaction: number; Comment: number };
  createdAt: string;
  updatedAt: string;
  scheduledAt: string | null;
  publishedAt: string | null;
  pinned: boolean;
  hidden: boolean;
  /** Whether the caller reacted with "like". */
  reacted: boolean;
}

export interface PostPage {
  items: PostItem[];
  nextCursor: string | null;
}

export interface CommentItem {
  id: string;
  postId: string;
  parentId: string | null;
  content: string;
  author: PostAuthor | null;
  createdAt: string;
  hidden: boolean;
  replies: CommentItem[];
}

export type ModerationState = 'visible' | 'hidden' | 'archived';

export interface QueueReport {
  id: string;
  source: 'report' | 'flag';
  reason: string;
  reporter: { id: string; name: string } | null;
  createdAt: string;
}

export interface QueueItem {
  targetType: ReportTargetType;
  targetId: string;
  postId: string;
  spaceId: string;
  spaceName: string;
  /** The post's title (for a comment: the post it is on). */
  postTitle: string;
  /** The reported text, as plain words, shortened. */
  excerpt: string;
  author: { id: string; name: string } | null;
  state: ModerationState;
  reports: QueueReport[];
  firstReportedAt: string;
}
