import { TRPCClientError } from '@trpc/client';

/** The tRPC code the server sent ("UNAUTHORIZED", "BAD_REQUEST", …), if the server answered at all. */
export function errorCode(err: unknown): string | undefined {
  if (!(err instanceof TRPCClientError)) return undefined;
  const data = err.data as { code?: unknown } | undefined | null;
  return typeof data?.code === 'string' ? data.code : undefined;
}

export function isUnauthorized(err: unknown): boolean {
  if (errorCode(err) === 'UNAUTHORIZED') return true;
  const data = err instanceof TRPCClientError ? (err.data as { httpStatus?: unknown } | null | undefined) : undefined;
  return data?.httpStatus === 401;
}

export function isAbort(err: unknown): boolean {
  const cause = err instanceof TRPCClientError ? err.cause : err;
  return cause instanceof Error && cause.name === 'AbortError';
}

/**
 * The request never got an answer from the core: the server is down, the network is gone or the
 * IPC bridge failed. Server-side errors always carry a code, so the absence of one is the signal.
 */
export function isTransportFailure(err: unknown): boolean {
  return err instanceof TRPCClientError && errorCode(err) === undefined && !isAbort(err);
}

/** What the owner reads: the server's own sentence when there is one, never a stack. */
export function messageOf(err: unknown): string {
  if (isTransportFailure(err)) return 'Could not reach the console. Check that it is still running, then try again.';
  // Kept verbatim: the server words it to name the field ("limit: must be at most 200").
  if (err instanceof Error && err.message.trim()) return err.message.trim();
  return 'Something went wrong. Please try again.';
}
