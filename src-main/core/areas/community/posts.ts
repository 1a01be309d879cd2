import type { Kysely } from 'kysely';
import type { PostStatus } from '@shared/domain';
import {
  createPostInput,
  listPostsInput,
  pinPostInput,
  updatePostInput,
  POST_TITLE_MAX,
  type CreatePostInput,
  type ListPostsInput,
  type PostItem,
  type PostPage,
  type UpdatePostInput,
} from '@shared/schemas/community';
import type { AreaPlatform } from '../area';
import { auditRepository } from '../../platform/audit';
import type { Database } from '../../platform/db/schema';
import { DomainError, forbidden, invalid } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { PermanentFailure } from '../../platform/jobs/backoff';
import { enqueueJob } from '../../platform/jobs/queue';
import { sanitizeOwnerHtml } from '../../platform/html/sanitize';
import { spaceNotFound, type Actor, type SpaceAccess } from './space-access';

export const PUBLISH_SCHEDULED_JOB = 'community.post.publish';

interface PublishJob {
  tenantId: string;
  postId: string;
  scheduledAt: string;
}

export const postNotFound = (postId: string, field = 'postId') => new DomainError('NOT_FOUND', `${field}: post ${postId} was not found`, { field });

// What the sanitiser removes and an owner never meant to publish: scripts, inline event handlers,
// javascript: links. When the submitted HTML had any, the post is flagged for moderators.
const UNSAFE_HTML = /<\s*script\b|<[^>]*\son[a-z]+\s*=|javascript\s*:|<\s*iframe\b|<\s*object\b/i;

/** Post HTML as stored: sanitised like campaign HTML; `unsafe` says something dangerous was removed. */
export function cleanPostHtml(html: string): { html: string; unsafe: boolean } {
  const clean = sanitizeOwnerHtml(html);
  return { html: clean, unsafe: clean !== html && UNSAFE_HTML.test(html) };
}

/** Reports have no prefix of their own in platform/ids.ts: `rpt_` and the same cuid-like tail. */
export const newReportId = () => `rpt_${newId('audit').slice('aud_'.length)}`;

const FLAG_REASON = 'Its HTML had a script, an event handler or a javascript: link; they were removed before saving.';

/** ISO time normalised to UTC with milliseconds, so it compares as text with the clock's. */
const normalizeIso = (iso: string) => new Date(iso).toISOString();

export function postService(platform: Pick<AreaPlatform, 'db' | 'clock' | 'events' | 'push' | 'jobs'>, access: SpaceAccess) {
  const { db, clock, events, push, jobs } = platform;

  async function postOfTenant(trx: Kysely<Database>, tenantId: string, postId: string) {
    const post = await trx.selectFrom('posts').selectAll().where('id', '=', postId).where('tenantId', '=', tenantId).executeTakeFirst();
    if (!post) throw postNotFound(postId);
    return post;
  }

  /** The post, when the actor may see it: in a space they see, and published and not hidden, or theirs, or they moderate. */
  async function requireVisiblePost(actor: Actor, postId: string, field = 'postId') {
    const post = await postOfTenant(db, actor.tenantId, postId).catch(() => {
      throw postNotFound(postId, field);
    });
    await access.requireVisible(actor, post.spaceId).catch(() => {
      throw postNotFound(postId, field);
    });
    const mine = post.authorId === actor.userId;
    const moderating = await access.moderatingAs(actor, post.spaceId);
    const public_ = post.status === 'PUBLISHED' && post.hiddenAt === null;
    if (!public_ && !mine && !moderating) throw postNotFound(postId, field);
    return { post, moderating, mine };
  }

  /**
   * Author, moderator of the space, or ADMIN; others are refused. The author too must still see the
   * space (a space they left or lost access to looks like none).
   */
  async function requireEditor(actor: Actor, postId: string) {
    const post = await postOfTenant(db, actor.tenantId, postId);
    const space = await access.requireVisible(actor, post.spaceId).catch(() => {
      throw postNotFound(postId);
    });
    const moderating = await access.moderatingAs(actor, post.spaceId);
    if (post.authorId !== actor.userId && !moderating) throw forbidden('only the author, a moderator of this space or an ADMIN may change this post');
    return { post, space, moderating };
  }

  /**
   * Whether a moderator's decision holds the post: hidden (only moderation hides), or archived by
   * moderation.archive (an audit entry at or after the post's last change) rather than by its author.
   */
  async function heldByModeration(post: { id: string; status: PostStatus; hiddenAt: string | null; updatedAt: string }): Promise<'hidden' | 'archived' | null> {
    if (post.hiddenAt !== null) return 'hidden';
    if (post.status !== 'ARCHIVED') return null;
    const entry = await db
      .selectFrom('auditLog')
      .select('id')
      .where('targetType', '=', 'post')
      .where('targetId', '=', post.id)
      .where('action', '=', 'moderation.archive')
      .where('createdAt', '>=', post.updatedAt)
      .executeTakeFirst();
    return entry ? 'archived' : null;
  }

  async function scheduleJob(trx: Kysely<Database>, tenantId: string, postId: string, scheduledAt: string) {
    await enqueueJob(trx, clock, {
      kind: PUBLISH_SCHEDULED_JOB,
      payload: { tenantId, postId, scheduledAt } satisfies PublishJob,
      runAt: scheduledAt,
      dedupeKey: `community.post.publish:${postId}:${scheduledAt}`,
      tenantId,
    });
  }

  async function announce(trx: Kysely<Database>, post: { id: string; tenantId: string; spaceId: string; authorId: string | null; title: string }) {
    await events.publish(trx, { type: 'post.published', tenantId: post.tenantId, data: { postId: post.id, spaceId: post.spaceId, authorId: post.authorId, title: post.title } });
  }

  async function flagUnsafe(trx: Kysely<Database>, post: { id: string; tenantId: string; spaceId: string }) {
    const open = await trx.selectFrom('contentReports').select('id').where('targetId', '=', post.id).where('source', '=', 'flag').where('status', '=', 'open').executeTakeFirst();
    if (open) return;
    const id = newReportId();
    await trx
      .insertInto('contentReports')
      .values({ id, tenantId: post.tenantId, spaceId: post.spaceId, postId: post.id, commentId: null, targetType: 'post', targetId: post.id, source: 'flag', reporterId: null, reason: FLAG_REASON, resolution: null, resolvedBy: null, resolvedAt: null, createdAt: clock.nowIso() })
      .execute();
    await events.publish(trx, {
      type: 'post.reported',
      tenantId: post.tenantId,
      data: { reportId: id, targetType: 'post', targetId: post.id, postId: post.id, spaceId: post.spaceId, reporterId: null, reason: FLAG_REASON },
    });
  }

  function checkSchedule(status: PostStatus, scheduledAt: string | null | undefined): string | null {
    if (status !== 'SCHEDULED') {
      if (scheduledAt) throw invalid('scheduledAt', 'only a SCHEDULED post has a publishing time');
      return null;
    }
    if (!scheduledAt) throw invalid('scheduledAt', 'is required for a SCHEDULED post');
    const at = normalizeIso(scheduledAt);
    if (at <= clock.nowIso()) throw invalid('scheduledAt', 'must be in the future');
    return at;
  }

  async function itemsOf(actor: Actor, ids: string[]): Promise<PostItem[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('posts as p')
      .leftJoin('users as u', 'u.id', 'p.authorId')
      .select((eb) => [
        'p.id',
        'p.spaceId',
        'p.title',
        'p.content',
        'p.status',
        'p.createdAt',
        'p.updatedAt',
        'p.scheduledAt',
        'p.publishedAt',
        'p.pinnedAt',
        'p.hiddenAt',
        'u.id as authorId',
        'u.name as authorName',
        'u.avatarUrl as authorPhoto',
        // People who reacted, not reactions: one member giving every kind counts once.
        eb.selectFrom('reactions as r').select((e) => e.fn.count<number>('r.userId').distinct().as('c')).whereRef('r.postId', '=', 'p.id').as('reactionCount'),
        eb
          .selectFrom('comments as c')
          .select((e) => e.fn.countAll<number>().as('c'))
          .whereRef('c.postId', '=', 'p.id')
          .where('c.hiddenAt', 'is', null)
          .where('c.archivedAt', 'is', null)
          .as('commentCount'),
        eb
          .selectFrom('reactions as mine')
          .select((e) => e.fn.countAll<number>().as('c'))
          .whereRef('mine.postId', '=', 'p.id')
          .where('mine.userId', '=', actor.userId)
          .where('mine.kind', '=', 'like')
          .as('reactedCount'),
      ])
      .where('p.id', 'in', ids)
      .execute();
    const byId = new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          spaceId: r.spaceId,
          title: r.title,
          content: r.content,
          status: r.status,
          author: r.authorId ? { id: r.authorId, name: r.authorName ?? '', profilePhotoUrl: r.authorPhoto ?? null } : null,
          _count: { Reaction: Number(r.reactionCount ?? 0), Comment: Number(r.commentCount ?? 0) },
          createdAt: r.createdAt,
          updatedAt: r.updatedAt,
          scheduledAt: r.scheduledAt,
          publishedAt: r.publishedAt,
          pinned: r.pinnedAt !== null,
          hidden: r.hiddenAt !== null,
          reacted: Number(r.reactedCount ?? 0) > 0,
        } satisfies PostItem,
      ]),
    );
    return ids.map((id) => byId.get(id)).filter((p): p is PostItem => p !== undefined);
  }

  async function one(actor: Actor, postId: string): Promise<PostItem> {
    const [item] = await itemsOf(actor, [postId]);
    if (!item) throw postNotFound(postId);
    return item;
  }

  /** Publishes a scheduled post when its time has come (the job's handler; a moved or cancelled schedule makes it a no-op). */
  async function publishDue(job: PublishJob): Promise<boolean> {
    const published = await db.transaction().execute(async (trx) => {
      const post = await trx.selectFrom('posts').selectAll().where('id', '=', job.postId).where('tenantId', '=', job.tenantId).executeTakeFirst();
      if (!post || post.status !== 'SCHEDULED' || post.scheduledAt !== job.scheduledAt) return false;
      if (post.scheduledAt > clock.nowIso()) throw new Error(`post ${post.id} is due at ${post.scheduledAt}, not yet`);
      const now = clock.nowIso();
      await trx.updateTable('posts').set({ status: 'PUBLISHED', publishedAt: post.scheduledAt, updatedAt: now }).where('id', '=', post.id).execute();
      await announce(trx, post);
      return true;
    });
    if (published) push.changed(job.tenantId, 'community', job.postId);
    return published;
  }

  jobs.register(PUBLISH_SCHEDULED_JOB, async (payload) => {
    const job = payload as PublishJob;
    if (!job?.postId || !job.tenantId || !job.scheduledAt) throw new PermanentFailure('a scheduled-post job without postId, tenantId and scheduledAt');
    await publishDue(job);
  });

  return {
    publishDue,

    /** posts.list: a page of a space's posts, pinned first, newest first; `nextCursor` is the last post's id. */
    async list(actor: Actor, raw: ListPostsInput): Promise<PostPage> {
      const input = listPostsInput.parse(raw);
      await access.requireVisible(actor, input.spaceId);
      const moderating = await access.moderatingAs(actor, input.spaceId);
      let q = db.selectFrom('posts as p').select(['p.id', 'p.pinnedAt', 'p.createdAt']).where('p.spaceId', '=', input.spaceId).where('p.tenantId', '=', actor.tenantId);
      if (moderating) {
        q = input.status ? q.where('p.status', '=', input.status) : q.where('p.status', '!=', 'ARCHIVED');
      } else if (input.status === 'PUBLISHED') {
        q = q.where('p.status', '=', 'PUBLISHED').where('p.hiddenAt', 'is', null);
      } else if (input.status) {
        q = q.where('p.status', '=', input.status).where('p.authorId', '=', actor.userId);
      } else {
        q = q.where((eb) =>
          eb.or([
            eb.and([eb('p.status', '=', 'PUBLISHED'), eb('p.hiddenAt', 'is', null)]),
            eb.and([eb('p.authorId', '=', actor.userId), eb('p.status', 'in', ['DRAFT', 'SCHEDULED'])]),
          ]),
        );
      }
      // Two index-friendly reads (posts_space_created_idx) instead of one sort on "pinned first": the
      // pinned posts (few) while the page is still among them, then the others, newest first.
      let cursor: { id: string; pinnedAt: string | null; createdAt: string } | undefined;
      if (input.cursor) {
        cursor = await db.selectFrom('posts').select(['id', 'pinnedAt', 'createdAt']).where('id', '=', input.cursor).where('spaceId', '=', input.spaceId).executeTakeFirst();
        if (!cursor) throw invalid('cursor', 'is not a post of this space');
      }
      const page = (pinned: boolean, after: typeof cursor, take: number) => {
        let part = pinned ? q.where('p.pinnedAt', 'is not', null) : q.where('p.pinnedAt', 'is', null);
        if (after) {
          const { createdAt, id } = after;
          part = part.where((eb) => eb.or([eb('p.createdAt', '<', createdAt), eb.and([eb('p.createdAt', '=', createdAt), eb('p.id', '<', id)])]));
        }
        return part.orderBy('p.createdAt', 'desc').orderBy('p.id', 'desc').limit(take).execute();
      };
      const want = input.limit + 1;
      const rows = !cursor || cursor.pinnedAt ? await page(true, cursor, want) : [];
      if (rows.length < want) rows.push(...(await page(false, cursor && !cursor.pinnedAt ? cursor : undefined, want - rows.length)));
      const shown = rows.slice(0, input.limit);
      return { items: await itemsOf(actor, shown.map((r) => r.id)), nextCursor: rows.length > input.limit ? (shown.at(-1)?.id ?? null) : null };
    },

    async get(actor: Actor, postId: string): Promise<PostItem> {
      await requireVisiblePost(actor, postId);
      return one(actor, postId);
    },

    /** posts.create: in a space the actor can see; PUBLISHED goes out at once, SCHEDULED at `scheduledAt`. */
    async create(actor: Actor, raw: CreatePostInput): Promise<PostItem> {
      const input = createPostInput.parse(raw);
      const space = await access.requireVisible(actor, input.spaceId);
      if (space.archivedAt) throw new DomainError('CONFLICT', 'spaceId: the space is archived; restore it to post in it', { field: 'spaceId' });
      if (input.status === 'ARCHIVED') throw invalid('status', 'a new post cannot start archived: choose DRAFT, PUBLISHED or SCHEDULED');
      const scheduledAt = checkSchedule(input.status, input.scheduledAt);
      const { html, unsafe } = cleanPostHtml(input.content);
      const now = clock.nowIso();
      const row = {
        id: newId('post'),
        tenantId: actor.tenantId,
        spaceId: input.spaceId,
        authorId: actor.userId,
        title: input.title,
        content: html,
        status: input.status,
        scheduledAt,
        publishedAt: input.status === 'PUBLISHED' ? now : null,
        createdAt: now,
        updatedAt: now,
        pinnedAt: null,
        hiddenAt: null,
        dedupeKey: null,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('posts').values(row).execute();
        if (row.status === 'PUBLISHED') await announce(trx, row);
        if (scheduledAt) await scheduleJob(trx, actor.tenantId, row.id, scheduledAt);
        if (unsafe) await flagUnsafe(trx, row);
      });
      push.changed(actor.tenantId, 'community', row.id);
      return one(actor, row.id);
    },

    /** Title, content, status and schedule; by the author, a moderator of the space or an ADMIN. */
    async update(actor: Actor, raw: UpdatePostInput): Promise<PostItem> {
      const input = updatePostInput.parse(raw);
      const { post, space, moderating } = await requireEditor(actor, input.postId);
      const status = input.status ?? post.status;
      if (!moderating) {
        const held = await heldByModeration(post);
        if (held) {
          const field = input.status !== undefined && input.status !== post.status ? 'status' : input.title !== undefined ? 'title' : input.content !== undefined ? 'content' : 'postId';
          throw new DomainError('FORBIDDEN', `${field}: a moderator ${held === 'hidden' ? 'hid' : 'archived'} this post; only a moderator of this space or an ADMIN may change it now`, { field });
        }
      }
      const onlyArchives = status === 'ARCHIVED' && input.title === undefined && input.content === undefined;
      if (space.archivedAt && !onlyArchives) throw new DomainError('CONFLICT', 'spaceId: the space is archived; restore it to change its posts', { field: 'spaceId' });
      if (post.publishedAt && (status === 'SCHEDULED' || status === 'DRAFT') && status !== post.status) {
        throw invalid('status', `a published post cannot go back to ${status}; archive it instead`);
      }
      // A scheduled post keeps its time unless a new one is given (even one its job is about to catch up on).
      const keepsTime = input.scheduledAt === undefined && status === 'SCHEDULED' && post.status === 'SCHEDULED' && post.scheduledAt !== null;
      const scheduledAt = keepsTime ? post.scheduledAt : checkSchedule(status, input.scheduledAt);
      const cleaned = input.content === undefined ? undefined : cleanPostHtml(input.content);
      const now = clock.nowIso();
      const goesOut = status === 'PUBLISHED' && post.status !== 'PUBLISHED' && post.publishedAt === null;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('posts')
          .set({
            ...(input.title !== undefined && { title: input.title }),
            ...(cleaned && { content: cleaned.html }),
            status,
            scheduledAt,
            ...(goesOut && { publishedAt: now }),
            updatedAt: now,
          })
          .where('id', '=', post.id)
          .execute();
        if (goesOut) await announce(trx, { ...post, title: input.title ?? post.title });
        if (scheduledAt && scheduledAt !== post.scheduledAt) await scheduleJob(trx, actor.tenantId, post.id, scheduledAt);
        if (cleaned?.unsafe) await flagUnsafe(trx, post);
        if (post.authorId !== actor.userId) {
          await auditRepository(trx).record({ tenantId: actor.tenantId, actorUserId: actor.userId, action: 'post.updated', targetType: 'post', targetId: post.id, before: { status: post.status, title: post.title }, after: { status, title: input.title ?? post.title }, at: now });
        }
      });
      push.changed(actor.tenantId, 'community', post.id);
      return one(actor, post.id);
    },

    async archive(actor: Actor, postId: string): Promise<PostItem> {
      return this.update(actor, { postId, status: 'ARCHIVED' });
    },

    /** Deletes a post with its comments and reactions; by the author, a moderator of the space or an ADMIN. */
    async delete(actor: Actor, postId: string): Promise<{ deleted: true }> {
      const { post } = await requireEditor(actor, postId);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('posts').where('id', '=', post.id).execute();
        await auditRepository(trx).record({ tenantId: actor.tenantId, actorUserId: actor.userId, action: 'post.deleted', targetType: 'post', targetId: post.id, before: { title: post.title, status: post.status, spaceId: post.spaceId, authorId: post.authorId }, at: clock.nowIso() });
      });
      push.changed(actor.tenantId, 'community', post.id);
      return { deleted: true };
    },

    /** Pinned posts come first in posts.list; moderators of the space and ADMINs pin. */
    async pin(actor: Actor, raw: { postId: string; pinned: boolean }): Promise<PostItem> {
      const input = pinPostInput.parse(raw);
      const post = await postOfTenant(db, actor.tenantId, input.postId);
      await access.requireModerator(actor, post.spaceId);
      const now = clock.nowIso();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('posts').set({ pinnedAt: input.pinned ? (post.pinnedAt ?? now) : null }).where('id', '=', post.id).execute();
        await auditRepository(trx).record({ tenantId: actor.tenantId, actorUserId: actor.userId, action: input.pinned ? 'post.pinned' : 'post.unpinned', targetType: 'post', targetId: post.id, at: now });
      });
      push.changed(actor.tenantId, 'community', post.id);
      return one(actor, post.id);
    },

    /**
     * A post the community itself writes (ports.md item 4: the automations' introduction prompt):
     * published at once, at most one ever per (tenant, dedupeKey); a repeat answers the first post's id.
     */
    async createSystemPost(
      input: { tenantId: string; spaceId: string; authorUserId: string | null; title: string; content: string; dedupeKey: string },
      trx?: Kysely<Database>,
    ): Promise<{ postId: string; created: boolean }> {
      if (!input.dedupeKey) throw invalid('dedupeKey', 'is required');
      const title = input.title.trim().slice(0, POST_TITLE_MAX);
      if (!title) throw invalid('title', 'is required');
      const run = async (t: Kysely<Database>) => {
        const existing = await t.selectFrom('posts').select('id').where('tenantId', '=', input.tenantId).where('dedupeKey', '=', input.dedupeKey).executeTakeFirst();
        if (existing) return { postId: existing.id, created: false };
        const space = await t.selectFrom('spaces').select(['id', 'archivedAt']).where('id', '=', input.spaceId).where('tenantId', '=', input.tenantId).executeTakeFirst();
        if (!space) throw spaceNotFound(input.spaceId);
        if (space.archivedAt) throw new DomainError('CONFLICT', 'spaceId: the space is archived', { field: 'spaceId' });
        const now = clock.nowIso();
        const row = {
          id: newId('post'),
          tenantId: input.tenantId,
          spaceId: input.spaceId,
          authorId: input.authorUserId,
          title,
          content: sanitizeOwnerHtml(input.content),
          status: 'PUBLISHED' as const,
          scheduledAt: null,
          publishedAt: now,
          createdAt: now,
          updatedAt: now,
          pinnedAt: null,
          hiddenAt: null,
          dedupeKey: input.dedupeKey,
        };
        const inserted = await t
          .insertInto('posts')
          .values(row)
          .onConflict((oc) => oc.columns(['tenantId', 'dedupeKey']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) {
          const winner = await t.selectFrom('posts').select('id').where('tenantId', '=', input.tenantId).where('dedupeKey', '=', input.dedupeKey).executeTakeFirstOrThrow();
          return { postId: winner.id, created: false };
        }
        await announce(t, row);
        return { postId: row.id, created: true };
      };
      const result = trx ? await run(trx) : await db.transaction().execute(run);
      if (result.created) push.changed(input.tenantId, 'community', result.postId);
      return result;
    },
  };
}
export type PostService = ReturnType<typeof postService>;
