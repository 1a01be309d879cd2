import { ACCESS_GRANTING_STATUSES, type JoinSource, type SubscriptionStatus } from './domain';

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
