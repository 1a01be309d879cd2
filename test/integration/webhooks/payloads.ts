import { randomBytes } from 'node:crypto';

// Realistic provider payloads, shaped as Stripe (API version 2025+, periods on subscription
// items; invoices linked through parent.subscription_details) and Lemon Squeezy (JSON:API
// documents with meta.event_name and meta.custom_data) send them.

export const STRIPE_API_VERSION = '2026-10-28.endive';
const rid = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
export const stripeIds = {
  event: () => rid('evt'),
  customer: () => rid('cus'),
  subscription: () => rid('sub'),
  session: () => rid('cs_test'),
  invoice: () => rid('in'),
};
export const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export interface StripeEventOptions {
  id?: string;
  /** Unix seconds of the event (what newest-wins compares). */
  created: number;
  previousAttributes?: Record<string, unknown>;
}

export function stripeEvent(type: string, object: Record<string, unknown>, options: StripeEventOptions) {
  return {
    id: options.id ?? stripeIds.event(),
    object: 'event',
    api_version: STRIPE_API_VERSION,
    created: options.created,
    data: { object, ...(options.previousAttributes ? { previous_attributes: options.previousAttributes } : {}) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

export function checkoutSession(o: {
  customer: string;
  subscription: string;
  email?: string;
  name?: string;
  metadata?: Record<string, string>;
  amountTotal?: number;
  created: number;
  mode?: 'subscription' | 'payment';
}) {
  return {
    id: stripeIds.session(),
    object: 'checkout.session',
    amount_subtotal: o.amountTotal ?? 4900,
    amount_total: o.amountTotal ?? 4900,
    cancel_url: 'https://example.com/pricing',
    client_reference_id: null,
    created: o.created,
    currency: 'usd',
    customer: o.customer,
    customer_creation: 'always',
    customer_details: { address: null, email: o.email ?? null, name: o.name ?? null, phone: null, tax_exempt: 'none', tax_ids: [] },
    customer_email: null,
    expires_at: o.created + 86_400,
    livemode: false,
    metadata: o.metadata ?? {},
    mode: o.mode ?? 'subscription',
    payment_method_types: ['card'],
    payment_status: 'paid',
    status: 'complete',
    subscription: o.mode === 'payment' ? null : o.subscription,
    success_url: 'https://example.com/welcome?session_id={CHECKOUT_SESSION_ID}',
  };
}

export function subscriptionObject(o: {
  id: string;
  customer: string;
  status: string;
  priceId?: string;
  unitAmount?: number;
  interval?: 'month' | 'year';
  periodStart: number;
  periodEnd: number;
  cancelAtPeriodEnd?: boolean;
  canceledAt?: number | null;
  metadata?: Record<string, string>;
  /** API versions before 2025-03-31 put the period on the subscription itself. */
  legacyPeriod?: boolean;
}) {
  const priceId = o.priceId ?? 'price_monthly_49';
  const period = { current_period_start: o.periodStart, current_period_end: o.periodEnd };
  return {
    id: o.id,
    object: 'subscription',
    billing_cycle_anchor: o.periodStart,
    cancel_at: o.cancelAtPeriodEnd ? o.periodEnd : null,
    cancel_at_period_end: o.cancelAtPeriodEnd ?? false,
    canceled_at: o.canceledAt ?? null,
    collection_method: 'charge_automatically',
    created: o.periodStart,
    currency: 'usd',
    customer: o.customer,
    ended_at: o.status === 'canceled' ? (o.canceledAt ?? o.periodEnd) : null,
    items: {
      object: 'list',
      data: [
        {
          id: rid('si'),
          object: 'subscription_item',
          created: o.periodStart,
          ...(o.legacyPeriod ? {} : period),
          metadata: {},
          price: {
            id: priceId,
            object: 'price',
            active: true,
            currency: 'usd',
            product: 'prod_community',
            recurring: { interval: o.interval ?? 'month', interval_count: 1, usage_type: 'licensed' },
            type: 'recurring',
            unit_amount: o.unitAmount ?? 4900,
          },
          quantity: 1,
          subscription: o.id,
        },
      ],
      has_more: false,
      url: `/v1/subscription_items?subscription=${o.id}`,
    },
    ...(o.legacyPeriod ? period : {}),
    livemode: false,
    metadata: o.metadata ?? {},
    start_date: o.periodStart,
    status: o.status,
  };
}

export function invoiceObject(o: { customer: string; subscription: string; status: 'open' | 'paid'; amount?: number; created: number; metadata?: Record<string, string> }) {
  const amount = o.amount ?? 4900;
  return {
    id: stripeIds.invoice(),
    object: 'invoice',
    amount_due: amount,
    amount_paid: o.status === 'paid' ? amount : 0,
    amount_remaining: o.status === 'paid' ? 0 : amount,
    attempt_count: 1,
    billing_reason: 'subscription_cycle',
    collection_method: 'charge_automatically',
    created: o.created,
    currency: 'usd',
    customer: o.customer,
    livemode: false,
    metadata: {},
    parent: {
      quote_details: null,
      subscription_details: { metadata: o.metadata ?? {}, subscription: o.subscription },
      type: 'subscription_details',
    },
    period_end: o.created,
    period_start: o.created - 30 * 86_400,
    status: o.status,
    total: amount,
  };
}

// ── Lemon Squeezy ──────────────────────────────────────────────────────────────────────────

export function lsSubscriptionEvent(
  eventName: string,
  o: {
    id: string;
    customerId?: number;
    variantId?: number;
    status: 'on_trial' | 'active' | 'paused' | 'past_due' | 'unpaid' | 'cancelled' | 'expired';
    email: string;
    name?: string;
    renewsAt: string;
    endsAt?: string | null;
    createdAt: string;
    updatedAt: string;
    customData?: Record<string, string>;
  },
) {
  return {
    meta: { test_mode: true, event_name: eventName, custom_data: o.customData ?? {}, webhook_id: 'a1b2c3d4-0000-4000-8000-000000000001' },
    data: {
      type: 'subscriptions',
      id: o.id,
      attributes: {
        store_id: 4711,
        customer_id: o.customerId ?? 90001,
        order_id: 70001,
        order_item_id: 71001,
        product_id: 5001,
        variant_id: o.variantId ?? 6001,
        product_name: 'Community',
        variant_name: 'Monthly',
        user_name: o.name ?? 'Lee Member',
        user_email: o.email,
        status: o.status,
        status_formatted: o.status.replace(/^./, (c) => c.toUpperCase()),
        card_brand: 'visa',
        card_last_four: '4242',
        payment_processor: 'stripe',
        pause: null,
        cancelled: o.status === 'cancelled',
        trial_ends_at: null,
        billing_anchor: 12,
        first_subscription_item: { id: 81001, subscription_id: Number(o.id), price_id: 91001, quantity: 1, created_at: o.createdAt, updated_at: o.updatedAt },
        urls: { update_payment_method: 'https://example.lemonsqueezy.com/subscription/1/payment-details', customer_portal: 'https://example.lemonsqueezy.com/billing' },
        renews_at: o.renewsAt,
        ends_at: o.endsAt ?? null,
        created_at: o.createdAt,
        updated_at: o.updatedAt,
        test_mode: true,
      },
      relationships: {},
      links: { self: `https://api.lemonsqueezy.com/v1/subscriptions/${o.id}` },
    },
  };
}

export function lsInvoiceEvent(eventName: string, o: { id: string; subscriptionId: string; customerId?: number; status: 'paid' | 'pending'; total?: number; updatedAt: string; customData?: Record<string, string> }) {
  return {
    meta: { test_mode: true, event_name: eventName, custom_data: o.customData ?? {} },
    data: {
      type: 'subscription-invoices',
      id: o.id,
      attributes: {
        store_id: 4711,
        subscription_id: Number(o.subscriptionId),
        customer_id: o.customerId ?? 90001,
        user_name: 'Lee Member',
        user_email: 'lee@example.com',
        billing_reason: 'renewal',
        currency: 'USD',
        status: o.status,
        refunded: false,
        subtotal: o.total ?? 4900,
        discount_total: 0,
        tax: 0,
        total: o.total ?? 4900,
        created_at: o.updatedAt,
        updated_at: o.updatedAt,
        test_mode: true,
      },
    },
  };
}

export function lsOrderEvent(o: { id: string; email: string; name?: string; customerId?: number; status?: string; updatedAt: string; customData?: Record<string, string> }) {
  return {
    meta: { test_mode: true, event_name: 'order_created', custom_data: o.customData ?? {} },
    data: {
      type: 'orders',
      id: o.id,
      attributes: {
        store_id: 4711,
        customer_id: o.customerId ?? 90002,
        identifier: '104e18a2-d755-4d4b-80c4-a6c1dcbe1c10',
        order_number: 1,
        user_name: o.name ?? 'Ola Order',
        user_email: o.email,
        currency: 'USD',
        status: o.status ?? 'paid',
        total: 4900,
        first_order_item: { id: 1, order_id: Number(o.id), product_id: 5001, variant_id: 6001, price: 4900, quantity: 1 },
        created_at: o.updatedAt,
        updated_at: o.updatedAt,
        test_mode: true,
      },
    },
  };
}
