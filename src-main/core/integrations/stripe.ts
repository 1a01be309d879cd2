import Stripe from 'stripe';
import { systemClock, type Clock } from '../platform/clock';
import { invalid } from '../platform/errors';
import { isRetryableStatus, ProviderError, retryAfterMsOf } from './provider-error';
import { createStripeWebhookVerifier, type StripeWebhookVerifier } from './stripe-webhooks';
import {
  toCheckoutSession,
  toCustomer,
  toPrice,
  toProduct,
  toSubscription,
  type StripeCheckoutSession,
  type StripeCustomer,
  type StripeInterval,
  type StripePrice,
  type StripeProduct,
  type StripeSubscription,
  type StripeSubscriptionStatus,
} from './stripe-types';

export * from './stripe-types';
export type { StripeWebhookVerifier } from './stripe-webhooks';

export interface StripeGatewayOptions {
  /** A secret (`sk_…`) or restricted (`rk_…`) key. */
  apiKey: string;
  /** Origin of the API, e.g. `http://127.0.0.1:12111` for a local fake; Stripe's own by default. */
  apiBase?: string;
  /** Per request; Stripe's SDK default is 80 s, too long for an owner waiting on a button. */
  timeoutMs?: number;
  /** The SDK's own retries for network errors, 409 and 5xx (with the same idempotency key). */
  maxNetworkRetries?: number;
  /** Now, for the webhook timestamp tolerance. */
  clock?: Clock;
}

/** Every write names its idempotency key, so a retried outbox job never does the work twice. */
interface Write {
  idempotencyKey: string;
}

export interface StripeGateway {
  createProduct(input: Write & { name: string; description?: string | null; active?: boolean; metadata?: Record<string, string> }): Promise<StripeProduct>;
  /** Metadata merges; a key set to null is removed. `description: null` clears it. */
  updateProduct(input: Write & { productId: string; name?: string; description?: string | null; active?: boolean; metadata?: Record<string, string | null> }): Promise<StripeProduct>;
  /** Stripe prices never change amount or interval: re-pricing is a new price, the old one set inactive. */
  createPrice(input: Write & { productId: string; unitAmount: number; currency: string; interval?: StripeInterval | null; intervalCount?: number; lookupKey?: string; transferLookupKey?: boolean; nickname?: string; metadata?: Record<string, string> }): Promise<StripePrice>;
  setPriceActive(input: Write & { priceId: string; active: boolean }): Promise<StripePrice>;
  /** Every page. */
  listProducts(filter?: { active?: boolean }): Promise<StripeProduct[]>;
  /** Every page. */
  listPrices(filter?: { productId?: string; active?: boolean }): Promise<StripePrice[]>;
  /** The newest customer with exactly this email, or a new one (`created: true`). */
  findOrCreateCustomer(input: Write & { email: string; name?: string; metadata?: Record<string, string> }): Promise<StripeCustomer & { created: boolean }>;
  /**
   * A hosted checkout for one price. `metadata` goes on the session and, in subscription mode, on
   * the subscription too, so `customer.subscription.*` events carry the tenant and member ids.
   */
  createCheckoutSession(input: Write & {
    priceId: string;
    quantity?: number;
    mode?: 'subscription' | 'payment';
    customerId?: string;
    customerEmail?: string;
    metadata: Record<string, string>;
    successUrl: string;
    cancelUrl: string;
    clientReferenceId?: string;
  }): Promise<StripeCheckoutSession>;
  retrieveSubscription(subscriptionId: string): Promise<StripeSubscription>;
  /**
   * Ends a subscription now (Stripe's DELETE), or at the end of the paid period. Cancelling one
   * that is already canceled returns it unchanged rather than failing, so a retried job is harmless.
   */
  cancelSubscription(input: Write & { subscriptionId: string; atPeriodEnd?: boolean }): Promise<StripeSubscription>;
  /** Every page. Without `status`, Stripe leaves canceled subscriptions out; pass `'all'` for them. */
  listSubscriptions(filter?: { status?: StripeSubscriptionStatus | 'all' | 'ended'; customerId?: string; priceId?: string }): Promise<StripeSubscription[]>;
  /**
   * Events for reconciliation after time offline, oldest first, every page. From `startingAfterId`
   * (the last event already handled) when given, else from `createdAfter` (ISO). Stripe's times
   * are whole seconds, so events in the same second as `createdAfter` are included: handlers
   * dedupe by event id anyway. Stripe keeps events for 30 days.
   */
  listEventsSince(input: { createdAfter: string; startingAfterId?: string; types?: string[] }): Promise<Stripe.Event[]>;
  /** The account the key belongs to (Settings → Providers → Test connection). */
  retrieveAccount(): Promise<{ id: string; name: string | null; email: string | null }>;
  webhooks: StripeWebhookVerifier;
}

export function createStripeGateway(options: StripeGatewayOptions): StripeGateway {
  if (!options.apiKey || !/^(sk|rk)_/.test(options.apiKey)) {
    throw invalid('stripe.apiKey', 'must be a Stripe secret key (sk_…) or restricted key (rk_…)');
  }
  const stripe = new Stripe(options.apiKey, {
    ...connectionFrom(options.apiBase),
    maxNetworkRetries: options.maxNetworkRetries ?? 1,
    telemetry: false,
    timeout: options.timeoutMs ?? 30_000,
  });
  const opts = (w: Write): Stripe.RequestOptions => ({ idempotencyKey: w.idempotencyKey });

  return {
    createProduct: (input) =>
      call(async () =>
        toProduct(
          await stripe.products.create(
            {
              name: input.name,
              // Stripe refuses an empty description on create; absent means none.
              ...(input.description ? { description: input.description } : {}),
              active: input.active,
              metadata: input.metadata,
            },
            opts(input),
          ),
        ),
      ),

    updateProduct: (input) =>
      call(async () =>
        toProduct(
          await stripe.products.update(
            input.productId,
            {
              name: input.name,
              description: input.description === null ? '' : input.description,
              active: input.active,
              metadata: input.metadata ? unsetNulls(input.metadata) : undefined,
            },
            opts(input),
          ),
        ),
      ),

    createPrice: (input) =>
      call(async () =>
        toPrice(
          await stripe.prices.create(
            {
              product: input.productId,
              unit_amount: input.unitAmount,
              currency: input.currency.toLowerCase(),
              recurring: input.interval ? { interval: input.interval, interval_count: input.intervalCount ?? 1 } : undefined,
              lookup_key: input.lookupKey,
              transfer_lookup_key: input.transferLookupKey,
              nickname: input.nickname,
              metadata: input.metadata,
            },
            opts(input),
          ),
        ),
      ),

    setPriceActive: (input) => call(async () => toPrice(await stripe.prices.update(input.priceId, { active: input.active }, opts(input)))),

    listProducts: (filter = {}) =>
      call(async () => {
        const out: StripeProduct[] = [];
        for await (const p of stripe.products.list({ limit: 100, active: filter.active })) out.push(toProduct(p));
        return out;
      }),

    listPrices: (filter = {}) =>
      call(async () => {
        const out: StripePrice[] = [];
        for await (const p of stripe.prices.list({ limit: 100, product: filter.productId, active: filter.active })) out.push(toPrice(p));
        return out;
      }),

    findOrCreateCustomer: (input) =>
      call(async () => {
        const email = input.email.trim();
        const found = await stripe.customers.list({ email, limit: 1 });
        const existing = found.data[0];
        if (existing) return { ...toCustomer(existing), created: false };
        const created = await stripe.customers.create({ email, name: input.name, metadata: input.metadata }, opts(input));
        return { ...toCustomer(created), created: true };
      }),

    createCheckoutSession: (input) =>
      call(async () => {
        const mode = input.mode ?? 'subscription';
        const session = await stripe.checkout.sessions.create(
          {
            mode,
            line_items: [{ price: input.priceId, quantity: input.quantity ?? 1 }],
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
            customer: input.customerId,
            customer_email: input.customerId ? undefined : input.customerEmail,
            client_reference_id: input.clientReferenceId,
            metadata: input.metadata,
            subscription_data: mode === 'subscription' ? { metadata: input.metadata } : undefined,
          },
          opts(input),
        );
        return toCheckoutSession(session);
      }),

    retrieveAccount: () =>
      call(async () => {
        const a = await stripe.accounts.retrieveCurrent();
        return { id: a.id, name: a.settings?.dashboard?.display_name || a.business_profile?.name || null, email: a.email ?? null };
      }),

    retrieveSubscription: (subscriptionId) => call(async () => toSubscription(await stripe.subscriptions.retrieve(subscriptionId))),

    cancelSubscription: (input) =>
      call(async () => {
        const current = await stripe.subscriptions.retrieve(input.subscriptionId);
        if (current.status === 'canceled' || current.status === 'incomplete_expired') return toSubscription(current);
        if (input.atPeriodEnd) {
          return toSubscription(await stripe.subscriptions.update(input.subscriptionId, { cancel_at_period_end: true }, opts(input)));
        }
        return toSubscription(await stripe.subscriptions.cancel(input.subscriptionId, {}, opts(input)));
      }),

    listSubscriptions: (filter = {}) =>
      call(async () => {
        const out: StripeSubscription[] = [];
        const params: Stripe.SubscriptionListParams = { limit: 100, status: filter.status, customer: filter.customerId, price: filter.priceId };
        for await (const s of stripe.subscriptions.list(params)) out.push(toSubscription(s));
        return out;
      }),

    listEventsSince: (input) =>
      call(async () => {
        const createdMs = Date.parse(input.createdAfter);
        if (Number.isNaN(createdMs)) throw invalid('createdAfter', `"${input.createdAfter}" is not an ISO date-time`);
        const base: Stripe.EventListParams = { limit: 100, created: { gte: Math.floor(createdMs / 1000) }, types: input.types };
        if (input.startingAfterId) {
          try {
            return await collect(stripe.events.list({ ...base, ending_before: input.startingAfterId }));
          } catch (err) {
            // The cursor event aged out of Stripe's 30-day window: fall back to the time.
            if (!(err instanceof Stripe.errors.StripeError && err.code === 'resource_missing')) throw err;
          }
        }
        // Stripe lists newest first; with `ending_before` the SDK walks oldest first already.
        return (await collect(stripe.events.list(base))).reverse();
      }),

    webhooks: createStripeWebhookVerifier(stripe, options.clock ?? systemClock),
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Stripe removes a metadata key when it is set to the empty string. */
function unsetNulls(metadata: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, v ?? '']));
}

function connectionFrom(apiBase: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiBase) return {};
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    throw invalid('stripe.apiBase', `"${apiBase}" is not a URL; expected an origin such as http://127.0.0.1:12111`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('stripe.apiBase', `must be http or https, not ${url.protocol}`);
  if (url.pathname !== '/' || url.search || url.hash) {
    throw invalid('stripe.apiBase', `must be an origin without a path (the SDK adds /v1/…); got "${apiBase}"`);
  }
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || (protocol === 'https' ? 443 : 80), protocol };
}

/** Runs an SDK call and turns Stripe's errors into ProviderError; our own errors pass through. */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toProviderError(err);
  }
}

export function toProviderError(err: unknown): unknown {
  if (!(err instanceof Stripe.errors.StripeError)) return err;
  const status = err.statusCode;
  const unreachable = err instanceof Stripe.errors.StripeConnectionError || status === undefined;
  return new ProviderError({
    provider: 'stripe',
    status,
    code: err.code,
    param: err.param,
    requestId: err.requestId,
    retryAfterMs: retryAfterMsOf((err.headers as Record<string, string | undefined> | undefined)?.['retry-after']),
    retryable: unreachable || isRetryableStatus(status as number),
    message: unreachable ? `Stripe could not be reached: ${err.message}` : `Stripe: ${err.message}`,
    cause: err,
  });
}
