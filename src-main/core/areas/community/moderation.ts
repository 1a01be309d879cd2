import { convert } from 'html-to-text';
import type { Kysely } from 'kysely';
import {
  moderationActionInput,
  moderationQueueInput,
  reportInput,
  type ModerationActionInput,
  type ModerationState,
  type QueueItem,
  type ReportInput,
  type ReportTargetType,
} from '@shared/schemas/community';
import type { AreaPlatform } from '../area';
import { auditRepository } from '../../platform/audit';
import type { Database } from '../../platform/db/schema';
import { forbidden } from '../../platform/errors';
import type { ReportResolution } from './tables';
import { commentNotFound } from './comments';
import { newReportId, postNotFound } from './posts';
import type { Actor, SpaceAccess } from './space-access';

export type ModerationAction = 'hide' | 'archive' | 'restore' | 'dismiss';

const RESOLUTION: Record<ModerationAction, ReportResolution> = { hide: 'hidden', archive: 'archived', restore: 'restored', dismiss: 'dismissed' };
const EXCERPT_MAX = 280;

interface Target {
  targetType: ReportTargetType;
  targetId: string;
  postId: string;
  commentId: string | null;
  spaceId: string;
  authorId: string | null;
  postStatus: string;
  postPublishedAt: string | null;
  hiddenAt: string | null;
  archived: boolean;
}

const stateOf = (t: { hiddenAt: string | null; archived: boolean }): ModerationState => (t.archived ? 'archived' : t.hiddenAt ? 'hidden' : 'visible');

/**
 * The moderation queue: members report posts and comments (and unsafe HTML flags a post by
 * itself); a moderator of the space or an ADMIN hides, archives, restores or dismisses, each with
 * an audit entry, and the open reports on that post or comment are resolved with it.
 */
export function moderationService(platform: Pick<AreaPlatform, 'db' | 'clock' | 'events' | 'push'>, access: SpaceAccess) {
  const { db, clock, events, push } = platform;

  async function targetOf(trx: Kysely<Database>, tenantId: string, targetType: ReportTargetType, targetId: string): Promise<Target> {
    if (targetType === 'post') {
      const p = await trx.selectFrom('posts').selectAll().where('id', '=', targetId).where('tenantId', '=', tenantId).executeTakeFirst();
      if (!p) throw postNotFound(targetId, 'targetId');
      return { targetType, targetId, postId: p.id, commentId: null, spaceId: p.spaceId, authorId: p.authorId, postStatus: p.status, postPublishedAt: p.publishedAt, hiddenAt: p.hiddenAt, archived: p.status === 'ARCHIVED' };
    }
    const c = await trx
      .selectFrom('comments as c')
      .innerJoin('posts as p', 'p.id', 'c.postId')
      .select(['c.id', 'c.postId', 'c.authorId', 'c.hiddenAt', 'c.archivedAt', 'p.spaceId', 'p.status', 'p.publishedAt'])
      .where('c.id', '=', targetId)
      .where('p.tenantId', '=', tenantId)
      .executeTakeFirst();
    if (!c) throw commentNotFound(targetId, 'targetId');
    return { targetType, targetId, postId: c.postId, commentId: c.id, spaceId: c.spaceId, authorId: c.authorId, postStatus: c.status, postPublishedAt: c.publishedAt, hiddenAt: c.hiddenAt, archived: c.archivedAt !== null };
  }

  async function apply(trx: Kysely<Database>, t: Target, action: ModerationAction, now: string) {
    const table = t.targetType === 'post' ? 'posts' : 'comments';
    if (action === 'hide') {
      await trx.updateTable(table).set({ hiddenAt: t.hiddenAt ?? now }).where('id', '=', t.targetId).execute();
    } else if (action === 'archive') {
      if (t.targetType === 'post') await trx.updateTable('posts').set({ status: 'ARCHIVED', updatedAt: now }).where('id', '=', t.targetId).execute();
      else await trx.updateTable('comments').set({ archivedAt: now }).where('id', '=', t.targetId).execute();
    } else if (action === 'restore') {
      if (t.targetType === 'post') {
        const status = t.postStatus === 'ARCHIVED' ? (t.postPublishedAt ? 'PUBLISHED' : 'DRAFT') : (t.postStatus as 'DRAFT' | 'PUBLISHED' | 'SCHEDULED');
        await trx.updateTable('posts').set({ hiddenAt: null, status, updatedAt: now }).where('id', '=', t.targetId).execute();
      } else {
        await trx.updateTable('comments').set({ hiddenAt: null, archivedAt: null }).where('id', '=', t.targetId).execute();
      }
    }
  }

  return {
    /** A member reports a post or comment they can see; reporting it again while open changes nothing. */
    async report(actor: Actor, raw: ReportInput): Promise<{ reportId: string; created: boolean }> {
      const input = reportInput.parse(raw);
      const t = await targetOf(db, actor.tenantId, input.targetType, input.targetId);
      await access.requireVisible(actor, t.spaceId, 'targetId').catch(() => {
        throw input.targetType === 'post' ? postNotFound(input.targetId, 'targetId') : commentNotFound(input.targetId, 'targetId');
      });
      const result = await db.transaction().execute(async (trx) => {
        const open = await trx
          .selectFrom('contentReports')
          .select('id')
          .where('targetId', '=', t.targetId)
          .where('reporterId', '=', actor.userId)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (open) return { reportId: open.id, created: false };
        const id = newReportId();
        await trx
          .insertInto('contentReports')
          .values({ id, tenantId: actor.tenantId, spaceId: t.spaceId, postId: t.postId, commentId: t.commentId, targetType: t.targetType, targetId: t.targetId, source: 'report', reporterId: actor.userId, reason: input.reason, resolution: null, resolvedBy: null, resolvedAt: null, createdAt: clock.nowIso() })
          .execute();
        await events.publish(trx, {
          type: 'post.reported',
          tenantId: actor.tenantId,
          data: { reportId: id, targetType: t.targetType, targetId: t.targetId, postId: t.postId, spaceId: t.spaceId, reporterId: actor.userId, reason: input.reason },
        });
        return { reportId: id, created: true };
      });
      if (result.created) push.changed(actor.tenantId, 'community', t.postId);
      return result;
    },

    /** Open reports and flags, one item per post or comment, oldest first; ADMINs see every space, moderators theirs. */
    async queue(actor: Actor, raw?: { spaceId?: string }): Promise<QueueItem[]> {
      const input = moderationQueueInput.parse(raw ?? {});
      let spaceIds = await access.moderatedSpaceIds(actor);
      if (actor.role !== 'ADMIN' && spaceIds.length === 0) throw forbidden('only moderators of a space and ADMINs see the moderation queue');
      if (input.spaceId) {
        await access.requireModerator(actor, input.spaceId);
        spaceIds = [input.spaceId];
      }
      if (spaceIds.length === 0) return [];
      const reports = await db
        .selectFrom('contentReports as r')
        .innerJoin('spaces as s', 's.id', 'r.spaceId')
        .innerJoin('posts as p', 'p.id', 'r.postId')
        .leftJoin('comments as c', 'c.id', 'r.commentId')
        .leftJoin('users as reporter', 'reporter.id', 'r.reporterId')
        .select([
          'r.id',
          'r.targetType',
          'r.targetId',
          'r.postId',
          'r.spaceId',
          'r.source',
          'r.reason',
          'r.createdAt',
          's.name as spaceName',
          'p.title as postTitle',
          'p.content as postContent',
          'p.authorId as postAuthorId',
          'p.status as postStatus',
          'p.hiddenAt as postHiddenAt',
          'c.content as commentContent',
          'c.authorId as commentAuthorId',
          'c.hiddenAt as commentHiddenAt',
          'c.archivedAt as commentArchivedAt',
          'reporter.id as reporterId',
          'reporter.name as reporterName',
        ])
        .where('r.tenantId', '=', actor.tenantId)
        .where('r.status', '=', 'open')
        .where('r.spaceId', 'in', spaceIds)
        .orderBy('r.createdAt')
        .orderBy('r.id')
        .limit(2000)
        .execute();
      const authorIds = [...new Set(reports.map((r) => (r.targetType === 'post' ? r.postAuthorId : r.commentAuthorId)).filter((id): id is string => !!id))];
      const authors = new Map(
        authorIds.length ? (await db.selectFrom('users').select(['id', 'name']).where('id', 'in', authorIds).execute()).map((u) => [u.id, u]) : [],
      );
      const items = new Map<string, QueueItem>();
      for (const r of reports) {
        let item = items.get(r.targetId);
        if (!item) {
          const isPost = r.targetType === 'post';
          const text = isPost ? convert(r.postContent, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }, { selector: 'img', format: 'skip' }] }) : (r.commentContent ?? '');
          const authorId = isPost ? r.postAuthorId : r.commentAuthorId;
          const flat = text.replace(/\s+/g, ' ').trim();
          item = {
            targetType: r.targetType,
            targetId: r.targetId,
            postId: r.postId,
            spaceId: r.spaceId,
            spaceName: r.spaceName,
            postTitle: r.postTitle,
            excerpt: flat.length > EXCERPT_MAX ? `${flat.slice(0, EXCERPT_MAX - 1)}…` : flat,
            author: authorId ? (authors.get(authorId) ?? null) : null,
            state: isPost
              ? stateOf({ hiddenAt: r.postHiddenAt, archived: r.postStatus === 'ARCHIVED' })
              : stateOf({ hiddenAt: r.commentHiddenAt ?? null, archived: r.commentArchivedAt !== null }),
            reports: [],
            firstReportedAt: r.createdAt,
          };
          items.set(r.targetId, item);
        }
        item.reports.push({ id: r.id, source: r.source, reason: r.reason, reporter: r.reporterId ? { id: r.reporterId, name: r.reporterName ?? '' } : null, createdAt: r.createdAt });
      }
      return [...items.values()];
    },

    /** hide / archive / restore / dismiss, by a moderator of the space or an ADMIN, with an audit entry. */
    async act(actor: Actor, action: ModerationAction, raw: ModerationActionInput): Promise<{ state: ModerationState; resolvedReports: number }> {
      const input = moderationActionInput.parse(raw);
      const before = await targetOf(db, actor.tenantId, input.targetType, input.targetId);
      const as = await access.requireModerator(actor, before.spaceId);
      const now = clock.nowIso();
      const result = await db.transaction().execute(async (trx) => {
        const t = await targetOf(trx, actor.tenantId, input.targetType, input.targetId);
        await apply(trx, t, action, now);
        const after = await targetOf(trx, actor.tenantId, input.targetType, input.targetId);
        const resolved = await trx
          .updateTable('contentReports')
          .set({ status: 'resolved', resolution: RESOLUTION[action], resolvedBy: actor.userId, resolvedAt: now })
          .where('targetId', '=', t.targetId)
          .where('status', '=', 'open')
          .executeTakeFirst();
        await auditRepository(trx).record({
          tenantId: actor.tenantId,
          actorUserId: actor.userId,
          action: `moderation.${action}`,
          targetType: t.targetType,
          targetId: t.targetId,
          before: { state: stateOf(t) },
          after: { state: stateOf(after), as, spaceId: t.spaceId, postId: t.postId, resolvedReports: Number(resolved.numUpdatedRows), ...(input.note && { note: input.note }) },
          at: now,
        });
        return { state: stateOf(after), resolvedReports: Number(resolved.numUpdatedRows) };
      });
      push.changed(actor.tenantId, 'community', before.postId);
      return result;
    },
  };
}
export type ModerationService = ReturnType<typeof moderationService>;
