import {
  createCheckout,
  getStore,
  getSubscription,
  lemonSqueezySetup,
  listOrders,
  listSubscriptions,
  listVariants,
  type ListSubscriptionsParams,
} from '@lemonsqueezy/lemonsqueezy.js';
import { invalid } from '../platform/errors';
import { withLemonSqueezyRoute, type LemonSqueezyRoute } from './lemonsqueezy-fetch';
import { lemonSqueezyWebhooks, type LemonSqueezyWebhookVerifier } from './lemonsqueezy-webhooks';
import {
  toCheckout,
  toOrder,
  toSubscription,
  toVariant,
  type LemonSqueezyCheckout,
  type LemonSqueezyOrder,
  type LemonSqueezySubscription,
  type LemonSqueezyVariant,
} from './lemonsqueezy-types';
import { isRetryableStatus, ProviderError, retryAfterMsOf } from './provider-error';

export * from './lemonsqueezy-types';
export type { LemonSqueezyWebhook, LemonSqueezyWebhookVerifier } from './lemonsqueezy-webhooks';

export interface LemonSqueezyGatewayOptions {
  apiKey: string;
  /** Where to send API requests instead of https://api.lemonsqueezy.com (a local fake, a proxy). */
  apiBase?: string;
  /** Per request; the SDK itself has none. */
  timeoutMs?: number;
}

export interface LemonSqueezyGateway {
  /** Every page. */
  listVariants(filter?: { productId?: string }): Promise<LemonSqueezyVariant[]>;
  /** Every page. */
  listSubscriptions(filter?: { storeId?: string; variantId?: string; status?: string; userEmail?: string }): Promise<LemonSqueezySubscription[]>;
  getSubscription(subscriptionId: string): Promise<LemonSqueezySubscription>;
  /** Every page (the API cannot filter by time: the billing sync keeps the recent ones). */
  listOrders(filter?: { storeId?: string }): Promise<LemonSqueezyOrder[]>;
  /**
   * A checkout URL for one variant. `custom` comes back in webhooks as `meta.custom_data`; keys
   * must be snake_case because the SDK rewrites camelCase keys (tenantId → tenant_id) on the way.
   */
  createCheckout(input: {
    storeId: string;
    variantId: string;
    email?: string;
    name?: string;
    custom?: Record<string, string | number | boolean>;
    redirectUrl?: string;
    expiresAt?: string;
    testMode?: boolean;
  }): Promise<LemonSqueezyCheckout>;
  /** The store's name (Settings → Providers → Test connection). */
  getStore(storeId: string): Promise<{ id: string; name: string }>;
  webhooks: LemonSqueezyWebhookVerifier;
}

const PAGE_SIZE = 100;
/** A guard against a server whose page numbers never end; 1,000 pages is 100,000 rows. */
const MAX_PAGES = 1_000;

type SdkResult<T> = { statusCode: number | null; data: T | null; error: Error | null };

export function createLemonSqueezyGateway(options: LemonSqueezyGatewayOptions): LemonSqueezyGateway {
  if (!options.apiKey?.trim()) throw invalid('lemonsqueezy.apiKey', 'is required (create one at https://app.lemonsqueezy.com/settings/api)');
  const apiBase = options.apiBase ? checkedBase(options.apiBase) : undefined;
  const timeoutMs = options.timeoutMs ?? 30_000;

  /**
   * One SDK call. The SDK keeps its API key in module state and reads it synchronously when a
   * call starts, so setting it right before the call is safe even with several gateways.
   */
  async function call<T>(run: () => Promise<SdkResult<T>>): Promise<T> {
    const route: LemonSqueezyRoute = { apiBase, timeoutMs };
    const result = await withLemonSqueezyRoute(route, () => {
      lemonSqueezySetup({ apiKey: options.apiKey });
      return run();
    });
    if (!result.error && result.data) return result.data;
    throw toProviderError(result, route.lastStatus, route.lastRetryAfter);
  }

  async function allPages<T>(fetchPage: (page: number) => Promise<{ data: T[]; meta: { page: { currentPage: number; lastPage: number } } }>): Promise<T[]> {
    const out: T[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const result = await fetchPage(page);
      out.push(...result.data);
      if (result.data.length === 0 || result.meta.page.currentPage >= result.meta.page.lastPage) return out;
    }
    throw new ProviderError({ provider: 'lemonsqueezy', message: `Lemon Squeezy: more than ${MAX_PAGES} pages; stopped`, retryable: false });
  }

  return {
    listVariants: (filter = {}) =>
      allPages((number) =>
        call(() => listVariants({ filter: filter.productId ? { productId: filter.productId } : {}, page: { number, size: PAGE_SIZE } })),
      ).then((rows) => rows.map(toVariant)),

    listSubscriptions: (filter = {}) => {
      const f: NonNullable<ListSubscriptionsParams['filter']> = {};
      if (filter.storeId) f.storeId = filter.storeId;
      if (filter.variantId) f.variantId = filter.variantId;
      if (filter.status) f.status = filter.status as NonNullable<ListSubscriptionsParams['filter']>['status'];
      if (filter.userEmail) f.userEmail = filter.userEmail;
      return allPages((number) => call(() => listSubscriptions({ filter: f, page: { number, size: PAGE_SIZE } }))).then((rows) => rows.map(toSubscription));
    },

    listOrders: (filter = {}) =>
      allPages((number) => call(() => listOrders({ filter: filter.storeId ? { storeId: filter.storeId } : {}, page: { number, size: PAGE_SIZE } }))).then((rows) =>
        rows.map(toOrder),
      ),

    async getSubscription(subscriptionId) {
      if (!subscriptionId) throw invalid('subscriptionId', 'is required');
      return toSubscription((await call(() => getSubscription(subscriptionId))).data);
    },

    async getStore(storeId) {
      if (!storeId) throw invalid('storeId', 'is required');
      const store = await call(() => getStore(storeId));
      return { id: String(store.data.id), name: store.data.attributes.name };
    },

    async createCheckout(input) {
      if (!input.storeId) throw invalid('storeId', 'is required');
      if (!input.variantId) throw invalid('variantId', 'is required');
      for (const key of Object.keys(input.custom ?? {})) {
        if (!/^[a-z0-9_]+$/.test(key)) throw invalid(`custom.${key}`, 'use snake_case keys; the SDK renames camelCase ones before sending');
      }
      const checkout = await call(() =>
        createCheckout(input.storeId, input.variantId, {
          checkoutData: { email: input.email, name: input.name, custom: input.custom },
          productOptions: input.redirectUrl ? { redirectUrl: input.redirectUrl } : undefined,
          expiresAt: input.expiresAt,
          testMode: input.testMode,
        }),
      );
      return toCheckout(checkout.data);
    },

    webhooks: lemonSqueezyWebhooks,
  };
}

function checkedBase(apiBase: string): string {
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    throw invalid('lemonsqueezy.apiBase', `"${apiBase}" is not a URL; expected e.g. http://127.0.0.1:12112`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('lemonsqueezy.apiBase', `must be http or https, not ${url.protocol}`);
  return apiBase.replace(/\/+$/, '');
}

interface JsonApiError {
  status?: string | number;
  title?: string;
  detail?: string;
  code?: string;
}

function toProviderError(result: SdkResult<unknown>, lastStatus: number | undefined, retryAfter?: string | null): ProviderError {
  const error = result.error ?? new Error('empty response');
  const status = result.statusCode ?? lastStatus;
  if (status === undefined) {
    // fetch failed before any answer: refused, reset, DNS, or our timeout.
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    const why = error.name === 'TimeoutError' ? 'timed out' : (cause?.code ?? cause?.message ?? error.message);
    return new ProviderError({ provider: 'lemonsqueezy', message: `Lemon Squeezy could not be reached: ${why}`, retryable: true, cause: error });
  }
  const body = result.data as { errors?: JsonApiError[] } | null;
  const errors: JsonApiError[] = body?.errors ?? (Array.isArray((error as Error & { cause?: unknown }).cause) ? ((error as Error & { cause: JsonApiError[] }).cause) : []);
  const first = errors[0];
  const detail = errors.map((e) => e.detail ?? e.title).filter(Boolean).join('; ');
  return new ProviderError({
    provider: 'lemonsqueezy',
    status,
    code: first?.code ?? first?.title,
    message: detail ? `Lemon Squeezy: ${detail}` : `Lemon Squeezy answered HTTP ${status} (${error.message})`,
    retryable: isRetryableStatus(status),
    retryAfterMs: retryAfterMsOf(retryAfter),
    cause: error,
  });
}
