import type { JoinSource, PaymentProvider, Role, SpaceRole, SubscriptionStatus } from './domain';

// The one map of platform events and their payloads: publishers are checked against it, listeners
// get the payload of the event they subscribed to, and outgoing webhooks send it as `data`.

/**
 * Every payload names its required fields; a publisher may add more (outgoing webhooks send them
 * all). The seed's payloads repeat the tenant inside `data`; the event's own tenantId is authoritative.
 */
interface EventData {
  tenantId?: string;
  [field: string]: unknown;
}

/** The seed's `subscription.created`: userId, tenantId, planId, status, currentPeriodEnd; the rest is ours. */
export interface SubscriptionEventData extends EventData {
  userId: string;
  planId: string | null;
  status: SubscriptionStatus;
  currentPeriodEnd: string | null;
  subscriptionId?: string;
  provider?: PaymentProvider;
  packageId?: string | null;
  cancelAtPeriodEnd?: boolean;
}

export interface DomainEventMap {
  /** The seed's `member.joined`: userId, tenantId, email, joinSource, groups. */
  'member.joined': EventData & { userId: string; email: string; joinSource: JoinSource; groups: string[] };
  'member.left': EventData & { userId: string; reason: 'removed' | 'erased' | 'left' };
  'member.role_changed': EventData & { userId: string; from: Role; to: Role };
  'member.updated': EventData & {
    userId: string;
    change: 'name' | 'comped' | 'uncomped' | 'group_added' | 'group_removed' | 'space_role';
    groupId?: string;
    spaceId?: string;
    compedUntil?: string | null;
  };
  'member.invited': EventData & { inviteId: string; email: string; role: Role; groupIds: string[]; expiresAt: string };
  'member.erased': EventData & { userId: string };
  'subscription.created': SubscriptionEventData;
  'subscription.updated': SubscriptionEventData;
  'subscription.canceled': SubscriptionEventData;
  'payment.failed': EventData & {
    userId: string;
    subscriptionId: string;
    planId: string | null;
    status: SubscriptionStatus;
    graceEndsAt?: string | null;
    amountMinor?: number;
    currency?: string;
    invoiceId?: string;
  };
  // Community (issue 13): published by the community area; realtime publishes them on Ably and notifies.
  'post.published': EventData & { postId: string; spaceId: string; authorId: string | null; title: string };
  'comment.created': EventData & {
    commentId: string;
    postId: string;
    spaceId: string;
    authorId: string | null;
    /** The comment this one replies to; null for a top-level comment. */
    parentId: string | null;
    postAuthorId: string | null;
    parentAuthorId: string | null;
    mentionedUserIds: string[];
  };
  'post.reported': EventData & {
    reportId: string;
    targetType: 'post' | 'comment';
    targetId: string;
    postId: string;
    spaceId: string;
    /** null for an automatic flag. */
    reporterId: string | null;
    reason: string;
  };
  /** null = not a member of the space (added or removed). */
  'space.role_changed': EventData & { spaceId: string; userId: string; from: SpaceRole | null; to: SpaceRole | null };
  /** A campaign's send ended (campaigns area): how many got it and how many did not. */
  'campaign.finished': EventData & { campaignId: string; subject: string; sent: number; failed: number; unconfirmed: number };
}

export type DomainEventType = keyof DomainEventMap;
export type DomainEventData<T extends DomainEventType = DomainEventType> = DomainEventMap[T];

/** One event; for a union of types, a union of events each with its own payload. */
export type DomainEvent<T extends DomainEventType = DomainEventType> = {
  [K in T]: {
    /** Stable id: listeners use it to stay idempotent when an event is dispatched twice. */
    id: string;
    type: K;
    tenantId: string;
    /** ISO time it happened. */
    timestamp: string;
    data: DomainEventMap[K];
  };
}[T];
