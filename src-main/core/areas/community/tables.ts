import type { Generated } from 'kysely';
import type { PostStatus, SpaceRole, SpaceType } from '../../../../src-shared/domain';
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
}

export interface CommentsTable {
  id: string;
  postId: string;
  authorId: string | null;
  content: string;
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
  spaceMembers: SpaceMembersTable;
  posts: PostsTable;
  comments: CommentsTable;
  reactions: ReactionsTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const COMMUNITY_TABLES: TablesOf<CommunityTables> = {
  groups: { id: true, tenantId: true, name: true, description: true, createdAt: true },
  groupMembers: { groupId: true, userId: true, addedAt: true },
  spaces: { id: true, tenantId: true, groupId: true, name: true, type: true, createdAt: true },
  spaceMembers: { spaceId: true, userId: true, role: true, joinedAt: true },
  posts: {
    id: true, tenantId: true, spaceId: true, authorId: true, title: true, content: true, status: true, scheduledAt: true, publishedAt: true,
    createdAt: true, updatedAt: true,
  },
  comments: { id: true, postId: true, authorId: true, content: true, createdAt: true },
  reactions: { id: true, postId: true, userId: true, kind: true, createdAt: true },
};
