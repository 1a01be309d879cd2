import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import superjson from 'superjson';
import type { DesktopBridge, IpcRequest, IpcResponse } from '@shared/ipc';
import type { AppRouter } from './types';

export interface IpcLinkOptions {
  bridge: DesktopBridge;
  /** Read at call time: the tenant the owner is looking at when the request leaves. */
  getTenantId: () => string | null;
}

/**
 * Sends each call through the preload's bridge instead of HTTP. superjson runs here (not in the
 * main process's transport) because the bridge only carries structured-cloneable values.
 */
export function ipcLink(options: IpcLinkOptions): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        if (op.type === 'subscription') {
          // Push through the preload's back channel: data until the main process ends it or we do.
          let open = true;
          const id = options.bridge.subscribe(
            { path: op.path, input: op.input === undefined ? undefined : superjson.serialize(op.input), tenantId: options.getTenantId() },
            (event) => {
              if (!open) return;
              if (event.type === 'data') {
                observer.next({ result: { type: 'data', data: superjson.deserialize(event.data as never) } });
                return;
              }
              open = false;
              if (event.type === 'error') observer.error(errorFromResponse(event.error));
              else observer.complete();
            },
          );
          observer.next({ result: { type: 'started' } });
          return () => {
            if (open) options.bridge.unsubscribe(id);
            open = false;
          };
        }
        let settled = false;
        const request: IpcRequest = {
          path: op.path,
          type: op.type,
          input: op.input === undefined ? undefined : superjson.serialize(op.input),
          tenantId: options.getTenantId(),
        };

        const onAbort = () => {
          if (settled) return;
          settled = true;
          observer.error(TRPCClientError.from(abortError()));
        };
        op.signal?.addEventListener('abort', onAbort, { once: true });

        options.bridge.invoke(request).then(
          (response) => {
            if (settled) return;
            settled = true;
            if (response.ok) {
              observer.next({ result: { type: 'data', data: superjson.deserialize(response.result as never) } });
              observer.complete();
            } else {
              observer.error(errorFromResponse(response.error));
            }
          },
          (err: unknown) => {
            if (settled) return;
            settled = true;
            // The bridge itself failed (main process gone, channel closed): no code, so it reads as offline.
            observer.error(TRPCClientError.from(err instanceof Error ? err : new Error(String(err))));
          },
        );

        return () => {
          settled = true;
          op.signal?.removeEventListener('abort', onAbort);
        };
      });
}

type IpcError = Extract<IpcResponse, { ok: false }>['error'];

/** The same error shape httpBatchLink produces, so the UI handles both transports alike. */
function errorFromResponse(error: IpcError): TRPCClientError<AppRouter> {
  const jsonRpcCode = (TRPC_ERROR_CODES_BY_KEY as Record<string, number>)[error.code] ?? TRPC_ERROR_CODES_BY_KEY.INTERNAL_SERVER_ERROR;
  return TRPCClientError.from({
    error: { code: jsonRpcCode, message: error.message, data: { code: error.code, httpStatus: error.httpStatus } },
  });
}

function abortError(): Error {
  const err = new Error('the request was cancelled');
  err.name = 'AbortError';
  return err;
}
