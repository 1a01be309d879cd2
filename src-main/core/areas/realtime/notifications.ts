import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors';
import type { AreaPlatform } from '../area';
import { messageIdOf, notificationsChannel } from './channels';
import type { RealtimeDelivery } from './delivery';
import { notificationId } from './ids';

/** ports.md item 5: what another area hands `notify`. */
export interface NotifyInput {
  tenantId: string;
  /** Members by id (those not in the tenant are skipped), or every ADMIN of the tenant at the time. */
  to: { userIds: string[] } | 'admins';
  /** What happened: 'reply', 'mention', 'role_changed', 'payment_failed', 'automation', … */
  kind: string;
  title: string;
  body: string;
  /** An in-app route to open. */
  link?: string;
  /** At most one notification per member and key, ever (a retried caller stores it once). */
  dedupeKey: string;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** In-app notifications (the bell): stored per member, told to the window, published on `user:{id}:notifications`. */
export function notificationsService(platform: AreaPlatform, delivery: RealtimeDelivery) {
  const { db, clock } = platform;

  async function recipients(trx: Kysely<Database>, tenantId: string, to: NotifyInput['to']): Promise<string[]> {
    let q = trx.selectFrom('memberships').select('userId').where('tenantId', '=', tenantId).where('leftAt', 'is', null);
    if (to === 'admins') q = q.where('role', '=', 'ADMIN');
    else {
      const ids = [...new Set(to.userIds)];
      if (ids.length === 0) return [];
      q = q.where('userId', 'in', ids);
    }
    return (await q.execute()).map((r) => r.userId);
  }

  async function notifyIn(trx: Kysely<Database>, input: NotifyInput): Promise<{ notificationIds: string[] }> {
    if (!input.dedupeKey.trim()) throw new DomainError('VALIDATION', 'dedupeKey: must not be empty', { field: 'dedupeKey' });
    if (!input.title.trim()) throw new DomainError('VALIDATION', 'title: must not be empty', { field: 'title' });
    const now = clock.nowIso();
    const created: string[] = [];
    for (const userId of await recipients(trx, input.tenantId, input.to)) {
      const row = {
        id: notificationId(),
        tenantId: input.tenantId,
        userId,
        kind: input.kind,
        title: clip(input.title.trim(), 200),
        body: clip(input.body.trim(), 2_000),
        link: input.link ?? null,
        dedupeKey: input.dedupeKey,
        createdAt: now,
        readAt: null,
      };
      const inserted = await trx
        .insertInto('notifications')
        .values(row)
        .onConflict((oc) => oc.columns(['tenantId', 'userId', 'dedupeKey']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) continue;
      created.push(row.id);
      await delivery.enqueue(trx, {
        tenantId: input.tenantId,
        channel: notificationsChannel(userId),
        name: 'notification',
        id: messageIdOf(row.id),
        data: { id: row.id, kind: row.kind, title: row.title, body: row.body, link: row.link, createdAt: now },
        push: { topic: 'notifications' },
      });
    }
    return { notificationIds: created };
  }

  return {
    /** Stores and sends a notification; inside `trx` when given (it then exists exactly if the caller commits). */
    notify(input: NotifyInput, trx?: Kysely<Database>): Promise<{ notificationIds: string[] }> {
      return trx ? notifyIn(trx, input) : db.transaction().execute((t) => notifyIn(t, input));
    },

    /** The caller's own notifications, newest first, and how many are unread. */
    async list(tenantId: string, userId: string, input: { limit: number; unreadOnly?: boolean }): Promise<{ items: NotificationView[]; unread: number }> {
      let q = db
        .selectFrom('notifications')
        .select(['id', 'kind', 'title', 'body', 'link', 'createdAt', 'readAt'])
        .where('tenantId', '=', tenantId)
        .where('userId', '=', userId);
      if (input.unreadOnly) q = q.where('readAt', 'is', null);
      const items = await q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(input.limit).execute();
      const { n } = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('tenantId', '=', tenantId)
        .where('userId', '=', userId)
        .where('readAt', 'is', null)
        .executeTakeFirstOrThrow();
      return { items, unread: Number(n) };
    },

    /** Marks the caller's own notifications read (the ids given, or all); another member's ids change nothing. */
    async markRead(tenantId: string, userId: string, input: { ids?: string[] }): Promise<{ marked: number }> {
      let q = db
        .updateTable('notifications')
        .set({ readAt: clock.nowIso() })
        .where('tenantId', '=', tenantId)
        .where('userId', '=', userId)
        .where('readAt', 'is', null);
      if (input.ids) {
        if (input.ids.length === 0) return { marked: 0 };
        q = q.where('id', 'in', input.ids);
      }
      const result = await q.executeTakeFirst();
      const marked = Number(result.numUpdatedRows);
      if (marked > 0) platform.push.changed(tenantId, 'notifications');
      return { marked };
    },
  };
}
export type NotificationsService = ReturnType<typeof notificationsService>;
