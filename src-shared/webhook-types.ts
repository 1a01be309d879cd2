/**
 * The provider event types the handlers act on (handlers/stripe.ts, handlers/lemonsqueezy.ts):
 * the lab has a template for each, reconciliation asks Stripe for these only, and the Webhooks
 * page offers them in its type filter. A test checks
 * that every one is handled, so the lists cannot drift apart silently.
 */
export const STRIPE_HANDLED_TYPES = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
] as const;

export const LEMONSQUEEZY_HANDLED_TYPES = [
  'order_created',
  'subscription_created',
  'subscription_updated',
  'subscription_cancelled',
  'subscription_resumed',
  'subscription_expired',
  'subscription_paused',
  'subscription_unpaused',
  'subscription_payment_success',
  'subscription_payment_failed',
  'subscription_payment_recovered',
] as const;
