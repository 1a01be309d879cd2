import { createTRPCClient, httpLink, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import superjson from 'superjson';
import type { AppRouter } from '../../src-main/core/api/router';
import type { IpcRequest, IpcResponse } from '../../src-shared/ipc';

/** A tRPC client over HTTP, as a browser, script or mobile app would use it. */
export function httpClient(baseUrl: string, token: string | null, clientType = 'script') {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${baseUrl}/api/trpc`,
        transformer: superjson,
        headers: () => ({ ...(token ? { authorization: `Bearer ${token}` } : {}), 'x-client-type': clientType }),
      }),
    ],
  });
}

/**
 * A tRPC client over an in-memory message channel shaped like Electron's ipcRenderer.invoke, so
 * the contract suite can run the same calls over IPC without Electron.
 */
export function ipcClient(invoke: (request: IpcRequest) => Promise<IpcResponse>, tenantId: () => string | null) {
  const link: TRPCLink<AppRouter> = () => ({ op }) =>
    observable((observer) => {
      const request: IpcRequest = {
        path: op.path,
        type: op.type === 'mutation' ? 'mutation' : 'query',
        input: op.input === undefined ? undefined : superjson.serialize(op.input),
        tenantId: tenantId(),
      };
      // Structured clone, as Electron does between processes.
      invoke(structuredClone(request))
        .then((response) => {
          if (response.ok) {
            observer.next({ result: { type: 'data', data: superjson.deserialize(response.result as never) } });
            observer.complete();
          } else {
            observer.error(
              TRPCClientError.from({ error: { message: response.error.message, code: -1, data: { code: response.error.code, httpStatus: response.error.httpStatus } } } as never),
            );
          }
        })
        .catch((err) => observer.error(TRPCClientError.from(err)));
    });
  return createTRPCClient<AppRouter>({ links: [link] });
}
