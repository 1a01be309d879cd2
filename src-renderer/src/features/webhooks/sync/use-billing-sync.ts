import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '@renderer/api/query';
import type { ProviderSyncState } from '@shared/schemas/billing-sync';
import { useAction } from '@renderer/ui/use-action';

/** The providers' sync state; the core pushes 'billingSync' when it changes (api/push.ts). */
export function useBillingSync() {
  const trpc = useTRPC();
  return useQuery(trpc.webhooks.sync.state.queryOptions());
}

/** This tenant's provider writes not sent yet. */
export function useLocalChanges() {
  const trpc = useTRPC();
  return useQuery(trpc.webhooks.sync.localChanges.queryOptions());
}

/** Sync now, settings and conflict resolution; each reads the state again when done. */
export function useSyncActions() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const reread = () => queryClient.invalidateQueries(trpc.webhooks.sync.pathFilter());
  return {
    pollNow: useAction(async (provider: ProviderSyncState['provider']) => {
      await client.webhooks.sync.pollNow.mutate({ provider });
      await reread();
    }),
    setSettings: useAction(async (input: Parameters<typeof client.webhooks.sync.setSettings.mutate>[0]) => {
      await client.webhooks.sync.setSettings.mutate(input);
      await reread();
    }),
    resolve: useAction(async (id: string, keep: 'mine' | 'theirs') => {
      await client.webhooks.sync.resolveConflict.mutate({ id, keep });
      await reread();
    }),
  };
}
