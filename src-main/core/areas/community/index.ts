import type { AreaPlatform } from '../area';
import { commentService } from './comments';
import { moderationService } from './moderation';
import { postService } from './posts';
import { groupsSpacesRepository } from './repositories/groups-spaces';
import { spaceAccess } from './space-access';
import { spaceService, spacesOf } from './spaces';

export type { Actor } from './space-access';

/** What the community area needs of others: nothing yet (notifications go through its events). */
export type CommunityPorts = Record<string, never>;

/**
 * The community area (issue 13): spaces of the six types with their visibility, members and
 * moderators; posts (scheduled ones published by a durable job), comments and reactions;
 * moderation. Publishes post.published, comment.created, post.reported and space.role_changed.
 */
export function createCommunityArea(platform: AreaPlatform, _ports: CommunityPorts = {}) {
  const access = spaceAccess(platform.db);
  const readOnly = groupsSpacesRepository(platform.db);
  const posts = postService(platform, access);
  return {
    /** The tenant's groups with their sizes (pickers and filters). */
    groups: readOnly.groups,
    /** The tenant's spaces with member and moderator counts, by name (pickers and filters). */
    spaces: readOnly.spaces,
    access,
    spaceAdmin: spaceService(platform, access),
    posts,
    comments: commentService(platform, access),
    moderation: moderationService(platform, access),
    /** ports.md item 4: a post the community writes, once per dedupeKey. */
    createSystemPost: posts.createSystemPost,
    /** The non-archived spaces a member can see (all for an ADMIN), for realtime's Ably capabilities. */
    spacesOf: (input: { tenantId: string; userId: string; isAdmin?: boolean }) => spacesOf(platform.db, input.tenantId, input.userId, input.isAdmin ?? false),
  };
}
export type CommunityArea = ReturnType<typeof createCommunityArea>;
