import { describe, expect, it, vi } from 'vitest';
import { createSessionStore, DESKTOP_TENANT_KEY, TOKEN_KEY, watchSignInLinks, type SessionEnvironment } from './session';
import { normaliseTokenInput, tenantIdFromToken, tokenFromHash } from './token';

// A JWT-shaped token whose payload names a tenant (the signature is irrelevant to the renderer).
const payload = btoa(JSON.stringify({ tenantId: 'tenant_demo12345', userId: 'user_1' })).replace(/=+$/, '');
const TOKEN = `eyJhbGciOiJIUzI1NiJ9.${payload}.c2lnbmF0dXJl`;

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  };
}

function browserEnv(hash: string, stored: Record<string, string> = {}) {
  const storage = memoryStorage(stored);
  const replaceState = vi.fn();
  const env: SessionEnvironment = {
    mode: 'browser',
    storage,
    location: { hash, pathname: '/', search: '' },
    history: { replaceState },
  };
  return { env, storage, replaceState };
}

describe('browser session', () => {
  it('takes the token from a sign-in link, keeps it, and removes it from the address bar', () => {
    const { env, storage, replaceState } = browserEnv(`#token=${TOKEN}`);
    const session = createSessionStore(env);
    expect(session.getState().token).toBe(TOKEN);
    expect(session.getState().tenantId).toBe('tenant_demo12345');
    expect(storage.data.get(TOKEN_KEY)).toBe(TOKEN);
    expect(replaceState).toHaveBeenCalledWith(null, '', '/');
  });

  it('remembers the token across reloads and leaves the URL alone when there is no link', () => {
    const { env, replaceState } = browserEnv('#/members', { [TOKEN_KEY]: TOKEN });
    expect(createSessionStore(env).getState().token).toBe(TOKEN);
    expect(replaceState).not.toHaveBeenCalled();
  });

  it('starts signed out without a token', () => {
    const { env } = browserEnv('');
    expect(createSessionStore(env).getState().token).toBeNull();
  });

  it('signs out with a reason and forgets the stored token', () => {
    const { env, storage } = browserEnv(`#token=${TOKEN}`);
    const session = createSessionStore(env);
    session.getState().signOut('You were signed out: the token has expired.');
    expect(session.getState()).toMatchObject({ token: null, signedOutReason: 'You were signed out: the token has expired.' });
    expect(storage.data.has(TOKEN_KEY)).toBe(false);
  });

  it('switching tenant stores the token tenants.switch returned', () => {
    const { env, storage } = browserEnv(`#token=${TOKEN}`);
    const session = createSessionStore(env);
    session.getState().switchTenant('tenant_other1234', 'new.token.value');
    expect(session.getState()).toMatchObject({ token: 'new.token.value', tenantId: 'tenant_other1234' });
    expect(storage.data.get(TOKEN_KEY)).toBe('new.token.value');
  });

  it('picks up a sign-in link opened in a tab that already shows the console', () => {
    const { env } = browserEnv('');
    const session = createSessionStore(env);
    const listeners: Record<string, () => void> = {};
    const location = { hash: '', pathname: '/', search: '' };
    const replaceState = vi.fn();
    const win = {
      addEventListener: (type: string, fn: () => void) => void (listeners[type] = fn),
      removeEventListener: () => undefined,
      location,
      history: { replaceState },
    } as unknown as Window;
    watchSignInLinks(win, session);
    location.hash = `#token=${TOKEN}`;
    listeners.hashchange!();
    expect(session.getState().token).toBe(TOKEN);
    expect(replaceState).toHaveBeenCalled();
  });
});

describe('desktop session', () => {
  it('never signs out and remembers the chosen tenant', () => {
    const storage = memoryStorage({ [DESKTOP_TENANT_KEY]: 'tenant_saved1234' });
    const session = createSessionStore({ mode: 'desktop', storage, location: { hash: '', pathname: '/', search: '' }, history: { replaceState: vi.fn() } });
    expect(session.getState()).toMatchObject({ mode: 'desktop', token: null, tenantId: 'tenant_saved1234' });
    session.getState().signOut('nope');
    expect(session.getState().signedOutReason).toBeNull();
    session.getState().switchTenant('tenant_next12345');
    expect(storage.data.get(DESKTOP_TENANT_KEY)).toBe('tenant_next12345');
  });
});

describe('token helpers', () => {
  it('reads the token from a hash, a pasted link or a bare token', () => {
    expect(tokenFromHash(`#token=${TOKEN}`)).toBe(TOKEN);
    expect(tokenFromHash('#/members')).toBeNull();
    expect(normaliseTokenInput(`  http://127.0.0.1:4580/#token=${TOKEN}\n`)).toBe(TOKEN);
    expect(normaliseTokenInput(` ${TOKEN} `)).toBe(TOKEN);
    expect(normaliseTokenInput('two words')).toBeNull();
    expect(normaliseTokenInput('')).toBeNull();
  });

  it('reads the tenant from the payload and shrugs at garbage', () => {
    expect(tenantIdFromToken(TOKEN)).toBe('tenant_demo12345');
    expect(tenantIdFromToken('not-a-jwt')).toBeNull();
    expect(tenantIdFromToken('a.%%%.c')).toBeNull();
  });
});
