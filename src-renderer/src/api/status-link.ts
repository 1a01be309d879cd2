import type { TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { ApiError, AppRouter } from './types';

export interface StatusHooks {
  /** The core answered (with data or with an error of its own). */
  onAnswer: () => void;
  /** Any error; `context` tells whether the op was cancelled by us. */
  onError: (err: ApiError, context: { aborted: boolean; startedWith: unknown }) => void;
  /** Captured when the call starts, so a late 401 for an old token can be told apart. */
  snapshot?: () => unknown;
}

/** Watches every call go by: drives the connection indicator and the return to sign-in. */
export function statusLink(hooks: StatusHooks): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        const startedWith = hooks.snapshot?.();
        const subscription = next(op).subscribe({
          next(value) {
            hooks.onAnswer();
            observer.next(value);
          },
          error(err) {
            hooks.onError(err, { aborted: op.signal?.aborted ?? false, startedWith });
            observer.error(err);
          },
          complete() {
            observer.complete();
          },
        });
        return () => subscription.unsubscribe();
      });
}
