import { ACCESS_GRANTING_STATUSES, SUBSCRIPTION_STATUSES, type JoinSource, type SubscriptionStatus } from './domain';

/**
 * The seed's rule: a member is free when they joined through free signup AND hold no
 * subscription that is active or trialing. Members who joined as `paid` or through an invite
 * link are never "free" by this definition, even when their subscription lapsed.
 */
export function isFreeMember(
  joinSource: JoinSource,
  subscriptionStatuses: readonly SubscriptionStatus[],
): boolean {
  return joinSource === 'free_signup' && !hasAccessGrantingSubscription(subscriptionStatuses);
}

export function hasAccessGrantingSubscription(statuses: readonly SubscriptionStatus[]): boolean {
  return statuses.some((s) => ACCESS_GRANTING_STATUSES.includes(s));
}

/** The three tiers an owner filters by: they split the active members with no overlap. */
export const MEMBER_TIERS = ['free', 'paid', 'comped'] as const;
export type MemberTier = (typeof MEMBER_TIERS)[number];

/** Complimentary access (Ghost's "comped"): granted by the owner, open-ended or until compedUntil. */
export function isCompedAt(member: { isComped: boolean; compedUntil: string | null }, nowIso: string): boolean {
  return member.isComped && (member.compedUntil === null || member.compedUntil > nowIso);
}

/**
 * A member's tier: comped while the owner's complimentary access lasts, otherwise free or paid by
 * isFreeMember. The member filters express this same function in SQL (member-filters.ts) and a
 * test holds the two to the same answers.
 */
export function tierOf(
  member: {
    joinSource: JoinSource;
    subscriptionStatuses: readonly SubscriptionStatus[];
    isComped: boolean;
    compedUntil: string | null;
  },
  nowIso: string,
): MemberTier {
  if (isCompedAt(member, nowIso)) return 'comped';
  return isFreeMember(member.joinSource, member.subscriptionStatuses) ? 'free' : 'paid';
}

/**
 * The status a membership shows when the member holds several subscriptions: the best one, in
 * SUBSCRIPTION_STATUSES order (active first, canceled last); null without any.
 */
export function bestSubscriptionStatus(statuses: readonly SubscriptionStatus[]): SubscriptionStatus | null {
  let best: SubscriptionStatus | null = null;
  for (const s of statuses) {
    if (best === null || SUBSCRIPTION_STATUSES.indexOf(s) < SUBSCRIPTION_STATUSES.indexOf(best)) best = s;
  }
  return best;
}
