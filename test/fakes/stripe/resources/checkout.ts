import { invalidParam, missingParam, StripeFakeError } from '../errors';
import { allowOnly, createdFilter, int, list, mergeMetadata, nullableStr, obj, requireStr, str } from '../params';
import { respond, type Route } from '../router';
import { stripeId, type StripeObject, type StripeState } from '../state';
import { createCustomer } from './customers';
import { createSubscription } from './subscriptions';

interface LineItem {
  price: string;
  quantity: number;
}

function validUrl(param: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    const u = new URL(value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return value;
  } catch {
    // fall through to Stripe's message
  }
  throw invalidParam(param, 'Not a valid URL', 'url_invalid');
}

function lineItemsFrom(state: StripeState, raw: ReturnType<typeof list>, mode: string): { items: LineItem[]; prices: StripeObject[] } {
  if (!raw || raw.length === 0) {
    if (mode === 'setup') return { items: [], prices: [] };
    throw missingParam('line_items');
  }
  const items: LineItem[] = [];
  const prices: StripeObject[] = [];
  raw.forEach((entry, i) => {
    if (typeof entry !== 'object' || Array.isArray(entry)) throw invalidParam(`line_items[${i}]`, 'Invalid object', 'parameter_invalid_object');
    allowOnly(entry, ['price', 'quantity', 'adjustable_quantity']);
    const priceId = str(entry, 'price');
    if (!priceId) throw missingParam(`line_items[${i}][price]`);
    const price = state.require('price', priceId, `line_items[${i}][price]`, 400);
    if (!price.active) throw invalidParam(`line_items[${i}][price]`, `The price \`${priceId}\` is not active and cannot be used to create a Checkout Session.`, 'price_inactive');
    const quantity = int(entry, 'quantity');
    if (quantity === undefined) throw invalidParam(`line_items[${i}][quantity]`, `Quantity is required. Add \`quantity\` to \`line_items[${i}]\``, 'parameter_missing');
    items.push({ price: priceId, quantity });
    prices.push(price);
  });
  if (mode === 'subscription' && !prices.some((p) => p.type === 'recurring')) {
    throw new StripeFakeError(400, 'invalid_request_error', 'You must provide at least one recurring price in `subscription` mode when using prices.', 'parameter_invalid_empty', 'line_items');
  }
  if (mode === 'payment' && prices.some((p) => p.type === 'recurring')) {
    throw new StripeFakeError(400, 'invalid_request_error', 'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.', undefined, 'line_items');
  }
  return { items, prices };
}

export const checkoutRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/checkout\/sessions$/,
    handler(ctx) {
      const p = ctx.params;
      allowOnly(p, ['mode', 'line_items', 'success_url', 'cancel_url', 'customer', 'customer_email', 'metadata', 'client_reference_id', 'subscription_data', 'payment_method_types', 'allow_promotion_codes', 'locale', 'expires_at']);
      const mode = requireStr(p, 'mode');
      if (!['payment', 'subscription', 'setup'].includes(mode)) throw invalidParam('mode', `Invalid mode: must be one of payment, setup, or subscription`);
      const customer = str(p, 'customer');
      const customerEmail = str(p, 'customer_email');
      if (customer && customerEmail) {
        throw new StripeFakeError(400, 'invalid_request_error', 'You may only specify one of these parameters: customer, customer_email.', undefined, 'customer_email');
      }
      if (customer) ctx.state.require('customer', customer, 'customer', 400);
      const { items, prices } = lineItemsFrom(ctx.state, list(p, 'line_items'), mode);
      const subscriptionData = obj(p, 'subscription_data');
      if (subscriptionData) allowOnly(subscriptionData, ['metadata', 'trial_period_days', 'description']);
      const now = ctx.state.nowSeconds();
      const id = stripeId('cs_test', 58);
      const amount = items.reduce((sum, item, i) => sum + (prices[i]?.unit_amount as number) * item.quantity, 0);
      const session: StripeObject = {
        id,
        object: 'checkout.session',
        amount_subtotal: amount,
        amount_total: amount,
        cancel_url: validUrl('cancel_url', str(p, 'cancel_url')),
        client_reference_id: nullableStr(p, 'client_reference_id') ?? null,
        created: now,
        currency: (prices[0]?.currency as string | undefined) ?? null,
        customer: customer ?? null,
        customer_details: null,
        customer_email: customerEmail ?? null,
        expires_at: int(p, 'expires_at') ?? now + 24 * 3600,
        livemode: false,
        locale: str(p, 'locale') ?? null,
        metadata: mergeMetadata({}, p),
        mode,
        payment_intent: null,
        payment_status: mode === 'setup' ? 'no_payment_required' : 'unpaid',
        status: 'open',
        subscription: null,
        success_url: validUrl('success_url', str(p, 'success_url')),
        ui_mode: 'hosted',
        url: `https://checkout.stripe.com/c/pay/${id}`,
      };
      ctx.state.insert(session, {
        lineItems: items,
        subscriptionMetadata: subscriptionData ? mergeMetadata({}, subscriptionData) : {},
      });
      return respond(ctx, session);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/,
    handler: (ctx) => respond(ctx, ctx.state.require('checkout.session', ctx.ids[0] as string)),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/checkout\/sessions$/,
    handler(ctx) {
      const p = ctx.params;
      allowOnly(p, ['customer', 'subscription', 'status', 'limit', 'starting_after', 'ending_before', 'created']);
      const customer = str(p, 'customer');
      const subscription = str(p, 'subscription');
      const status = str(p, 'status');
      const created = createdFilter(p);
      return respond(
        ctx,
        ctx.state.list('checkout.session', p, '/v1/checkout/sessions', (o) =>
          (!customer || o.customer === customer) && (!subscription || o.subscription === subscription) && (!status || o.status === status) && (!created || created(o.created)),
        ),
      );
    },
  },
];

/**
 * What happens in Stripe when the buyer pays: a customer (if the session had only an email), a
 * subscription carrying `subscription_data.metadata`, the session marked complete, and the events
 * `customer.created`, `customer.subscription.created`, `checkout.session.completed` in that order.
 */
export function completeCheckout(state: StripeState, sessionId: string, buyer: { email?: string; name?: string } = {}): { session: StripeObject; subscription: StripeObject | null } {
  const session = state.require('checkout.session', sessionId);
  if (session.status !== 'open') throw new Error(`checkout session ${sessionId} is ${String(session.status)}, not open`);
  const hidden = state.hidden(sessionId) as { lineItems: LineItem[]; subscriptionMetadata: Record<string, string> };
  let customerId = session.customer as string | null;
  const email = buyer.email ?? (session.customer_email as string | null) ?? 'buyer@example.com';
  if (!customerId) {
    const customer = createCustomer(state, { email, name: buyer.name ?? null });
    state.emit('customer.created', customer);
    customerId = customer.id;
  }
  let subscription: StripeObject | null = null;
  if (session.mode === 'subscription') {
    const item = hidden.lineItems[0] as LineItem;
    subscription = createSubscription(state, { customer: customerId, price: item.price, quantity: item.quantity, metadata: hidden.subscriptionMetadata });
    state.emit('customer.subscription.created', subscription);
  }
  Object.assign(session, {
    customer: customerId,
    customer_details: { email, name: buyer.name ?? null, address: null, phone: null, tax_exempt: 'none', tax_ids: [] },
    payment_status: session.mode === 'setup' ? 'no_payment_required' : 'paid',
    status: 'complete',
    subscription: subscription?.id ?? null,
    url: null,
  });
  state.emit('checkout.session.completed', session);
  return { session, subscription };
}
