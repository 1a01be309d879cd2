import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { ApiClient, AppRouter } from '../api/types';

type Callable = (input: unknown, options?: unknown) => unknown;

/**
 * A real tRPC client answered by a test's partial fake of the API (`{packages: {list: {query}}}`):
 * each call goes through a link to `fake[path][query|mutate|subscribe]`, so both direct calls and
 * TanStack Query's tRPC integration (which needs a real client) reach the test's functions. A call
 * the fake lacks fails like a refusal would, naming what is missing.
 */
export function fakeTrpcClient(fake: object): ApiClient {
  const link: TRPCLink<AppRouter> = () => ({ op }) =>
    observable((observer) => {
      const method = op.type === 'mutation' ? 'mutate' : op.type === 'query' ? 'query' : 'subscribe';
      const target = op.path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], fake) as Record<string, Callable> | undefined;
      const fn = target?.[method];
      if (typeof fn !== 'function') {
        observer.error(TRPCClientError.from(new Error(`the test's fake API has no ${op.path}.${method}`)));
        return () => undefined;
      }
      if (op.type === 'subscription') {
        const sub = fn(op.input, {
          onData: (data: unknown) => observer.next({ result: { type: 'data', data } }),
          onError: (err: unknown) => observer.error(TRPCClientError.from(err as Error)),
          onComplete: () => observer.complete(),
        }) as { unsubscribe?: () => void } | undefined;
        return () => sub?.unsubscribe?.();
      }
      let open = true;
      Promise.resolve()
        .then(() => (op.type === 'query' ? fn(op.input, { signal: op.signal }) : fn(op.input)))
        .then(
          (data) => {
            if (!open) return;
            observer.next({ result: { type: 'data', data } });
            observer.complete();
          },
          (err: unknown) => open && observer.error(err instanceof TRPCClientError ? err : TRPCClientError.from(err as Error)),
        );
      return () => void (open = false);
    });
  return createTRPCClient<AppRouter>({ links: [link] });
}
