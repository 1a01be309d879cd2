import type { Generated } from 'kysely';
import type { PostStatus, SpaceRole, SpaceType } from '@shared/domain';
import type { TablesOf } from '../../platform/db/table-columns';

// Tables of the community area (groups, spaces and their content), as the row types Kysely sees (camelCase; the database names are snake_case).

export interface GroupsTable {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  createdAt: string;
}

export interface GroupMembersTable {
  groupId: string;
  userId: string;
  addedAt: string;
}

export interface SpacesTable {
  id: string;
  tenantId: string;
  groupId: string | null;
  name: string;
  type: SpaceType;
  createdAt: string;
  description: string | null;
  visibility: Generated<SpaceVisibility>;
  position: Generated<number>;
  archivedAt: string | null;
  updatedAt: string | null;
}

/** Who can see a space: everyone in the community, or members of the groups in space_groups. */
export type SpaceVisibility = 'everyone' | 'groups';

export interface SpaceGroupsTable {
  spaceId: string;
  groupId: string;
}

export interface SpaceMembersTable {
  spaceId: string;
  userId: string;
  role: SpaceRole;
  joinedAt: string;
}

export interface PostsTable {
  id: string;
  tenantId: string;
  spaceId: string;
  authorId: string | null;
  title: string;
  content: string;
  status: PostStatus;
  scheduledAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  pinnedAt: string | null;
  /** Hidden by a moderator: members no longer see it; moderators still do. */
  hiddenAt: string | null;
  /** A system post (createSystemPost) exists once per (tenant, key). */
  dedupeKey: string | null;
}

export interface CommentsTable {
  id: string;
  postId: string;
  authorId: string | null;
  content: string;
  createdAt: string;
  /** The comment this one replies to (one level: a reply has no replies). */
  parentId: string | null;
  hiddenAt: string | null;
  archivedAt: string | null;
}

export type ReportTargetType = 'post' | 'comment';
export type ReportResolution = 'hidden' | 'archived' | 'restored' | 'dismissed';

/** The moderation queue: a member's report, or an automatic flag, on a post or a comment. */
export interface ContentReportsTable {
  id: string;
  tenantId: string;
  spaceId: string;
  postId: string;
  commentId: string | null;
  targetType: ReportTargetType;
  targetId: string;
  source: 'report' | 'flag';
  reporterId: string | null;
  reason: string;
  status: Generated<'open' | 'resolved'>;
  resolution: ReportResolution | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

export interface ReactionsTable {
  id: string;
  postId: string;
  userId: string;
  kind: Generated<string>;
  createdAt: string;
}

export interface CommunityTables {
  groups: GroupsTable;
  groupMembers: GroupMembersTable;
  spaces: SpacesTable;
  spaceGroups: SpaceGroupsTable;
  spaceMembers: SpaceMembersTable;
  posts: PostsTable;
  comments: CommentsTable;
  reactions: ReactionsTable;
  contentReports: ContentReportsTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const COMMUNITY_TABLES: TablesOf<CommunityTables> = {
  groups: { id: true, tenantId: true, name: true, description: true, createdAt: true },
  groupMembers: { groupId: true, userId: true, addedAt: true },
  spaces: {
    id: true, tenantId: true, groupId: true, name: true, type: true, createdAt: true, description: true, visibility: true, position: true, archivedAt: true,
    updatedAt: true,
  },
  spaceGroups: { spaceId: true, groupId: true },
  spaceMembers: { spaceId: true, userId: true, role: true, joinedAt: true },
  posts: {
    id: true, tenantId: true, spaceId: true, authorId: true, title: true, content: true, status: true, scheduledAt: true, publishedAt: true,
    createdAt: true, updatedAt: true, pinnedAt: true, hiddenAt: true, dedupeKey: true,
  },
  comments: { id: true, postId: true, authorId: true, content: true, createdAt: true, parentId: true, hiddenAt: true, archivedAt: true },
  reactions: { id: true, postId: true, userId: true, kind: true, createdAt: true },
  contentReports: {
    id: true, tenantId: true, spaceId: true, postId: true, commentId: true, targetType: true, targetId: true, source: true, reporterId: true, reason: true,
    status: true, resolution: true, resolvedBy: true, resolvedAt: true, createdAt: true,
  },
};
