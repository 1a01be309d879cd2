import {
  createCommentInput,
  listCommentsInput,
  toggleReactionInput,
  type CommentItem,
  type CreateCommentInput,
  type ListCommentsInput,
} from '@shared/schemas/community';
import type { AreaPlatform } from '../area';
import { auditRepository } from '../../platform/audit';
import { DomainError, forbidden, invalid } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, SpaceAccess } from './space-access';
import { postNotFound } from './posts';

/**
 * The names a comment may mention: after each "@", the next one, two or three words
 * ("@Ann", "@Ann Alpha", "@Mary Ann Smith"), lower-cased. At most 20 mentions are looked at.
 */
export function mentionCandidates(text: string): string[] {
  const out = new Set<string>();
  for (const match of text.matchAll(/(?:^|[^\p{L}\p{N}_])@([\p{L}\p{N}_.'-]+(?:[ \t][\p{L}\p{N}_.'-]+){0,2})/gu)) {
    const words = match[1]!.split(/[ \t]/);
    for (let n = 1; n <= words.length; n++) out.add(words.slice(0, n).join(' ').replace(/[.,!?;:]+$/, '').toLowerCase());
    if (out.size >= 60) break;
  }
  return [...out].filter((c) => c.length > 0);
}

/** Replies shown under one comment (replies are one level deep and rarely many). */
export const REPLIES_MAX = 200;

export const commentNotFound = (commentId: string, field = 'commentId') =>
  new DomainError('NOT_FOUND', `${field}: comment ${commentId} was not found`, { field });

/** Comments (plain text, one level of replies) and reactions on posts. */
export function commentService(platform: Pick<AreaPlatform, 'db' | 'clock' | 'events' | 'push'>, access: SpaceAccess) {
  const { db, clock, events, push } = platform;

  /** The post, when the actor may see it (the same rule as posts.get). */
  async function visiblePost(actor: Actor, postId: string, field = 'postId') {
    const post = await db.selectFrom('posts').selectAll().where('id', '=', postId).where('tenantId', '=', actor.tenantId).executeTakeFirst();
    if (!post) throw postNotFound(postId, field);
    await access.requireVisible(actor, post.spaceId).catch(() => {
      throw postNotFound(postId, field);
    });
    const moderating = await access.moderatingAs(actor, post.spaceId);
    const isPublic = post.status === 'PUBLISHED' && post.hiddenAt === null;
    if (!isPublic && post.authorId !== actor.userId && !moderating) throw postNotFound(postId, field);
    return { post, moderating };
  }

  /**
   * Active members of the tenant named after an "@" (by their full name, any case) who can see the
   * post's space (the notification names the post); never the writer.
   */
  async function mentionedIn(actor: Actor, spaceId: string, text: string): Promise<string[]> {
    const candidates = mentionCandidates(text);
    if (candidates.length === 0) return [];
    const rows = await db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.userId')
      .select(['u.id', 'm.role'])
      .where('m.tenantId', '=', actor.tenantId)
      .where('m.status', '=', 'active')
      .where((eb) => eb(eb.fn('lower', ['u.name']), 'in', candidates))
      .where('u.id', '!=', actor.userId)
      .limit(50)
      .execute();
    const seeing: string[] = [];
    for (const r of rows) {
      const sees = await access
        .requireVisible({ tenantId: actor.tenantId, userId: r.id, role: r.role }, spaceId)
        .then(() => true)
        .catch(() => false);
      if (sees) seeing.push(r.id);
    }
    return [...new Set(seeing)].sort();
  }

  return {
    /**
     * A page of top-level comments, oldest first, each with its replies (at most REPLIES_MAX, oldest
     * first). A full page means there may be more: the next starts after its last comment (`cursor`).
     * Moderators also see hidden ones (marked).
     */
    async list(actor: Actor, raw: ListCommentsInput): Promise<CommentItem[]> {
      const input = listCommentsInput.parse(raw);
      const { moderating } = await visiblePost(actor, input.postId);
      const base = () => {
        let q = db
          .selectFrom('comments as c')
          .leftJoin('users as u', 'u.id', 'c.authorId')
          .select(['c.id', 'c.postId', 'c.parentId', 'c.content', 'c.createdAt', 'c.hiddenAt', 'u.id as authorId', 'u.name as authorName', 'u.avatarUrl as authorPhoto'])
          .where('c.postId', '=', input.postId)
          .where('c.archivedAt', 'is', null);
        if (!moderating) q = q.where('c.hiddenAt', 'is', null);
        return q;
      };
      let topQ = base().where('c.parentId', 'is', null);
      if (input.cursor) {
        const after = await db.selectFrom('comments').select(['id', 'createdAt']).where('id', '=', input.cursor).where('postId', '=', input.postId).where('parentId', 'is', null).executeTakeFirst();
        if (!after) throw invalid('cursor', 'is not a top-level comment of this post');
        topQ = topQ.where((eb) => eb.or([eb('c.createdAt', '>', after.createdAt), eb.and([eb('c.createdAt', '=', after.createdAt), eb('c.id', '>', after.id)])]));
      }
      const topRows = await topQ.orderBy('c.createdAt').orderBy('c.id').limit(input.limit).execute();
      const replyRows = topRows.length === 0 ? [] : await base().where('c.parentId', 'in', topRows.map((r) => r.id)).orderBy('c.createdAt').orderBy('c.id').limit(REPLIES_MAX * topRows.length).execute();
      const item = (r: (typeof topRows)[number]): CommentItem => ({
        id: r.id,
        postId: r.postId,
        parentId: r.parentId,
        content: r.content,
        author: r.authorId ? { id: r.authorId, name: r.authorName ?? '', profilePhotoUrl: r.authorPhoto ?? null } : null,
        createdAt: r.createdAt,
        hidden: r.hiddenAt !== null,
        replies: [],
      });
      const top = topRows.map(item);
      const byId = new Map(top.map((c) => [c.id, c]));
      for (const r of replyRows) {
        const parent = byId.get(r.parentId!);
        if (parent && parent.replies.length < REPLIES_MAX) parent.replies.push(item(r));
      }
      return top;
    },

    /** A comment on a published post, or a reply to a top-level comment (replies have no replies). */
    async create(actor: Actor, raw: CreateCommentInput): Promise<CommentItem> {
      const input = createCommentInput.parse(raw);
      const { post } = await visiblePost(actor, input.postId);
      if (post.status !== 'PUBLISHED') throw invalid('postId', 'comments open once the post is published');
      let parentAuthorId: string | null = null;
      if (input.parentId) {
        const parent = await db.selectFrom('comments').select(['id', 'postId', 'parentId', 'authorId', 'archivedAt']).where('id', '=', input.parentId).executeTakeFirst();
        if (!parent || parent.postId !== post.id || parent.archivedAt) throw commentNotFound(input.parentId, 'parentId');
        if (parent.parentId) throw invalid('parentId', 'replies go one level deep: reply to the top-level comment instead');
        parentAuthorId = parent.authorId;
      }
      const mentionedUserIds = await mentionedIn(actor, post.spaceId, input.content);
      const now = clock.nowIso();
      const row = { id: newId('comment'), postId: post.id, authorId: actor.userId, content: input.content, createdAt: now, parentId: input.parentId ?? null, hiddenAt: null, archivedAt: null };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('comments').values(row).execute();
        await events.publish(trx, {
          type: 'comment.created',
          tenantId: actor.tenantId,
          data: {
            commentId: row.id,
            postId: post.id,
            spaceId: post.spaceId,
            authorId: actor.userId,
            parentId: row.parentId,
            postAuthorId: post.authorId,
            parentAuthorId,
            mentionedUserIds,
          },
        });
      });
      push.changed(actor.tenantId, 'community', post.id);
      const author = await db.selectFrom('users').select(['id', 'name', 'avatarUrl']).where('id', '=', actor.userId).executeTakeFirst();
      return {
        id: row.id,
        postId: row.postId,
        parentId: row.parentId,
        content: row.content,
        author: author ? { id: author.id, name: author.name, profilePhotoUrl: author.avatarUrl } : null,
        createdAt: now,
        hidden: false,
        replies: [],
      };
    },

    /** By its author, a moderator of the space or an ADMIN; its replies go with it. */
    async delete(actor: Actor, commentId: string): Promise<{ deleted: true }> {
      const row = await db
        .selectFrom('comments as c')
        .innerJoin('posts as p', 'p.id', 'c.postId')
        .select(['c.id', 'c.authorId', 'c.content', 'p.spaceId', 'p.id as postId'])
        .where('c.id', '=', commentId)
        .where('p.tenantId', '=', actor.tenantId)
        .executeTakeFirst();
      if (!row) throw commentNotFound(commentId);
      if (row.authorId !== actor.userId) {
        await access.requireVisible(actor, row.spaceId).catch(() => {
          throw commentNotFound(commentId);
        });
        if (!(await access.moderatingAs(actor, row.spaceId))) throw forbidden('only the author, a moderator of this space or an ADMIN may delete this comment');
      }
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('comments').where('id', '=', row.id).execute();
        await auditRepository(trx).record({ tenantId: actor.tenantId, actorUserId: actor.userId, action: 'comment.deleted', targetType: 'comment', targetId: row.id, before: { postId: row.postId, authorId: row.authorId, content: row.content }, at: clock.nowIso() });
      });
      push.changed(actor.tenantId, 'community', row.postId);
      return { deleted: true };
    },

    /** Adds the actor's reaction, or takes it back when it is there; answers the new state and count. */
    async toggleReaction(actor: Actor, raw: { postId: string; kind?: string }): Promise<{ reacted: boolean; count: number }> {
      const input = toggleReactionInput.parse(raw);
      const { post } = await visiblePost(actor, input.postId);
      if (post.status !== 'PUBLISHED') throw invalid('postId', 'reactions open once the post is published');
      const reacted = await db.transaction().execute(async (trx) => {
        const gone = await trx.deleteFrom('reactions').where('postId', '=', post.id).where('userId', '=', actor.userId).where('kind', '=', input.kind).executeTakeFirst();
        if (Number(gone.numDeletedRows) > 0) return false;
        await trx
          .insertInto('reactions')
          .values({ id: newId('reaction'), postId: post.id, userId: actor.userId, kind: input.kind, createdAt: clock.nowIso() })
          .onConflict((oc) => oc.columns(['postId', 'userId', 'kind']).doNothing())
          .execute();
        return true;
      });
      const count = await db.selectFrom('reactions').select((eb) => eb.fn.count<number>('userId').distinct().as('c')).where('postId', '=', post.id).executeTakeFirstOrThrow();
      push.changed(actor.tenantId, 'community', post.id);
      return { reacted, count: Number(count.c) };
    },
  };
}
export type CommentService = ReturnType<typeof commentService>;
