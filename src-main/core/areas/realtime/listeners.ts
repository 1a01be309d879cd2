import type { AreaPlatform } from '../area';
import { messageIdOf, spaceChannel } from './channels';
import type { RealtimeDelivery } from './delivery';
import type { NotificationsService } from './notifications';
import type { SpacesReader } from './spaces';

const ROLE_WORDS: Record<string, string> = { MEMBER: 'a member', MODERATOR: 'a moderator' };

/** `“Opening night”` (shortened), or the fallback when the record is gone. */
const quoted = (text: string | undefined, fallback = '') => (text ? `“${text.length > 60 ? `${text.slice(0, 59)}…` : text}”` : fallback);

/**
 * What the realtime area does on other areas' events: a published post goes out on its space's
 * channel; a reply, a mention, a space role change and a failed payment become notifications.
 * Each runs as its own durable job and is idempotent by the entity's id (message id and dedupe key).
 */
export function subscribeRealtimeListeners(platform: AreaPlatform, deps: { delivery: RealtimeDelivery; notifications: NotificationsService; spaces: SpacesReader }) {
  const { events, db } = platform;
  const { delivery, notifications, spaces } = deps;

  events.subscribe(
    'post.published',
    async (event) => {
      const d = event.data;
      await delivery.enqueue(db, {
        tenantId: event.tenantId,
        channel: spaceChannel(d.spaceId),
        name: 'post',
        id: messageIdOf(d.postId),
        data: { postId: d.postId, spaceId: d.spaceId, authorId: d.authorId, title: d.title, timestamp: event.timestamp },
      });
    },
    { name: 'realtime.post' },
  );

  events.subscribe(
    'comment.created',
    async (event) => {
      const d = event.data;
      const link = `#/spaces/${d.spaceId}?post=${d.postId}`;
      // Who wrote it and where, in plain words (read only; the community area owns these rows).
      const post = await db.selectFrom('posts').select('title').where('id', '=', d.postId).executeTakeFirst();
      const author = d.authorId ? await db.selectFrom('users').select('name').where('id', '=', d.authorId).executeTakeFirst() : undefined;
      const who = author?.name ?? 'Someone';
      const title = quoted(post?.title);
      // Only people who can see the space hear of it (the post's title would tell them what is said there).
      const space = await spaces.get(d.spaceId);
      const candidates = [...new Set([d.parentAuthorId, d.postAuthorId, ...(d.mentionedUserIds ?? [])].filter((u): u is string => !!u))];
      const allowed = new Set<string>();
      for (const userId of candidates) if (space && space.tenantId === event.tenantId && (await spaces.isMember(space, userId))) allowed.add(userId);
      await db.transaction().execute(async (trx) => {
        const notify = (userIds: (string | null)[], kind: string, title: string) =>
          notifications.notify(
            {
              tenantId: event.tenantId,
              // Never the commenter themselves.
              to: { userIds: userIds.filter((u): u is string => !!u && u !== d.authorId && allowed.has(u)) },
              kind,
              title,
              body: 'Open the post to read it and answer.',
              link,
              dedupeKey: `comment:${d.commentId}:${kind}`,
            },
            trx,
          );
        // A reply to your comment, else a comment on your post; mentions on their own.
        const on = title ? ` on ${title}` : '';
        if (d.parentId) await notify([d.parentAuthorId], 'reply', `${who} replied to your comment${on}`);
        else await notify([d.postAuthorId], 'reply', `${who} commented on your post${title ? ` ${title}` : ''}`);
        await notify(d.mentionedUserIds ?? [], 'mention', `${who} mentioned you in a comment${on}`);
      });
    },
    { name: 'realtime.comment-notifications' },
  );

  events.subscribe(
    'space.role_changed',
    async (event) => {
      const d = event.data;
      const space = await db.selectFrom('spaces').select('name').where('id', '=', d.spaceId).executeTakeFirst();
      const name = quoted(space?.name, 'a space');
      const title = d.to === null ? `You were removed from ${name}` : `You are now ${ROLE_WORDS[d.to] ?? d.to.toLowerCase()} of ${name}`;
      await notifications.notify({
        tenantId: event.tenantId,
        to: { userIds: [d.userId] },
        kind: 'role_changed',
        title,
        body: d.from === null ? 'You can now see and take part in the space.' : 'Your role in the space changed.',
        link: `#/spaces/${d.spaceId}`,
        dedupeKey: `space-role:${event.id}`,
      });
    },
    { name: 'realtime.space-role-notification' },
  );

  events.subscribe(
    'payment.failed',
    async (event) => {
      const d = event.data;
      await notifications.notify({
        tenantId: event.tenantId,
        to: { userIds: [d.userId] },
        kind: 'payment_failed',
        title: 'Your payment failed',
        body: d.graceEndsAt ? `Update your payment method before ${d.graceEndsAt.slice(0, 10)} to keep your access.` : 'Update your payment method to keep your access.',
        dedupeKey: `payment-failed:${event.id}`,
      });
    },
    { name: 'realtime.payment-failed-notification' },
  );
}
