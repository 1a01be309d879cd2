import { z } from 'zod';
import { memberProcedure, router } from '../../api/trpc';
import { MAX_CHAT_MESSAGE } from './chat';

const spaceId = z.string().trim().min(1, 'must name a space').max(100);

export const notificationsRouter = router({
  /** The caller's own notifications (the bell), newest first, with the unread count. */
  list: memberProcedure
    .input(z.strictObject({ limit: z.number().int().min(1).max(100).default(20), unreadOnly: z.boolean().optional() }).default({ limit: 20 }))
    .query(({ ctx, input }) => ctx.services.realtime.notifications.list(ctx.tenant.id, ctx.auth.userId, input)),
  /** Marks the caller's own notifications read: the ids given, or all of them. */
  markRead: memberProcedure
    .input(z.strictObject({ ids: z.array(z.string().min(1).max(100)).max(500).optional() }))
    .mutation(({ ctx, input }) => ctx.services.realtime.notifications.markRead(ctx.tenant.id, ctx.auth.userId, input)),
});

export const chatRouter = router({
  /** A CHAT space's latest messages, oldest first on the page; `before` pages back. */
  list: memberProcedure
    .input(z.strictObject({ spaceId, limit: z.number().int().min(1).max(200).default(50), before: z.string().min(1).max(100).optional() }))
    .query(({ ctx, input }) => ctx.services.realtime.chat.list({ tenantId: ctx.tenant.id, userId: ctx.auth.userId, role: ctx.tenant.role }, input)),
  /** Sends a message to a CHAT space the caller belongs to: stored, then published on `space:{spaceId}:chat`. */
  send: memberProcedure
    .input(z.strictObject({ spaceId, content: z.string().max(MAX_CHAT_MESSAGE, `must be at most ${MAX_CHAT_MESSAGE} characters`) }))
    .mutation(({ ctx, input }) => ctx.services.realtime.chat.send({ tenantId: ctx.tenant.id, userId: ctx.auth.userId, role: ctx.tenant.role }, input)),
});
