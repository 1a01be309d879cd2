// Browser sessions on a console served over HTTP: the session token lives in an HttpOnly cookie
// that page scripts never see (POST/DELETE /auth/session). The session store keeps only a marker,
// `cookie:<tenantId>`, for routing; requests carry the cookie by themselves (same origin).

const PREFIX = 'cookie:';

export const cookieSession = (tenantId: string): string => `${PREFIX}${tenantId}`;

export const isCookieSession = (token: string | null | undefined): boolean => !!token?.startsWith(PREFIX);

/** The tenant of a cookie session's marker, else null. */
export const cookieSessionTenant = (token: string): string | null => (token.startsWith(PREFIX) ? token.slice(PREFIX.length) || null : null);

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

async function call(fetchFn: Fetch, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetchFn(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (!res.ok) throw new Error(typeof data.message === 'string' ? data.message : `the console answered ${res.status}`);
  return data;
}

/** Trades a one-time sign-in code for a session cookie; resolves with the tenant it opens. */
export async function startCookieSession(code: string, fetchFn: Fetch = fetch): Promise<{ tenantId: string }> {
  const data = await call(fetchFn, 'POST', '/auth/session', { code });
  return { tenantId: String(data.tenantId) };
}

/** The same browser session, in another of the person's tenants. */
export async function switchCookieTenant(tenantId: string, fetchFn: Fetch = fetch): Promise<void> {
  await call(fetchFn, 'POST', '/auth/session/tenant', { tenantId });
}

/** Signs this browser out on the server (the cookie's token stops working everywhere). */
export async function endCookieSession(fetchFn: Fetch = fetch): Promise<void> {
  await call(fetchFn, 'DELETE', '/auth/session');
}
