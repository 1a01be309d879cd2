import { TRPCClientError } from '@trpc/client';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../api/types';
import { createSessionStore, TOKEN_KEY } from '../../stores/session';
import { codeFromHash, signInWithCode, takeSignInCode } from './sign-in-code';

// A JWT-shaped token whose payload names tenant_a (the session store reads it for routing).
const TOKEN = `h.${btoa(JSON.stringify({ tenantId: 'tenant_a' })).replace(/=+$/, '')}.s`;

function browser(hash: string, stored: string | null = null) {
  const items = new Map<string, string>(stored ? [[TOKEN_KEY, stored]] : []);
  const location = { hash, pathname: '/', search: '' };
  const history = { replaceState: vi.fn((_s: unknown, _t: string, url: string) => void (location.hash = url.includes('#') ? url.slice(url.indexOf('#')) : '')) };
  const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
  return { location, history, storage };
}

const api = (exchange: (input: { code: string }) => Promise<{ token: string; tenantId: string }>) =>
  ({ auth: { exchangeSignInCode: { mutate: vi.fn(exchange) } } }) as unknown as ApiClient & { auth: { exchangeSignInCode: { mutate: ReturnType<typeof vi.fn> } } };

describe('sign-in links with a one-time code', () => {
  it('takes the code out of the address bar', () => {
    const win = browser('#code=abcDEF123_-xyz456789');
    expect(takeSignInCode(win as unknown as Window)).toBe('abcDEF123_-xyz456789');
    expect(win.location.hash).toBe('');
    expect(codeFromHash('#token=abc')).toBeNull();
  });

  it('trades the code for a session, with no old token attached', async () => {
    const win = browser('', 'old.revoked.token');
    const session = createSessionStore({ mode: 'browser', ...win });
    const client = api(async () => {
      expect(session.getState().token).toBeNull(); // the request goes out without the old token
      return { token: TOKEN, tenantId: 'tenant_a' };
    });
    await signInWithCode(client, session, 'abcDEF123_-xyz456789');
    expect(client.auth.exchangeSignInCode.mutate).toHaveBeenCalledWith({ code: 'abcDEF123_-xyz456789' });
    expect(session.getState()).toMatchObject({ token: TOKEN, tenantId: 'tenant_a', signedOutReason: null });
    expect(win.storage.getItem(TOKEN_KEY)).toBe(TOKEN);
  });

  it('a used or expired link is said on the sign-in screen', async () => {
    const session = createSessionStore({ mode: 'browser', ...browser('') });
    const refused = TRPCClientError.from({ error: { message: 'this sign-in link was already used (each link works once); restart tenant-console serve for a new link', code: -32001, data: { code: 'UNAUTHORIZED', httpStatus: 401 } } } as never);
    await signInWithCode(api(() => Promise.reject(refused)), session, 'abcDEF123_-xyz456789');
    expect(session.getState().token).toBeNull();
    expect(session.getState().signedOutReason).toMatch(/^Sign-in link: this sign-in link was already used/);
  });
});
