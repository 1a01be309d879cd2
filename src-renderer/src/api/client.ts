import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import superjson from 'superjson';
import type { DesktopBridge } from '@shared/ipc';
import type { ConnectionStore } from '../stores/connection';
import type { SessionStore } from '../stores/session';
import { isCookieSession } from './browser-session';
import { isTransportFailure, isUnauthorized, messageOf } from './errors';
import { ipcLink } from './ipc-link';
import { statusLink } from './status-link';
import type { ApiClient } from './types';

export interface ApiClientDeps {
  /** window.tenantConsole when running inside Electron; absent in a browser. */
  bridge: DesktopBridge | undefined;
  session: SessionStore;
  connection: ConnectionStore;
}

export function createApiClient({ bridge, session, connection }: ApiClientDeps): ApiClient {
  const watch = statusLink({
    snapshot: () => session.getState().token,
    onAnswer: () => connection.getState().markConnected(),
    onError(err, { aborted, startedWith }) {
      if (aborted) return;
      if (isTransportFailure(err)) {
        connection.getState().markOffline(bridge ? 'The desktop app stopped answering.' : 'The console server cannot be reached.');
        return;
      }
      connection.getState().markConnected();
      // A refused token sends the owner back to sign in, unless they already replaced it meanwhile.
      if (isUnauthorized(err) && session.getState().token === startedWith) {
        session.getState().signOut(`You were signed out: ${messageOf(err)}.`);
      }
    },
  });

  const transport = bridge
    ? ipcLink({ bridge, getTenantId: () => session.getState().tenantId })
    : splitLink({
        condition: (op) => op.type === 'subscription',
        // Push (events.stream) as server-sent events; an EventSource sends no headers, so the
        // token travels as connectionParams, read again at each reconnect.
        true: httpSubscriptionLink({
          url: '/api/trpc',
          transformer: superjson,
          connectionParams: () => {
            // A cookie session needs nothing: the browser sends the cookie with the stream.
            const { token } = session.getState();
            return token && !isCookieSession(token) ? { token } : {};
          },
        }),
        false: httpBatchLink({
          url: '/api/trpc',
          transformer: superjson,
          maxURLLength: 2000,
          headers() {
            const { token } = session.getState();
            return {
              'x-client-type': 'web',
              ...(token && !isCookieSession(token) ? { authorization: `Bearer ${token}` } : {}),
            };
          },
        }),
      });

  return createTRPCClient({ links: [watch, transport] });
}
