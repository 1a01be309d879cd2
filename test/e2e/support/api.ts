import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../../../src-main/core/api/router';

// The console's API for e2e specs, typed by the AppRouter: what a spec expects is read the way the
// page reads it, and a renamed procedure or field fails typecheck rather than at run time.

/** Where global-setup's `serve` listens (read when called: the env is set after modules load). */
export const baseUrl = () => process.env.E2E_BASE_URL!;
/** The Bearer token in global-setup's `#token=` sign-in link (the demo tenant's owner). */
export const signInToken = () => new URL(process.env.E2E_SIGN_IN_URL!).hash.replace('#token=', '');

export type ConsoleApi = TRPCClient<AppRouter>;

const clients = new Map<string, ConsoleApi>();

/** A client for `base` as `token`; the sign-in link's token on global-setup's server by default. */
export function api(token: string = signInToken(), base: string = baseUrl()): ConsoleApi {
  const key = `${base} ${token}`;
  let client = clients.get(key);
  if (!client) {
    client = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${base}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${token}` } })],
    });
    clients.set(key, client);
  }
  return client;
}

/** The HTTP status a refused call answered with (401, 403, …), or null when it was not refused by the server. */
export function httpStatusOf(err: unknown): number | null {
  return err instanceof TRPCClientError ? ((err.data as { httpStatus?: number } | undefined)?.httpStatus ?? null) : null;
}
