import { useServices } from '../../app/services';
import { showToast } from '../../ui/Toast';
import { useAction } from '../../ui/use-action';
import { openCampaign } from './campaigns-route';
import { useRefreshCampaigns } from './use-campaigns-api';

/** Makes a new draft from this campaign and opens it; `beforeCopy` saves what is typed first. */
export function DuplicateCampaign({ id, beforeCopy }: { id: string; beforeCopy?: () => Promise<unknown> }) {
  const { api } = useServices();
  const refresh = useRefreshCampaigns();
  const duplicate = useAction(async () => {
    await beforeCopy?.();
    const copy = await api.campaigns.duplicate.mutate({ id });
    refresh(copy);
    showToast(`Made a copy: “${copy.subject || 'Untitled draft'}”.`);
    openCampaign(copy.id);
  });
  return (
    <>
      <button type="button" className="button" disabled={duplicate.busy} onClick={() => void duplicate.run()}>
        Duplicate
      </button>
      {duplicate.problem && (
        <p className="field-error campaign-header-error" role="alert">
          {duplicate.problem}
        </p>
      )}
    </>
  );
}
