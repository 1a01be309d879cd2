import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { ApiClient, AppRouter } from '../../api/types';

export type Handlers = Record<string, (input: unknown) => unknown>;

/** A real tRPC client whose calls are answered by `handlers[path]` (what the tanstack proxy needs). */
export function fakeApi(handlers: Handlers): { api: ApiClient; calls: { path: string; input: unknown }[] } {
  const calls: { path: string; input: unknown }[] = [];
  const link: TRPCLink<AppRouter> = () => ({ op }) =>
    observable((observer) => {
      calls.push({ path: op.path, input: op.input });
      const handler = handlers[op.path];
      Promise.resolve()
        .then(() => {
          if (!handler) throw new Error(`no fake for ${op.path}`);
          return handler(op.input);
        })
        .then(
          (data) => {
            observer.next({ result: { type: 'data', data } });
            observer.complete();
          },
          (err: unknown) => observer.error(err instanceof TRPCClientError ? err : TRPCClientError.from(err as Error)),
        );
      return () => undefined;
    });
  return { api: createTRPCClient<AppRouter>({ links: [link] }), calls };
}

/** A call that never reached the core (what a fetch with the network off gives). */
export function transportFailure(): TRPCClientError<AppRouter> {
  return new TRPCClientError('Failed to fetch', { cause: new TypeError('Failed to fetch') });
}

/** A refusal by the core with its code. */
export function serverError(code: string, message: string): TRPCClientError<AppRouter> {
  const err = new TRPCClientError<AppRouter>(message);
  Object.defineProperty(err, 'data', { value: { code } });
  return err;
}
