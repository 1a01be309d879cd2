import type Stripe from 'stripe';

// Our own small shapes for what the console reads from Stripe. Times are UTC ISO strings, money
// is integer minor units, ids are Stripe's. Raw Stripe objects stay inside the gateway, except
// events: those are stored verbatim in the webhook ledger, whichever way they arrived.

export type StripeInterval = 'day' | 'week' | 'month' | 'year';

export interface StripeProduct {
  id: string;
  name: string;
  description: string | null;
  active: boolean;
  metadata: Record<string, string>;
  createdAt: string;
}

export interface StripePrice {
  id: string;
  productId: string;
  active: boolean;
  /** Lower-case ISO currency, as Stripe returns it (`usd`). */
  currency: string;
  unitAmount: number | null;
  /** null for a one-time price. */
  interval: StripeInterval | null;
  intervalCount: number | null;
  lookupKey: string | null;
  metadata: Record<string, string>;
  createdAt: string;
}

export interface StripeCustomer {
  id: string;
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
  createdAt: string;
}

export interface StripeCheckoutSession {
  id: string;
  /** Where to send the buyer. */
  url: string;
  status: 'open' | 'complete' | 'expired';
  customerId: string | null;
  expiresAt: string;
}

export type StripeSubscriptionStatus = Stripe.Subscription.Status;

export interface StripeSubscription {
  id: string;
  customerId: string;
  status: StripeSubscriptionStatus;
  /** The first item's price; the console sells one price per subscription. */
  priceId: string | null;
  productId: string | null;
  quantity: number;
  /** The latest period end across items (Stripe keeps periods on items since API 2025-03-31). */
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: string | null;
  endedAt: string | null;
  metadata: Record<string, string>;
  createdAt: string;
}

export const isoFromUnix = (seconds: number) => new Date(seconds * 1000).toISOString();
const isoOrNull = (seconds: number | null | undefined) => (seconds == null ? null : isoFromUnix(seconds));
const idOf = (value: string | { id: string } | null | undefined) => (value == null ? null : typeof value === 'string' ? value : value.id);

export function toProduct(p: Stripe.Product): StripeProduct {
  return { id: p.id, name: p.name, description: p.description, active: p.active, metadata: { ...p.metadata }, createdAt: isoFromUnix(p.created) };
}

export function toPrice(p: Stripe.Price): StripePrice {
  return {
    id: p.id,
    productId: idOf(p.product) as string,
    active: p.active,
    currency: p.currency,
    unitAmount: p.unit_amount,
    interval: (p.recurring?.interval as StripeInterval | undefined) ?? null,
    intervalCount: p.recurring?.interval_count ?? null,
    lookupKey: p.lookup_key,
    metadata: { ...p.metadata },
    createdAt: isoFromUnix(p.created),
  };
}

export function toCustomer(c: Stripe.Customer): StripeCustomer {
  return { id: c.id, email: c.email, name: c.name ?? null, metadata: { ...c.metadata }, createdAt: isoFromUnix(c.created) };
}

export function toCheckoutSession(s: Stripe.Checkout.Session): StripeCheckoutSession {
  return {
    id: s.id,
    url: s.url ?? '',
    status: (s.status ?? 'open') as StripeCheckoutSession['status'],
    customerId: idOf(s.customer),
    expiresAt: isoFromUnix(s.expires_at),
  };
}

/** Also for `event.data.object` of `customer.subscription.*` events, so both paths agree. */
export function toSubscription(s: Stripe.Subscription): StripeSubscription {
  const items = s.items?.data ?? [];
  const first = items[0];
  const periodEnds = items.map((i) => i.current_period_end).filter((n): n is number => typeof n === 'number');
  return {
    id: s.id,
    customerId: idOf(s.customer) as string,
    status: s.status,
    priceId: first?.price?.id ?? null,
    productId: first ? idOf(first.price.product as string | { id: string }) : null,
    quantity: first?.quantity ?? 1,
    currentPeriodEnd: periodEnds.length ? isoFromUnix(Math.max(...periodEnds)) : null,
    cancelAtPeriodEnd: s.cancel_at_period_end,
    canceledAt: isoOrNull(s.canceled_at),
    endedAt: isoOrNull(s.ended_at),
    metadata: { ...s.metadata },
    createdAt: isoFromUnix(s.created),
  };
}
