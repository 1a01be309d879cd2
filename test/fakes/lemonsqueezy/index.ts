import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonApiError, page, single, titleFor, type Resource } from './jsonapi';
import { LemonSqueezyState } from './state';
import { deliverLemonSqueezyWebhook, type LemonSqueezyDeliveryOptions, type LemonSqueezyDeliveryResult, type LemonSqueezyWebhookPayload } from './webhooks';

export type { Resource } from './jsonapi';
export type { LemonSqueezyWebhookPayload, LemonSqueezyDeliveryOptions, LemonSqueezyDeliveryResult } from './webhooks';

const MEDIA_TYPE = 'application/vnd.api+json';

/** The `filter[...]` keys each list endpoint accepts, as in Lemon Squeezy's API reference. */
const FILTERS: Record<string, string[]> = {
  stores: [],
  products: ['store_id'],
  variants: ['product_id', 'status'],
  subscriptions: ['store_id', 'order_id', 'order_item_id', 'product_id', 'variant_id', 'user_email', 'status'],
  checkouts: ['store_id', 'variant_id'],
  orders: ['store_id', 'user_email'],
};

export interface RecordedLsRequest {
  method: string;
  path: string;
  /** Raw query pairs, e.g. `{ 'filter[product_id]': '3', 'page[number]': '2' }`. */
  query: Record<string, string>;
  /** The parsed JSON body of a POST/PATCH. */
  body: unknown;
  status: number;
}

/**
 * How the fake is down: `'refuse'` (or `true`) closes the listener and open sockets, so fetch
 * fails with ECONNREFUSED; `'503'` keeps answering, with a JSON:API 503 error.
 */
export type LsDownMode = boolean | 'refuse' | '503';

export interface LemonSqueezyFake {
  /** What LEMONSQUEEZY_API_BASE should be set to. */
  url: string;
  apiKey: string;
  state: LemonSqueezyState;
  close(): Promise<void>;
  setDown(mode: LsDownMode): Promise<void>;
  /** The next `n` API requests fail with `status` and a JSON:API error. */
  failNext(n: number, status: number, detail?: string): void;
  /** The next `n` API requests get a 429 with `Retry-After: seconds`, as Lemon Squeezy's rate limit answers. */
  rateLimitNext(n: number, retryAfterSeconds: number): void;
  requests: RecordedLsRequest[];
  clearRequests(): void;
  addStore(attrs?: Record<string, unknown>): Resource;
  addProduct(storeId: string, attrs?: Record<string, unknown>): Resource;
  /** A variant; `interval: null` makes a one-time one. Price in cents (`price: 2900`). */
  addVariant(productId: string, attrs?: Record<string, unknown>): Resource;
  addSubscription(variantId: string, attrs?: Record<string, unknown>): Resource;
  updateSubscription(id: string, attrs: Record<string, unknown>): Resource;
  /** A paid order (a one-time purchase), listed by GET /v1/orders. */
  addOrder(variantId: string, attrs?: Record<string, unknown>): Resource;
  /** A store, a product and its variants (monthly and yearly unless given). */
  seedCatalog(variants?: Record<string, unknown>[]): { store: Resource; product: Resource; variants: Resource[] };
  /** Checkouts created through the API, oldest first. */
  checkouts(): Resource[];
  /** The body for a `subscription_*` event about a stored subscription. */
  subscriptionPayload(subscriptionId: string, customData?: Record<string, unknown>): LemonSqueezyWebhookPayload;
  deliverWebhook(targetUrl: string, signingSecret: string, eventName: string, payload: LemonSqueezyWebhookPayload, options?: LemonSqueezyDeliveryOptions): Promise<LemonSqueezyDeliveryResult>;
}

export async function startLemonSqueezyFake(options: { apiKey?: string } = {}): Promise<LemonSqueezyFake> {
  const apiKey = options.apiKey ?? `ls_test_${randomBytes(16).toString('hex')}`;
  const requests: RecordedLsRequest[] = [];
  const failures: { status: number; detail?: string; retryAfter?: number }[] = [];
  let down: 'refuse' | '503' | null = null;
  const server = createServer((req, res) => void handle(req, res));
  await listen(server, 0);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const state = new LemonSqueezyState(url);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = (req.method ?? 'GET').toUpperCase();
    const u = new URL(req.url ?? '/', url);
    const record: RecordedLsRequest = { method, path: u.pathname, query: Object.fromEntries(u.searchParams), body: undefined, status: 0 };
    let retryAfter: number | undefined;
    const finish = (status: number, body: unknown) => {
      record.status = status;
      requests.push(record);
      const limit = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter), 'x-ratelimit-remaining': '0' };
      res.writeHead(status, { 'content-type': MEDIA_TYPE, 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '299', ...limit });
      res.end(JSON.stringify(body));
    };
    try {
      const text = await readBody(req);
      if (text) {
        try {
          record.body = JSON.parse(text);
        } catch {
          throw new JsonApiError(400, 'Bad Request', 'The request body is not valid JSON.');
        }
      }
      if (down === '503') throw new JsonApiError(503, 'Service Unavailable', 'Lemon Squeezy is temporarily unavailable (the fake is set down).');
      const failure = failures.shift();
      retryAfter = failure?.retryAfter;
      if (failure) throw new JsonApiError(failure.status, titleFor(failure.status), failure.detail ?? `Simulated ${failure.status} from the fake.`);
      if (req.headers.authorization !== `Bearer ${apiKey}`) throw new JsonApiError(401, 'Unauthorized', 'Unauthenticated.');
      if (!(req.headers.accept ?? '').includes(MEDIA_TYPE)) throw new JsonApiError(406, 'Not Acceptable', `Send "Accept: ${MEDIA_TYPE}".`);
      finish(...route(method, u, record.body));
    } catch (err) {
      if (err instanceof JsonApiError) return finish(err.status, err.toBody());
      finish(500, new JsonApiError(500, 'Internal Server Error', `The fake failed: ${(err as Error).message}`).toBody());
    }
  }

  function route(method: string, u: URL, body: unknown): [number, unknown] {
    const match = u.pathname.match(/^\/v1\/(stores|products|variants|subscriptions|checkouts|orders)(?:\/([^/]+))?$/);
    if (!match) throw new JsonApiError(404, 'Not Found', `No route for ${method} ${u.pathname}.`);
    const type = match[1] as string;
    const id = match[2];
    if (method === 'GET' && id) return [200, single(state.require(type, decodeURIComponent(id)))];
    if (method === 'GET') return [200, list(type, u)];
    if (method === 'POST' && type === 'checkouts' && !id) return [201, single(createCheckout(body))];
    throw new JsonApiError(405, 'Method Not Allowed', `${method} is not supported on ${u.pathname} by the fake.`);
  }

  function list(type: string, u: URL) {
    const filters: [string, string][] = [];
    for (const [key, value] of u.searchParams) {
      const f = key.match(/^filter\[(.+)\]$/);
      if (f) {
        const name = f[1] as string;
        if (!(FILTERS[type] ?? []).includes(name)) throw new JsonApiError(400, 'Bad Request', `The filter "${name}" is not allowed on ${type}.`);
        filters.push([name, value]);
      } else if (!['page[number]', 'page[size]', 'include', 'sort'].includes(key)) {
        throw new JsonApiError(400, 'Bad Request', `The query parameter "${key}" is not allowed.`);
      }
    }
    const number = Number(u.searchParams.get('page[number]') ?? 1);
    const size = Number(u.searchParams.get('page[size]') ?? 10);
    if (!Number.isInteger(number) || number < 1) throw new JsonApiError(400, 'Bad Request', 'page[number] must be a positive integer.');
    if (!Number.isInteger(size) || size < 1 || size > 100) throw new JsonApiError(400, 'Bad Request', 'page[size] must be between 1 and 100.');
    const rows = state.all(type).filter((r) => filters.every(([k, v]) => String(r.attributes[k]) === v));
    return page(rows, u, number, size);
  }

  function createCheckout(body: unknown): Resource {
    const data = (body as { data?: { type?: string; attributes?: Record<string, unknown>; relationships?: Record<string, { data?: { id?: string } }> } })?.data;
    if (!data || data.type !== 'checkouts') throw new JsonApiError(422, 'Unprocessable Entity', 'The data.type must be "checkouts".', '/data/type');
    const storeId = data.relationships?.store?.data?.id;
    const variantId = data.relationships?.variant?.data?.id;
    if (!storeId) throw new JsonApiError(422, 'Unprocessable Entity', 'The store field is required.', '/data/relationships/store');
    if (!variantId) throw new JsonApiError(422, 'Unprocessable Entity', 'The variant field is required.', '/data/relationships/variant');
    const store = state.find('stores', String(storeId));
    if (!store) throw new JsonApiError(422, 'Unprocessable Entity', 'The selected store is invalid.', '/data/relationships/store');
    const variant = state.find('variants', String(variantId));
    if (!variant) throw new JsonApiError(422, 'Unprocessable Entity', 'The selected variant is invalid.', '/data/relationships/variant');
    const product = state.find('products', String(variant.attributes.product_id));
    if (String(product?.attributes.store_id) !== store.id) {
      throw new JsonApiError(422, 'Unprocessable Entity', 'The selected variant does not belong to this store.', '/data/relationships/variant');
    }
    const a = data.attributes ?? {};
    const now = new Date().toISOString();
    return state.addCheckout(store, variant, {
      custom_price: a.custom_price ?? null,
      product_options: { name: '', description: '', media: [], redirect_url: '', receipt_button_text: '', receipt_link_url: '', receipt_thank_you_note: '', enabled_variants: [], ...(a.product_options as object) },
      checkout_options: { embed: false, media: true, logo: true, desc: true, discount: true, skip_trial: false, subscription_preview: true, ...(a.checkout_options as object) },
      checkout_data: { email: '', name: '', billing_address: [], tax_number: '', discount_code: '', custom: [], variant_quantities: [], ...(a.checkout_data as object) },
      preview: false,
      expires_at: a.expires_at ?? null,
      created_at: now,
      updated_at: now,
      test_mode: a.test_mode ?? true,
    });
  }

  return {
    url,
    apiKey,
    state,
    requests,
    clearRequests: () => void requests.splice(0),
    async close() {
      down = null;
      if (server.listening) await stop(server);
    },
    async setDown(mode) {
      const next = mode === true ? 'refuse' : mode === false ? null : mode;
      if (next === down) return;
      if (down === 'refuse') await listen(server, port);
      if (next === 'refuse') await stop(server);
      down = next;
    },
    failNext(n, status, detail) {
      for (let i = 0; i < n; i++) failures.push({ status, detail });
    },
    rateLimitNext(n, retryAfterSeconds) {
      for (let i = 0; i < n; i++) failures.push({ status: 429, detail: 'Too Many Attempts.', retryAfter: retryAfterSeconds });
    },
    addStore: (attrs) => state.addStore(attrs),
    addProduct: (storeId, attrs) => state.addProduct(storeId, attrs),
    addVariant: (productId, attrs) => state.addVariant(productId, attrs),
    addSubscription: (variantId, attrs) => state.addSubscription(variantId, attrs),
    updateSubscription: (id, attrs) => state.updateSubscription(id, attrs),
    addOrder: (variantId, attrs) => state.addOrder(variantId, attrs),
    seedCatalog(variants = [{ name: 'Monthly', price: 2900, interval: 'month' }, { name: 'Yearly', price: 29000, interval: 'year' }]) {
      const store = state.addStore();
      const product = state.addProduct(store.id);
      return { store, product, variants: variants.map((v) => state.addVariant(product.id, v)) };
    },
    checkouts: () => state.all('checkouts'),
    subscriptionPayload(subscriptionId, customData) {
      const sub = state.require('subscriptions', subscriptionId);
      return { data: structuredClone(sub), meta: customData ? { custom_data: customData } : {} };
    },
    deliverWebhook: (targetUrl, secret, eventName, payload, opts) => deliverLemonSqueezyWebhook(targetUrl, secret, eventName, payload, opts),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
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

function stop(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
