import { QueryClient } from '@tanstack/react-query';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from './types';

/**
 * The renderer's data layer: TanStack Query over the tRPC client. Queries are not refetched on a
 * timer: the core pushes what changed (api/push.ts) and the matching queries are invalidated.
 */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Pushed changes invalidate; a page shown again within a few seconds reuses what it had.
        staleTime: 5_000,
        retry: 1,
        refetchOnWindowFocus: false,
      },
    },
  });
}
