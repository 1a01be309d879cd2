import { invalidParam } from '../errors';
import { allowOnly, bool, createdFilter, list, mergeMetadata, nullableStr, str } from '../params';
import { diff, emitFor, respond, type RequestContext, type Route } from '../router';
import { stripeId, type StripeObject, type StripeState } from '../state';

export const SUBSCRIPTION_STATUSES = ['active', 'canceled', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export interface NewSubscription {
  customer: string;
  price: string;
  quantity?: number;
  status?: SubscriptionStatus;
  metadata?: Record<string, string>;
  /** Unix seconds; defaults to the fake's now. */
  created?: number;
  /** Unix seconds; defaults to one billing interval after `created`. */
  currentPeriodEnd?: number;
  cancelAtPeriodEnd?: boolean;
}

function addInterval(seconds: number, interval: string, count: number): number {
  const d = new Date(seconds * 1000);
  if (interval === 'day') d.setUTCDate(d.getUTCDate() + count);
  else if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7 * count);
  else if (interval === 'year') d.setUTCFullYear(d.getUTCFullYear() + count);
  else d.setUTCMonth(d.getUTCMonth() + count);
  return Math.floor(d.getTime() / 1000);
}

function planFrom(price: StripeObject) {
  const recurring = (price.recurring ?? { interval: 'month', interval_count: 1 }) as { interval: string; interval_count: number };
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: price.metadata,
    nickname: price.nickname,
    product: price.product,
    usage_type: 'licensed',
  };
}

function itemFor(state: StripeState, subscriptionId: string, price: StripeObject, quantity: number, start: number, end: number) {
  return {
    id: stripeId('si'),
    object: 'subscription_item',
    created: start,
    current_period_end: end,
    current_period_start: start,
    discounts: [],
    metadata: {},
    plan: planFrom(price),
    price: structuredClone(price),
    quantity,
    subscription: subscriptionId,
    tax_rates: [],
  };
}

/** Builds and stores a subscription as Stripe would after a checkout (events are the caller's). */
export function createSubscription(state: StripeState, input: NewSubscription): StripeObject {
  state.require('customer', input.customer, 'customer', 400);
  const price = state.require('price', input.price, 'price', 400);
  if (price.type !== 'recurring') throw invalidParam('price', `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`);
  const created = input.created ?? state.nowSeconds();
  const recurring = price.recurring as { interval: string; interval_count: number };
  const periodEnd = input.currentPeriodEnd ?? addInterval(created, recurring.interval, recurring.interval_count);
  const id = stripeId('sub', 24);
  const status = input.status ?? 'active';
  const ended = status === 'canceled' || status === 'incomplete_expired';
  return state.insert({
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: created,
    billing_cycle_anchor_config: null,
    billing_mode: { type: 'flexible' },
    cancel_at: input.cancelAtPeriodEnd ? periodEnd : null,
    cancel_at_period_end: input.cancelAtPeriodEnd ?? false,
    canceled_at: ended ? created : null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: 'charge_automatically',
    created,
    currency: price.currency,
    customer: input.customer,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    description: null,
    discounts: [],
    ended_at: ended ? created : null,
    invoice_settings: { account_tax_ids: null, issuer: { type: 'self' } },
    items: { object: 'list', data: [itemFor(state, id, price, input.quantity ?? 1, created, periodEnd)], has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    metadata: input.metadata ?? {},
    pause_collection: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: created,
    status,
    test_clock: null,
    trial_end: status === 'trialing' ? periodEnd : null,
    trial_start: status === 'trialing' ? created : null,
  });
}

export interface SubscriptionChanges {
  status?: SubscriptionStatus;
  metadata?: Record<string, string>;
  cancelAtPeriodEnd?: boolean;
  /** Moves the (single) item to another price, as an upgrade or downgrade does. */
  price?: string;
  currentPeriodEnd?: number;
  description?: string | null;
}

/** Applies a change and records `customer.subscription.updated` (or `.deleted` on cancel). */
export function changeSubscription(state: StripeState, sub: StripeObject, changes: SubscriptionChanges, emit: (type: string, o: StripeObject, prev?: Record<string, unknown>) => void): StripeObject {
  const before = structuredClone(sub);
  const items = sub.items as { data: ReturnType<typeof itemFor>[] };
  const item = items.data[0] as ReturnType<typeof itemFor>;
  if (changes.price) {
    const price = state.require('price', changes.price, 'items[0][price]', 400);
    item.price = structuredClone(price);
    item.plan = planFrom(price);
  }
  if (changes.currentPeriodEnd !== undefined) item.current_period_end = changes.currentPeriodEnd;
  if (changes.metadata) sub.metadata = changes.metadata;
  if (changes.description !== undefined) sub.description = changes.description;
  if (changes.cancelAtPeriodEnd !== undefined) {
    sub.cancel_at_period_end = changes.cancelAtPeriodEnd;
    sub.cancel_at = changes.cancelAtPeriodEnd ? item.current_period_end : null;
  }
  if (changes.status && changes.status !== sub.status) {
    sub.status = changes.status;
    if (changes.status === 'canceled') {
      const now = state.nowSeconds();
      sub.canceled_at = now;
      sub.ended_at = now;
      sub.cancel_at_period_end = false;
    }
  }
  const prev = diff(before, sub);
  if (!prev) return sub;
  emit(sub.status === 'canceled' && before.status !== 'canceled' ? 'customer.subscription.deleted' : 'customer.subscription.updated', sub, prev);
  return sub;
}

function itemsPrice(ctx: RequestContext): string | undefined {
  const items = list(ctx.params, 'items');
  if (!items) return undefined;
  if (items.length !== 1 || typeof items[0] !== 'object' || Array.isArray(items[0])) {
    throw invalidParam('items', 'The fake supports changing exactly one subscription item.', 'parameter_invalid_array');
  }
  allowOnly(items[0], ['id', 'price', 'quantity']);
  return str(items[0], 'price');
}

export const subscriptionRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/v1\/subscriptions\/([^/]+)$/,
    handler: (ctx) => respond(ctx, ctx.state.require('subscription', ctx.ids[0] as string)),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/subscriptions\/([^/]+)$/,
    handler(ctx) {
      const sub = ctx.state.require('subscription', ctx.ids[0] as string);
      const p = ctx.params;
      allowOnly(p, ['metadata', 'cancel_at_period_end', 'items', 'proration_behavior', 'description']);
      if (sub.status === 'canceled') throw invalidParam('id', 'A canceled subscription can only update its cancellation_details and metadata.', 'subscription_canceled');
      return respond(
        ctx,
        changeSubscription(
          ctx.state,
          sub,
          {
            metadata: p.metadata === undefined ? undefined : mergeMetadata(sub.metadata as Record<string, string>, p),
            cancelAtPeriodEnd: bool(p, 'cancel_at_period_end'),
            price: itemsPrice(ctx),
            description: nullableStr(p, 'description'),
          },
          (type, o, prev) => emitFor(ctx, type, o, prev),
        ),
      );
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/v1\/subscriptions\/([^/]+)$/,
    handler(ctx) {
      const sub = ctx.state.require('subscription', ctx.ids[0] as string);
      allowOnly(ctx.params, ['invoice_now', 'prorate', 'cancellation_details']);
      return respond(ctx, changeSubscription(ctx.state, sub, { status: 'canceled' }, (type, o, prev) => emitFor(ctx, type, o, prev)));
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/subscriptions$/,
    handler(ctx) {
      const p = ctx.params;
      allowOnly(p, ['status', 'customer', 'price', 'limit', 'starting_after', 'ending_before', 'created', 'collection_method']);
      const status = str(p, 'status');
      if (status && status !== 'all' && status !== 'ended' && !(SUBSCRIPTION_STATUSES as readonly string[]).includes(status)) {
        throw invalidParam('status', `Invalid status: must be one of ${[...SUBSCRIPTION_STATUSES, 'all', 'ended'].join(', ')}`);
      }
      const customer = str(p, 'customer');
      const price = str(p, 'price');
      const created = createdFilter(p);
      const statusOk = (s: unknown) =>
        status === 'all' ||
        (status === 'ended' ? s === 'canceled' || s === 'incomplete_expired' : status ? s === status : s !== 'canceled' && s !== 'incomplete_expired');
      return respond(
        ctx,
        ctx.state.list('subscription', p, '/v1/subscriptions', (o) =>
          statusOk(o.status) &&
          (!customer || o.customer === customer) &&
          (!price || (o.items as { data: { price: { id: string } }[] }).data.some((i) => i.price.id === price)) &&
          (!created || created(o.created)),
        ),
      );
    },
  },
];
