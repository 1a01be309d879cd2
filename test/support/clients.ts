import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { EventSource } from 'eventsource';
import superjson from 'superjson';
import type { AppRouter } from '../../src-main/core/api/router';
import type { IpcPushEvent, IpcRequest, IpcResponse, IpcSubscribeRequest } from '../../src-shared/ipc';

/**
 * A tRPC client over HTTP, as a browser, script or mobile app would use it; subscriptions arrive as
 * server-sent events, authenticated by connectionParams (an EventSource cannot send headers).
 */
export function httpClient(baseUrl: string, token: string | null, clientType = 'script') {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${baseUrl}/api/trpc`,
          transformer: superjson,
          EventSource,
          connectionParams: () => (token ? { token } : {}),
        }),
        false: httpLink({
          url: `${baseUrl}/api/trpc`,
          transformer: superjson,
          headers: () => ({ ...(token ? { authorization: `Bearer ${token}` } : {}), 'x-client-type': clientType }),
        }),
      }),
    ],
  });
}

/** The core's IPC handler as the in-memory pair uses it: calls, and subscriptions with a back channel. */
export interface IpcEndpoint {
  (request: IpcRequest): Promise<IpcResponse>;
  subscribe?: (request: IpcSubscribeRequest, send: (event: IpcPushEvent) => void) => () => void;
}

const errorFrom = (error: { code: string; httpStatus: number; message: string }) =>
  TRPCClientError.from({ error: { message: error.message, code: -1, data: { code: error.code, httpStatus: error.httpStatus } } } as never);

/**
 * A tRPC client over an in-memory message channel shaped like Electron's ipcRenderer.invoke (and
 * the preload's subscribe back channel), so the contract suite can run the same calls over IPC.
 */
export function ipcClient(invoke: IpcEndpoint, tenantId: () => string | null) {
  let lastId = 0;
  const link: TRPCLink<AppRouter> = () => ({ op }) =>
    observable((observer) => {
      const input = op.input === undefined ? undefined : superjson.serialize(op.input);
      if (op.type === 'subscription') {
        if (!invoke.subscribe) throw new Error('this IPC endpoint has no subscriptions');
        // Structured clone both ways, as Electron does between processes.
        const stop = invoke.subscribe(structuredClone({ id: `sub-${++lastId}`, path: op.path, input, tenantId: tenantId() }), (raw) => {
          const event = structuredClone(raw);
          if (event.type === 'data') observer.next({ result: { type: 'data', data: superjson.deserialize(event.data as never) } });
          else if (event.type === 'error') observer.error(errorFrom(event.error));
          else observer.complete();
        });
        return stop;
      }
      const request: IpcRequest = { path: op.path, type: op.type === 'mutation' ? 'mutation' : 'query', input, tenantId: tenantId() };
      invoke(structuredClone(request))
        .then((response) => {
          if (response.ok) {
            observer.next({ result: { type: 'data', data: superjson.deserialize(response.result as never) } });
            observer.complete();
          } else {
            observer.error(errorFrom(response.error));
          }
        })
        .catch((err) => observer.error(TRPCClientError.from(err)));
      return undefined;
    });
  return createTRPCClient<AppRouter>({ links: [link] });
}
