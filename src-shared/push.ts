// What the core pushes to the window: which kind of data changed, never the data itself. The
// window reads it again through the query that shows it, with the caller's own rights.

export const PUSH_TOPICS = ['webhooks', 'deliveries', 'members', 'imports', 'bulk', 'jobs', 'analytics', 'automations', 'community', 'packages', 'notifications', 'chat', 'campaigns', 'billingSync'] as const;
export type PushTopic = (typeof PUSH_TOPICS)[number];

export interface PushMessage {
  topic: PushTopic;
  /** The one record that changed (an import, a bulk operation), when there is one. */
  id?: string;
  /** ISO time the change was noticed. */
  at: string;
}

/** A kind of work in the queue, as the "Background work" panel shows it. */
export interface QueueRow {
  workKind: string;
  /** Waiting (due now or later). */
  queued: number;
  /** When the oldest job that is due was due; null when none is. */
  oldestDueAt: string | null;
  running: number;
  /** Waiting again after a failed attempt. */
  retrying: number;
  /** Gave up for good. */
  failed: number;
}
