import { createStore, type StoreApi } from 'zustand/vanilla';
import { tenantIdFromToken, tokenFromHash } from './token';

export type ConsoleMode = 'desktop' | 'browser';

export interface SessionState {
  mode: ConsoleMode;
  /** Browser mode only: the Bearer token. Desktop mode needs none (the main process is the owner). */
  token: string | null;
  /** The tenant being looked at; sent with every IPC request, implied by the token over HTTP. */
  tenantId: string | null;
  /** Why the owner was sent back to the sign-in screen, shown there. */
  signedOutReason: string | null;
  signIn(token: string): void;
  signOut(reason?: string): void;
  /** Switch tenant; browser mode passes the token tenants.switch returned. */
  switchTenant(tenantId: string, token?: string): void;
}

export type SessionStore = StoreApi<SessionState>;

export interface SessionEnvironment {
  mode: ConsoleMode;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState'>;
}

export const TOKEN_KEY = 'tenant-console.token';
export const DESKTOP_TENANT_KEY = 'tenant-console.desktop-tenant';

export function createSessionStore(env: SessionEnvironment): SessionStore {
  const { storage } = env;
  const initial = env.mode === 'browser' ? initialBrowserToken(env) : null;

  return createStore<SessionState>()((set, get) => ({
    mode: env.mode,
    token: initial,
    tenantId: env.mode === 'browser' ? (initial && tenantIdFromToken(initial)) : storage.getItem(DESKTOP_TENANT_KEY),
    signedOutReason: null,

    signIn(token) {
      storage.setItem(TOKEN_KEY, token);
      set({ token, tenantId: tenantIdFromToken(token), signedOutReason: null });
    },

    signOut(reason) {
      if (get().mode === 'desktop') return;
      storage.removeItem(TOKEN_KEY);
      set({ token: null, tenantId: null, signedOutReason: reason ?? null });
    },

    switchTenant(tenantId, token) {
      if (get().mode === 'desktop') {
        storage.setItem(DESKTOP_TENANT_KEY, tenantId);
        set({ tenantId });
        return;
      }
      if (!token) throw new Error('switching tenants in the browser needs the token tenants.switch returned');
      storage.setItem(TOKEN_KEY, token);
      set({ token, tenantId });
    },
  }));
}

/**
 * A sign-in link opened in a tab that already shows the console only changes the hash (no page
 * load), so watch for it too. Returns a function that stops watching.
 */
export function watchSignInLinks(win: Pick<Window, 'addEventListener' | 'removeEventListener' | 'location' | 'history'>, session: SessionStore): () => void {
  const onHashChange = () => {
    const token = tokenFromHash(win.location.hash);
    if (!token) return;
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    session.getState().signIn(token);
  };
  win.addEventListener('hashchange', onHashChange);
  return () => win.removeEventListener('hashchange', onHashChange);
}

/**
 * A sign-in link (`/#token=…`) wins over a stored token; it is stored and then removed from the
 * address bar so it does not linger in history or get copied along with the URL.
 */
function initialBrowserToken(env: SessionEnvironment): string | null {
  const fromLink = tokenFromHash(env.location.hash);
  if (fromLink) {
    env.storage.setItem(TOKEN_KEY, fromLink);
    env.history.replaceState(null, '', env.location.pathname + env.location.search);
    return fromLink;
  }
  return env.storage.getItem(TOKEN_KEY);
}
