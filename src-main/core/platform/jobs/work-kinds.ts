/**
 * Kinds of work: each has its own concurrency limit, so a backlog or a slow remote in one kind
 * (thousands of deliveries to a receiver that never answers) cannot take the slots of another
 * (applying a payment webhook). A job's kind of work is derived from its job type at enqueue.
 */
export const WORK_KINDS = ['webhooks', 'deliveries', 'bulk', 'sync', 'campaigns', 'analytics', 'events', 'other'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export interface WorkKindLimits {
  /** Jobs of this kind running at once in one process. */
  concurrency: number;
  /** What one tenant may always use; beyond it, a tenant leaves a slot free for each other tenant waiting. */
  perTenant: number;
}

/**
 * Defaults per process. Network-bound kinds (deliveries, sync) get more slots than their CPU share:
 * their jobs mostly wait. On PostgreSQL a waiting job holds no pooled connection (handlers keep
 * network calls out of transactions), so these stay well clear of the pool's 10.
 */
export const DEFAULT_LIMITS: Record<WorkKind, WorkKindLimits> = {
  // One at a time: a provider's events about one subscription must apply in order, and the
  // tenant of an incoming event is only known once it is processed.
  webhooks: { concurrency: 1, perTenant: 1 },
  deliveries: { concurrency: 16, perTenant: 6 },
  bulk: { concurrency: 2, perTenant: 1 },
  sync: { concurrency: 4, perTenant: 2 },
  campaigns: { concurrency: 4, perTenant: 2 },
  analytics: { concurrency: 1, perTenant: 1 },
  events: { concurrency: 4, perTenant: 2 },
  other: { concurrency: 4, perTenant: 2 },
};

const BY_JOB_TYPE: Record<string, WorkKind> = {
  'webhook.process': 'webhooks',
  'webhook.deliver': 'deliveries',
  'webhook.forward': 'deliveries',
  'webhooks.reconcile': 'sync',
  'catalog.sync': 'sync',
  'catalog.archive-deleted': 'sync',
  'members.import.commit': 'bulk',
  'members.bulk': 'bulk',
};

/** Job types of areas still to come are classified by their prefix. */
const BY_PREFIX: [string, WorkKind][] = [
  ['domain-event.', 'events'],
  ['campaign', 'campaigns'],
  ['analytics.', 'analytics'],
  ['members.', 'bulk'],
  ['catalog.', 'sync'],
];

export function workKindOf(jobType: string): WorkKind {
  return BY_JOB_TYPE[jobType] ?? BY_PREFIX.find(([prefix]) => jobType.startsWith(prefix))?.[1] ?? 'other';
}

export const isWorkKind = (value: string): value is WorkKind => (WORK_KINDS as readonly string[]).includes(value);
