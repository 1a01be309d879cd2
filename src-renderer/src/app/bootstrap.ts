import { createApiClient } from '../api/client';
import { createQueryClient } from '../api/query';
import { resetOnNewIdentity } from '../features/sign-in/identity';
import { signInWithCode, takeSignInCode, watchSignInCodes } from '../features/sign-in/sign-in-code';
import { createConnectionStore } from '../stores/connection';
import { createSessionStore, watchSignInLinks } from '../stores/session';
import { watchDesktopBridge, watchServerHealth } from './connection-monitor';
import type { RendererServices } from './services';

/** The renderer's composition root: picks the transport and builds the stores once. */
export function bootstrap(win: Window): { services: RendererServices; stop: () => void } {
  const bridge = win.tenantConsole;
  // Read before the session store looks at the address bar: a sign-in link replaces any session.
  const signInCode = bridge ? null : takeSignInCode(win);
  const session = createSessionStore({
    mode: bridge ? 'desktop' : 'browser',
    storage: win.localStorage,
    location: win.location,
    history: win.history,
  });
  const connection = createConnectionStore();
  const api = createApiClient({ bridge, session, connection });

  const stopWatchingHealth = bridge
    ? watchDesktopBridge({ connection, window: win, probe: () => api.tenants.list.query() })
    : watchServerHealth({
        connection,
        window: win,
        fetch: win.fetch.bind(win),
        navigatorOnline: () => win.navigator.onLine,
      });

  const stopWatchingLinks = bridge ? () => undefined : watchSignInLinks(win, session);
  const stopWatchingCodes = bridge ? () => undefined : watchSignInCodes(win, session);
  if (signInCode) void signInWithCode(session, signInCode);

  const queryClient = createQueryClient();
  const stopResetting = resetOnNewIdentity(session, queryClient);

  const stop = () => {
    stopResetting();
    stopWatchingHealth();
    stopWatchingLinks();
    stopWatchingCodes();
  };
  return { services: { api, session, connection, queryClient }, stop };
}
