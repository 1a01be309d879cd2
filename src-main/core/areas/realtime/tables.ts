import type { TablesOf } from '../../platform/db/table-columns';

// Tables of the realtime area (in-app notifications, chat history), as the row types Kysely sees (camelCase; the database names are snake_case).

export interface NotificationsTable {
  id: string;
  tenantId: string;
  userId: string;
  /** What happened: 'reply', 'mention', 'role_changed', 'payment_failed', 'automation', … */
  kind: string;
  title: string;
  body: string;
  /** An in-app route to open, when there is one. */
  link: string | null;
  /** At most one notification per member and key, ever. */
  dedupeKey: string;
  createdAt: string;
  readAt: string | null;
}

export interface ChatMessagesTable {
  id: string;
  tenantId: string;
  spaceId: string;
  userId: string | null;
  content: string;
  /** The message's id on the Ably channel: `{id}:0` for the console's own, Ably's for one it heard. */
  ablyMessageId: string;
  /** 'console': sent through chat.send; 'ably': heard on the channel. */
  source: 'console' | 'ably';
  /** When the sender sent it (the seed's `timestamp`). */
  sentAt: string;
  createdAt: string;
}

export interface RealtimeTables {
  notifications: NotificationsTable;
  chatMessages: ChatMessagesTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const REALTIME_TABLES: TablesOf<RealtimeTables> = {
  notifications: { id: true, tenantId: true, userId: true, kind: true, title: true, body: true, link: true, dedupeKey: true, createdAt: true, readAt: true },
  chatMessages: { id: true, tenantId: true, spaceId: true, userId: true, content: true, ablyMessageId: true, source: true, sentAt: true, createdAt: true },
};
