import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * @lemonsqueezy/lemonsqueezy.js builds every URL from a hard-coded `https://api.lemonsqueezy.com`
 * and calls the global `fetch`; it has no base-URL option and no timeout. To point it at
 * LEMONSQUEEZY_API_BASE (a local fake, a proxy) without touching anything else, the gateway runs
 * each SDK call inside `withLemonSqueezyRoute`, and a wrapper around the global `fetch`:
 *
 *  - acts only inside such a call (an AsyncLocalStorage context) and only on URLs whose origin is
 *    Lemon Squeezy's; every other fetch in the process goes straight to the original, untouched;
 *  - rewrites that origin to the route's `apiBase`, when one is set;
 *  - adds a timeout, and remembers the HTTP status (the SDK loses it when a body is not JSON).
 *
 * `installLemonSqueezyFetch` is idempotent and called by the gateway before each SDK call, so it
 * also recovers if something replaced `globalThis.fetch` after us (a test's mock, say).
 */
export const LEMONSQUEEZY_ORIGIN = 'https://api.lemonsqueezy.com';

export interface LemonSqueezyRoute {
  /** Origin (and optional path prefix) to send requests to instead of Lemon Squeezy's. */
  apiBase?: string;
  timeoutMs: number;
  /** Set by the wrapper: the status of the last response inside this route. */
  lastStatus?: number;
  /** Set by the wrapper: the last response's `Retry-After` header, when it had one. */
  lastRetryAfter?: string | null;
}

const routes = new AsyncLocalStorage<LemonSqueezyRoute>();
const WRAPPED = Symbol.for('tenant-console.lemonsqueezy-fetch');

type Fetch = typeof globalThis.fetch;

export function installLemonSqueezyFetch(): void {
  const current = globalThis.fetch as Fetch & { [WRAPPED]?: true };
  if (current[WRAPPED]) return;
  const original: Fetch = current.bind(globalThis);
  const wrapped = async (input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) => {
    const route = routes.getStore();
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!route || !isLemonSqueezyUrl(url)) return original(input, init);
    const target = route.apiBase ? rebase(url, route.apiBase) : url;
    const signal = init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(route.timeoutMs)]) : AbortSignal.timeout(route.timeoutMs);
    const response = await original(target, { ...init, signal });
    route.lastStatus = response.status;
    route.lastRetryAfter = response.headers.get('retry-after');
    return response;
  };
  Object.defineProperty(wrapped, WRAPPED, { value: true });
  globalThis.fetch = wrapped as Fetch;
}

/** Runs `fn` (one SDK call) with its requests sent along `route`. */
export function withLemonSqueezyRoute<T>(route: LemonSqueezyRoute, fn: () => Promise<T>): Promise<T> {
  installLemonSqueezyFetch();
  return routes.run(route, fn);
}

function isLemonSqueezyUrl(url: string): boolean {
  return url === LEMONSQUEEZY_ORIGIN || url.startsWith(`${LEMONSQUEEZY_ORIGIN}/`);
}

/** `https://api.lemonsqueezy.com/v1/x?y` on `http://127.0.0.1:9/ls` → `http://127.0.0.1:9/ls/v1/x?y`. */
function rebase(url: string, apiBase: string): string {
  return apiBase.replace(/\/+$/, '') + url.slice(LEMONSQUEEZY_ORIGIN.length);
}
