import type { Checkout, ListOrders, ListSubscriptions, ListVariants } from '@lemonsqueezy/lemonsqueezy.js';

// Our own small shapes for what the console reads from Lemon Squeezy. Ids are strings (JSON:API
// ids are strings; the numeric `*_id` attributes are turned into strings too), times UTC ISO,
// money integer cents.

export type LemonSqueezyInterval = 'day' | 'week' | 'month' | 'year';

export interface LemonSqueezyVariant {
  id: string;
  productId: string;
  name: string;
  status: string;
  /** Cents; Lemon Squeezy marks it deprecated in favour of price models, but still sends it. */
  priceCents: number | null;
  isSubscription: boolean;
  interval: LemonSqueezyInterval | null;
  intervalCount: number | null;
  testMode: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LemonSqueezySubscription {
  id: string;
  storeId: string;
  customerId: string;
  orderId: string;
  productId: string;
  variantId: string;
  productName: string;
  variantName: string;
  userName: string;
  userEmail: string;
  /** on_trial, active, paused, past_due, unpaid, cancelled, expired. */
  status: string;
  cancelled: boolean;
  renewsAt: string | null;
  endsAt: string | null;
  trialEndsAt: string | null;
  testMode: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LemonSqueezyOrder {
  id: string;
  storeId: string;
  customerId: string;
  userName: string;
  userEmail: string;
  /** pending, failed, paid, refunded, partial_refund, fraudulent. */
  status: string;
  /** Cents. */
  total: number;
  currency: string;
  /** The variant of the order's first item (what was bought). */
  variantId: string;
  testMode: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LemonSqueezyCheckout {
  id: string;
  url: string;
  expiresAt: string | null;
}

type VariantData = ListVariants['data'][number];
type SubscriptionData = ListSubscriptions['data'][number];
type OrderData = ListOrders['data'][number];

const iso = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);
const idString = (value: number | string | null | undefined) => (value == null ? '' : String(value));

export function toVariant(v: VariantData): LemonSqueezyVariant {
  const a = v.attributes;
  return {
    id: String(v.id),
    productId: idString(a.product_id),
    name: a.name,
    status: a.status,
    priceCents: typeof a.price === 'number' ? a.price : null,
    isSubscription: Boolean(a.is_subscription),
    interval: a.interval ?? null,
    intervalCount: a.interval_count ?? null,
    testMode: Boolean(a.test_mode),
    createdAt: iso(a.created_at) as string,
    updatedAt: iso(a.updated_at) as string,
  };
}

/** Also for the `data` of `subscription_*` webhooks, so both paths agree. */
export function toSubscription(s: SubscriptionData): LemonSqueezySubscription {
  const a = s.attributes;
  return {
    id: String(s.id),
    storeId: idString(a.store_id),
    customerId: idString(a.customer_id),
    orderId: idString(a.order_id),
    productId: idString(a.product_id),
    variantId: idString(a.variant_id),
    productName: a.product_name,
    variantName: a.variant_name,
    userName: a.user_name,
    userEmail: a.user_email,
    status: a.status,
    cancelled: Boolean(a.cancelled),
    renewsAt: iso(a.renews_at),
    endsAt: iso(a.ends_at),
    trialEndsAt: iso(a.trial_ends_at),
    testMode: Boolean(a.test_mode),
    createdAt: iso(a.created_at) as string,
    updatedAt: iso(a.updated_at) as string,
  };
}

export function toOrder(o: OrderData): LemonSqueezyOrder {
  const a = o.attributes;
  return {
    id: String(o.id),
    storeId: idString(a.store_id),
    customerId: idString(a.customer_id),
    userName: a.user_name,
    userEmail: a.user_email,
    status: a.status,
    total: a.total,
    currency: a.currency,
    variantId: idString(a.first_order_item?.variant_id),
    testMode: Boolean(a.test_mode),
    createdAt: iso(a.created_at) as string,
    updatedAt: iso(a.updated_at) as string,
  };
}

export function toCheckout(c: Checkout['data']): LemonSqueezyCheckout {
  return { id: String(c.id), url: c.attributes.url, expiresAt: iso(c.attributes.expires_at) };
}
