import type { Role } from '@shared/domain';
import type { AreaPlatform } from '../area';
import { DomainError, notFound } from '../../platform/errors';
import { chatChannel, messageIdOf } from './channels';
import type { RealtimeDelivery } from './delivery';
import { chatMessageId } from './ids';
import type { SpaceRef, SpacesReader } from './spaces';

export const MAX_CHAT_MESSAGE = 2_000;

export interface ChatCaller {
  tenantId: string;
  userId: string;
  /** The role the caller acts with (their token's, capped by their membership). */
  role: Role;
}

export interface ChatMessageView {
  id: string;
  spaceId: string;
  userId: string | null;
  author: { id: string; name: string; profilePhotoUrl: string | null } | null;
  content: string;
  /** When it was sent (the seed's `timestamp`). */
  timestamp: string;
  source: 'console' | 'ably';
}

/** A message heard on a `space:{id}:chat` channel (from Ably Realtime). */
export interface HeardMessage {
  id: string;
  clientId?: string;
  name?: string;
  data: unknown;
  timestamp?: number;
}

/**
 * Chat in CHAT spaces: messages are stored (history outlives Ably's two-minute retention), then
 * published on `space:{spaceId}:chat` as `message` {userId, content, timestamp} through the outbox.
 */
export function chatService(platform: AreaPlatform, deps: { delivery: RealtimeDelivery; spaces: SpacesReader }) {
  const { db, clock, push } = platform;

  /** The CHAT space of the caller's tenant they may take part in (a space member, or an ADMIN). */
  async function chatSpace(caller: ChatCaller, spaceId: string): Promise<SpaceRef> {
    const space = await deps.spaces.get(spaceId);
    // Another tenant's space is as unknown as a missing one.
    if (!space || space.tenantId !== caller.tenantId) throw notFound('space', spaceId);
    if (space.type !== 'CHAT') throw new DomainError('PRECONDITION_FAILED', `spaceId: space ${spaceId} is a ${space.type} space; chat is for CHAT spaces`, { field: 'spaceId' });
    if (caller.role !== 'ADMIN' && !(await deps.spaces.isMember(space, caller.userId, caller.role))) {
      throw new DomainError('FORBIDDEN', `spaceId: you are not a member of space ${spaceId}`, { field: 'spaceId' });
    }
    return space;
  }

  return {
    async send(caller: ChatCaller, input: { spaceId: string; content: string }): Promise<ChatMessageView> {
      const content = input.content.trim();
      if (!content) throw new DomainError('VALIDATION', 'content: a message cannot be empty', { field: 'content' });
      if (content.length > MAX_CHAT_MESSAGE) throw new DomainError('VALIDATION', `content: a message is at most ${MAX_CHAT_MESSAGE} characters`, { field: 'content' });
      const space = await chatSpace(caller, input.spaceId);
      const id = chatMessageId();
      const now = clock.nowIso();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('chatMessages')
          .values({ id, tenantId: space.tenantId, spaceId: space.id, userId: caller.userId, content, ablyMessageId: messageIdOf(id), source: 'console', sentAt: now, createdAt: now })
          .execute();
        await deps.delivery.enqueue(trx, {
          tenantId: space.tenantId,
          channel: chatChannel(space.id),
          name: 'message',
          id: messageIdOf(id),
          data: { userId: caller.userId, content, timestamp: now },
          push: { topic: 'chat', id: space.id },
        });
      });
      push.changed(space.tenantId, 'chat', space.id);
      const [view] = await views([id]);
      return view!;
    },

    /** The latest messages (oldest first on the page); `before` (a message id) pages back in time. */
    async list(caller: ChatCaller, input: { spaceId: string; limit: number; before?: string }): Promise<{ items: ChatMessageView[]; olderCursor: string | null }> {
      const space = await chatSpace(caller, input.spaceId);
      let q = db.selectFrom('chatMessages').select(['id', 'sentAt']).where('spaceId', '=', space.id);
      if (input.before) {
        const at = await db.selectFrom('chatMessages').select(['sentAt', 'id']).where('id', '=', input.before).where('spaceId', '=', space.id).executeTakeFirst();
        if (!at) throw new DomainError('VALIDATION', `before: message ${input.before} is not in this space`, { field: 'before' });
        q = q.where((eb) => eb.or([eb('sentAt', '<', at.sentAt), eb.and([eb('sentAt', '=', at.sentAt), eb('id', '<', at.id)])]));
      }
      const rows = await q.orderBy('sentAt', 'desc').orderBy('id', 'desc').limit(input.limit + 1).execute();
      const page = rows.slice(0, input.limit);
      const items = await views(page.map((r) => r.id).reverse());
      return { items, olderCursor: rows.length > input.limit ? (page[page.length - 1]?.id ?? null) : null };
    },

    /**
     * A message heard on a CHAT space's channel: kept when its sender (the token's clientId) is a
     * member of the space and it carries text; the console's own (`{id}:0`) and repeats are stored once.
     */
    async heard(spaceId: string, message: HeardMessage): Promise<'stored' | 'duplicate' | 'ignored'> {
      if (message.name !== 'message') return 'ignored';
      const data = (typeof message.data === 'string' ? safeJson(message.data) : message.data) as { userId?: unknown; content?: unknown; timestamp?: unknown } | null;
      const userId = message.clientId;
      if (!data || typeof data.content !== 'string' || !data.content.trim() || !userId || (data.userId !== undefined && data.userId !== userId)) return 'ignored';
      const space = await deps.spaces.get(spaceId);
      if (!space || space.type !== 'CHAT' || !(await deps.spaces.isMember(space, userId))) return 'ignored';
      // When the console heard it (on the same clock as the messages it sends itself), never a time
      // the sender wrote in its data: a member cannot backdate a message or keep it on top.
      const sentAt = clock.nowIso();
      const inserted = await db
        .insertInto('chatMessages')
        .values({
          id: chatMessageId(),
          tenantId: space.tenantId,
          spaceId,
          userId,
          content: data.content.trim().slice(0, MAX_CHAT_MESSAGE),
          ablyMessageId: message.id,
          source: 'ably',
          sentAt,
          createdAt: clock.nowIso(),
        })
        .onConflict((oc) => oc.columns(['spaceId', 'ablyMessageId']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return 'duplicate';
      push.changed(space.tenantId, 'chat', spaceId);
      return 'stored';
    },
  };

  async function views(ids: string[]): Promise<ChatMessageView[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('chatMessages as m')
      .leftJoin('users as u', 'u.id', 'm.userId')
      .select(['m.id', 'm.spaceId', 'm.userId', 'm.content', 'm.sentAt', 'm.source', 'u.name', 'u.avatarUrl'])
      .where('m.id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      return [{
        id: r.id,
        spaceId: r.spaceId,
        userId: r.userId,
        author: r.userId ? { id: r.userId, name: r.name ?? 'Former member', profilePhotoUrl: r.avatarUrl ?? null } : null,
        content: r.content,
        timestamp: r.sentAt,
        source: r.source,
      }];
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
export type ChatService = ReturnType<typeof chatService>;
