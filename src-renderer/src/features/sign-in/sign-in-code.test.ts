import { describe, expect, it, vi } from 'vitest';
import { startCookieSession } from '../../api/browser-session';
import { createSessionStore, TOKEN_KEY } from '../../stores/session';
import { codeFromHash, signInWithCode, takeSignInCode } from './sign-in-code';

// What the session store keeps for a cookie session: a marker naming the tenant, never the token.
const MARKER = 'cookie:tenant_a';

function browser(hash: string, stored: string | null = null) {
  const items = new Map<string, string>(stored ? [[TOKEN_KEY, stored]] : []);
  const location = { hash, pathname: '/', search: '' };
  const history = { replaceState: vi.fn((_s: unknown, _t: string, url: string) => void (location.hash = url.includes('#') ? url.slice(url.indexOf('#')) : '')) };
  const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
  return { location, history, storage };
}


describe('sign-in links with a one-time code', () => {
  it('takes the code out of the address bar', () => {
    const win = browser('#code=abcDEF123_-xyz456789');
    expect(takeSignInCode(win as unknown as Window)).toBe('abcDEF123_-xyz456789');
    expect(win.location.hash).toBe('');
    expect(codeFromHash('#token=abc')).toBeNull();
  });

  it('trades the code for a cookie session, with no old token attached, and keeps no token', async () => {
    const win = browser('', 'old.revoked.token');
    const session = createSessionStore({ mode: 'browser', ...win });
    const start = vi.fn(async () => {
      expect(session.getState().token).toBeNull(); // the request goes out without the old token
      return { tenantId: 'tenant_a' };
    });
    await signInWithCode(session, 'abcDEF123_-xyz456789', start);
    expect(start).toHaveBeenCalledWith('abcDEF123_-xyz456789');
    expect(session.getState()).toMatchObject({ token: MARKER, tenantId: 'tenant_a', signedOutReason: null });
    expect(win.storage.getItem(TOKEN_KEY)).toBe(MARKER);
  });

  it('posts the code to /auth/session and reads the tenant from the answer', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ tenantId: 'tenant_b' }), { status: 200 }));
    await expect(startCookieSession('abcDEF123_-xyz456789', fetchFn)).resolves.toEqual({ tenantId: 'tenant_b' });
    expect(fetchFn).toHaveBeenCalledWith('/auth/session', expect.objectContaining({ method: 'POST', credentials: 'same-origin', body: JSON.stringify({ code: 'abcDEF123_-xyz456789' }) }));
  });

  it('a used or expired link is said on the sign-in screen', async () => {
    const session = createSessionStore({ mode: 'browser', ...browser('') });
    const answer = { error: 'UNAUTHORIZED', message: 'this sign-in link was already used (each link works once); ask the console owner for a new link' };
    const fetchFn = async () => new Response(JSON.stringify(answer), { status: 401 });
    await signInWithCode(session, 'abcDEF123_-xyz456789', (code) => startCookieSession(code, fetchFn));
    expect(session.getState().token).toBeNull();
    expect(session.getState().signedOutReason).toMatch(/^Sign-in link: this sign-in link was already used/);
  });
});
