// Enumerations of the platform, named as the Tenant.so API examples name them.
export const ROLES = ['MEMBER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const JOIN_SOURCES = ['free_signup', 'paid', 'invite_link'] as const;
export type JoinSource = (typeof JOIN_SOURCES)[number];

export const SPACE_TYPES = ['FEED', 'CHAT', 'COURSE', 'CALCULATOR', 'DASHBOARD', 'EVENT'] as const;
export type SpaceType = (typeof SPACE_TYPES)[number];

export const SPACE_ROLES = ['MEMBER', 'MODERATOR'] as const;
export type SpaceRole = (typeof SPACE_ROLES)[number];

export const POST_STATUSES = ['DRAFT', 'PUBLISHED', 'SCHEDULED', 'ARCHIVED'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export const PAYMENT_PROVIDERS = ['stripe', 'lemonsqueezy', 'crypto'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

// Stripe's subscription statuses; Lemon Squeezy's are mapped onto these at the edge. Ordered best
// first: bestSubscriptionStatus (member-tier.ts) ranks by this order.
export const SUBSCRIPTION_STATUSES = [
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'paused',
  'incomplete',
  'incomplete_expired',
  'canceled',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** Statuses that grant paid access, as the seed's "Subscription Status Check" defines it. */
export const ACCESS_GRANTING_STATUSES: readonly SubscriptionStatus[] = ['active', 'trialing'];

export const BILLING_INTERVALS = ['month', 'year'] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

export const CURRENCIES = ['USD'] as const;
export type Currency = (typeof CURRENCIES)[number];

export const MEMBERSHIP_STATUSES = ['active', 'removed'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const CLIENT_TYPES = ['web', 'mobile', 'desktop', 'script'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];
