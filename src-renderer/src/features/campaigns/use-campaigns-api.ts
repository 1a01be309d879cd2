import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTRPC } from '../../api/query';
import { useServices } from '../../app/services';
import type { CampaignDetail } from '@shared/schemas/campaigns';
import type { LocalDraft } from './draft-store';

/** Saves a draft on the core (creating it the first time) for the draft session. */
export function useDraftPush(): (draft: LocalDraft) => Promise<{ campaignId: string }> {
  const { api } = useServices();
  const refresh = useRefreshCampaigns();
  return useCallback(
    async (d: LocalDraft) => {
      const fields = { subject: d.subject, content: d.content, audience: d.audience };
      const saved = d.campaignId ? await api.campaigns.update.mutate({ id: d.campaignId, ...fields }) : await api.campaigns.createDraft.mutate(fields);
      refresh(saved);
      return { campaignId: saved.id };
    },
    [api, refresh],
  );
}

/** After a change we made: put the answer in the cache and have the lists read again. */
export function useRefreshCampaigns(): (detail?: CampaignDetail) => void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    (detail?: CampaignDetail) => {
      if (detail) queryClient.setQueryData(trpc.campaigns.get.queryKey({ id: detail.id }), detail);
      void queryClient.invalidateQueries(trpc.campaigns.list.pathFilter());
      if (detail) void queryClient.invalidateQueries(trpc.campaigns.versions.queryFilter({ id: detail.id }));
    },
    [queryClient, trpc],
  );
}
