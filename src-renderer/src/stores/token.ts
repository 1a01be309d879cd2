import { cookieSessionTenant } from '../api/browser-session';

// Helpers for the browser session token. Reading the JWT payload here is for display and
// routing only; the server verifies every request.

/** The token in a sign-in link's hash (`#token=…`), if there is one. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim();
  return token ? token : null;
}

/** Accepts a bare token or a whole sign-in link pasted from the terminal. */
export function normaliseTokenInput(raw: string): string | null {
  const text = raw.trim();
  if (!text) return null;
  const hashAt = text.indexOf('#');
  if (hashAt >= 0) return tokenFromHash(text.slice(hashAt));
  return /\s/.test(text) ? null : text;
}

/** The tenant a token acts in, read from its (unverified) payload. */
export function tenantIdFromToken(token: string): string | null {
  const fromCookieMarker = cookieSessionTenant(token);
  if (fromCookieMarker) return fromCookieMarker;
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as { tenantId?: unknown };
    return typeof claims.tenantId === 'string' ? claims.tenantId : null;
  } catch {
    return null;
  }
}
