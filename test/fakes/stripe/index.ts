import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorForStatus, StripeFakeError } from './errors';
import { parseForm, type FormParams } from './form';
import { accountRoutes } from './resources/account';
import { checkoutRoutes, completeCheckout } from './resources/checkout';
import { createCustomer, customerRoutes } from './resources/customers';
import { eventRoutes } from './resources/events';
import { priceRoutes } from './resources/prices';
import { productRoutes } from './resources/products';
import { changeSubscription, createSubscription, subscriptionRoutes, type SubscriptionChanges, type SubscriptionStatus } from './resources/subscriptions';
import type { RequestContext, Route } from './router';
import { API_VERSION, stripeId, StripeState, type StripeObject } from './state';
import { deliverStripeWebhook, type WebhookDeliveryOptions, type WebhookDeliveryResult } from './webhooks';

export type { StripeObject } from './state';
export type { WebhookDeliveryOptions, WebhookDeliveryResult } from './webhooks';

const ROUTES: Route[] = [...accountRoutes, ...productRoutes, ...priceRoutes, ...customerRoutes, ...checkoutRoutes, ...subscriptionRoutes, ...eventRoutes];
const MAX_BODY = 1024 * 1024;

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/prices/price_123`. */
  path: string;
  /** The decoded form body (POST) or query (GET, DELETE). */
  params: FormParams;
  idempotencyKey?: string;
  status: number;
  /** True when the answer was a replay of an earlier response for the same idempotency key. */
  replayed: boolean;
}

/**
 * How the fake is down: `'refuse'` closes the listener and drops open keep-alive sockets, so
 * clients see ECONNREFUSED (Stripe unreachable); `'503'` keeps listening and answers every
 * request 503 with an `api_error` (Stripe up but failing). `true` means `'refuse'`.
 */
export type DownMode = boolean | 'refuse' | '503';

export interface StripeFake {
  /** `http://127.0.0.1:<port>`: what STRIPE_API_BASE should be set to. */
  url: string;
  host: string;
  port: number;
  /** The only secret key the fake accepts (`Authorization: Bearer sk_test_…`). */
  apiKey: string;
  state: StripeState;
  close(): Promise<void>;
  setDown(mode: DownMode): Promise<void>;
  /** The next `n` API requests fail with `status` (and Stripe's error body for it) before any work. */
  failNext(n: number, status: number, code?: string): void;
  /** The next `n` API requests get Stripe's 429 `rate_limit` answer with `Retry-After: seconds`. */
  rateLimitNext(n: number, retryAfterSeconds: number): void;
  /** A product edited in the Dashboard (no API key of ours): emits `product.updated`. */
  editProductInDashboard(id: string, changes: { name?: string; description?: string | null; active?: boolean }): StripeObject;
  /** Every API request answered, oldest first. */
  requests: RecordedRequest[];
  clearRequests(): void;
  /** Moves the fake's clock (object `created` times, event times) forward. */
  advanceClock(seconds: number): void;
  /** A product with one price, as if made in the Dashboard (emits the created events). */
  createPrice(input: { productName?: string; unitAmount: number; currency?: string; interval?: 'day' | 'week' | 'month' | 'year' | null; lookupKey?: string }): { product: StripeObject; price: StripeObject };
  /** A subscription as if a buyer had subscribed; makes the customer from `email` when no `customer`. */
  createSubscription(input: { price: string; customer?: string; email?: string; status?: SubscriptionStatus; metadata?: Record<string, string>; created?: number; currentPeriodEnd?: number; cancelAtPeriodEnd?: boolean; quantity?: number }): StripeObject;
  /** A change made in Stripe (dunning, the customer portal…): emits `customer.subscription.updated`/`.deleted`. */
  updateSubscription(id: string, changes: SubscriptionChanges): StripeObject;
  /** The buyer pays: see `completeCheckout` in resources/checkout.ts. */
  completeCheckout(sessionId: string, buyer?: { email?: string; name?: string }): { session: StripeObject; subscription: StripeObject | null };
  /** Appends an event to the log as if Stripe had recorded it. */
  emitEvent(type: string, object: StripeObject, previousAttributes?: Record<string, unknown>): StripeObject;
  /** The event log, oldest first. */
  events(type?: string): StripeObject[];
  /** Signs and POSTs an event (or the logged event with that id) to a webhook endpoint. */
  deliverWebhook(targetUrl: string, secret: string, event: StripeObject | string, options?: WebhookDeliveryOptions): Promise<WebhookDeliveryResult>;
}

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: string;
  requestId: string;
}

export async function startStripeFake(options: { apiKey?: string } = {}): Promise<StripeFake> {
  const apiKey = options.apiKey ?? `sk_test_fake${randomBytes(12).toString('hex')}`;
  const state = new StripeState();
  const requests: RecordedRequest[] = [];
  const idempotency = new Map<string, StoredResponse>();
  const failures: { status: number; code?: string; retryAfter?: number }[] = [];
  let down: 'refuse' | '503' | null = null;

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>) {
    res.writeHead(status, {
      'content-type': 'application/json',
      'stripe-version': API_VERSION,
      'access-control-allow-origin': '*',
      ...headers,
    });
    res.end(body);
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) throw new StripeFakeError(413, 'invalid_request_error', 'Request body too large.');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  function authenticate(req: IncomingMessage): void {
    const header = req.headers.authorization ?? '';
    let key = '';
    if (header.startsWith('Bearer ')) key = header.slice(7).trim();
    else if (header.startsWith('Basic ')) key = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0] ?? '';
    if (!key) {
      throw new StripeFakeError(401, 'authentication_error', "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
    }
    if (key !== apiKey) {
      throw new StripeFakeError(401, 'authentication_error', `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = stripeId('req');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const idempotencyKey = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    const record: RecordedRequest = { method, path: url.pathname, params: {}, idempotencyKey, status: 0, replayed: false };
    const headers: Record<string, string> = { 'request-id': requestId };
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const finish = (status: number, body: string, extra: Record<string, string> = {}) => {
      record.status = status;
      requests.push(record);
      send(res, status, body, { ...headers, ...extra });
    };
    try {
      const raw = await readBody(req);
      record.params = method === 'POST' ? parseForm(raw) : parseForm(url.search.slice(1));
      if (down === '503') throw new StripeFakeError(503, 'api_error', 'Stripe is temporarily unavailable (the fake is set down).');
      const failure = failures.shift();
      if (failure?.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
      if (failure) throw errorForStatus(failure.status, failure.code);
      authenticate(req);

      // Idempotency: the first successful answer for a key is replayed for the same request;
      // the same key on a different request is an error. Failures are not saved, so a retry
      // after a failure does the work (Stripe does not save a result when validation fails).
      const fingerprint = `${method} ${url.pathname} ${canonical(record.params)}`;
      if (method === 'POST' && idempotencyKey) {
        const saved = idempotency.get(idempotencyKey);
        if (saved && saved.fingerprint !== fingerprint) {
          throw new StripeFakeError(
            400,
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          );
        }
        if (saved) {
          record.replayed = true;
          return finish(saved.status, saved.body, { 'idempotent-replayed': 'true', 'original-request': saved.requestId });
        }
      }

      const route = ROUTES.find((r) => r.method === method && r.pattern.test(url.pathname));
      if (!route) {
        throw new StripeFakeError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`);
      }
      const ids = (url.pathname.match(route.pattern) ?? []).slice(1).map(decodeURIComponent);
      const ctx: RequestContext = { method, path: url.pathname, params: record.params, ids, state, requestId, idempotencyKey };
      const body = JSON.stringify(route.handler(ctx), null, 2);
      if (method === 'POST' && idempotencyKey) idempotency.set(idempotencyKey, { fingerprint, status: 200, body, requestId });
      return finish(200, body);
    } catch (err) {
      if (err instanceof StripeFakeError) return finish(err.status, JSON.stringify(err.toBody(), null, 2));
      return finish(500, JSON.stringify({ error: { type: 'api_error', message: `The fake failed: ${(err as Error).message}` } }));
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await listen(server, 0);
  const port = (server.address() as AddressInfo).port;
  const host = '127.0.0.1';

  const eventObject = (event: StripeObject | string) => (typeof event === 'string' ? state.require('event', event) : event);

  return {
    url: `http://${host}:${port}`,
    host,
    port,
    apiKey,
    state,
    requests,
    clearRequests: () => void requests.splice(0),
    async close() {
      down = null;
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    async setDown(mode) {
      const next = mode === true ? 'refuse' : mode === false ? null : mode;
      if (next === down) return;
      if (down === 'refuse') await listen(server, port);
      if (next === 'refuse') {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
      down = next;
    },
    failNext(n, status, code) {
      for (let i = 0; i < n; i++) failures.push({ status, code });
    },
    rateLimitNext(n, retryAfterSeconds) {
      for (let i = 0; i < n; i++) failures.push({ status: 429, retryAfter: retryAfterSeconds });
    },
    editProductInDashboard(id, changes) {
      const product = state.require('product', id);
      const previous: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined) continue;
        previous[k] = product[k];
        product[k] = v;
      }
      product.updated = state.nowSeconds();
      previous.updated = product.updated;
      state.emit('product.updated', product, previous);
      return product;
    },
    advanceClock: (seconds) => state.advanceClock(seconds),
    createPrice(input) {
      const now = state.nowSeconds();
      const product = state.insert({
        id: stripeId('prod'), object: 'product', active: true, created: now, default_price: null, description: null, images: [], livemode: false,
        marketing_features: [], metadata: {}, name: input.productName ?? 'Membership', package_dimensions: null, shippable: null,
        statement_descriptor: null, tax_code: null, tax_details: null, type: 'service', unit_label: null, updated: now, url: null,
      });
      state.emit('product.created', product);
      const interval = input.interval === undefined ? 'month' : input.interval;
      const price = state.insert({
        id: stripeId('price', 24), object: 'price', active: true, billing_scheme: 'per_unit', created: now, currency: input.currency ?? 'usd',
        custom_unit_amount: null, livemode: false, lookup_key: input.lookupKey ?? null, metadata: {}, nickname: null, product: product.id,
        recurring: interval ? { interval, interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' } : null,
        tax_behavior: 'unspecified', tiers_mode: null, transform_quantity: null, type: interval ? 'recurring' : 'one_time',
        unit_amount: input.unitAmount, unit_amount_decimal: String(input.unitAmount),
      });
      state.emit('price.created', price);
      return { product, price };
    },
    createSubscription(input) {
      let customer = input.customer;
      if (!customer) {
        const created = createCustomer(state, { email: input.email ?? 'member@example.com' });
        state.emit('customer.created', created);
        customer = created.id;
      }
      const sub = createSubscription(state, { ...input, customer });
      state.emit('customer.subscription.created', sub);
      return sub;
    },
    updateSubscription(id, changes) {
      const sub = state.require('subscription', id);
      return changeSubscription(state, sub, changes, (type, o, prev) => state.emit(type, o, prev));
    },
    completeCheckout: (sessionId, buyer) => completeCheckout(state, sessionId, buyer),
    emitEvent: (type, object, previous) => state.emit(type, object, previous),
    events(type) {
      return state.all('event').filter((e) => !type || e.type === type);
    },
    deliverWebhook: (targetUrl, secret, event, opts) => deliverStripeWebhook(targetUrl, secret, eventObject(event), opts),
  };
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Key order does not matter to Stripe's idempotency check; values do. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
