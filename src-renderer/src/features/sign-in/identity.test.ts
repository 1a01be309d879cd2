import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { createSessionStore, watchSignInLinks } from '../../stores/session';
import { resetOnNewIdentity } from './identity';
import { signInWithCode } from './sign-in-code';

// Signing in with another link in the same window: nothing the first person saw stays cached.
function signedInWindow(token: string) {
  const items = new Map<string, string>([['tenant-console.token', token]]);
  const listeners = new Map<string, () => void>();
  const location = { hash: '', pathname: '/', search: '' };
  const win = {
    location,
    history: { replaceState: vi.fn(() => void (location.hash = '')) },
    addEventListener: (type: string, fn: () => void) => void listeners.set(type, fn),
    removeEventListener: (type: string) => void listeners.delete(type),
    open: (hash: string) => ((location.hash = hash), listeners.get('hashchange')?.()),
  };
  const session = createSessionStore({
    mode: 'browser',
    storage: { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) },
    location,
    history: win.history,
  });
  const queryClient = new QueryClient();
  // What the first person's screens cached: who is signed in, and their members.
  queryClient.setQueryData(['users.getCurrentUser'], { name: 'Ada Owner' });
  queryClient.setQueryData(['members.list'], { total: 12 });
  resetOnNewIdentity(session, queryClient);
  return { win, session, queryClient };
}

describe('a sign-in link for someone else in a signed-in window', () => {
  it('#token=: signs in as the new user and drops what was cached for the old one', () => {
    const { win, session, queryClient } = signedInWindow('tc_old.token');
    watchSignInLinks(win as unknown as Window, session);
    win.open('#token=tc_new.token');
    expect(session.getState().token).toBe('tc_new.token');
    expect(win.location.hash).toBe('');
    expect(queryClient.getQueryData(['users.getCurrentUser'])).toBeUndefined();
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
  });

  it('#code=: the new cookie session starts with an empty cache, even in the same tenant', async () => {
    const { session, queryClient } = signedInWindow('cookie:tenant_a');
    await signInWithCode(session, 'abcDEF123_-xyz456789', async () => {
      queryClient.setQueryData(['members.list'], { total: 12 }); // a late answer for the old user
      return { tenantId: 'tenant_a' };
    });
    expect(session.getState().token).toBe('cookie:tenant_a');
    expect(queryClient.getQueryData(['members.list'])).toBeUndefined();
  });

  it('keeps the cache while the same person stays signed in', () => {
    const { session, queryClient } = signedInWindow('tc_same.token');
    session.setState({ signedOutReason: null });
    expect(queryClient.getQueryData(['users.getCurrentUser'])).toEqual({ name: 'Ada Owner' });
  });
});
