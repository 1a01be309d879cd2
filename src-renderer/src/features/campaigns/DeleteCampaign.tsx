import { useState } from 'react';
import { useServices } from '../../app/services';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { showToast } from '../../ui/Toast';
import { useAction } from '../../ui/use-action';
import { openCampaign } from './campaigns-route';
import { removeDraft } from './draft-store';
import { useRefreshCampaigns } from './use-campaigns-api';

/** Deletes the campaign on the core and this computer's copy of it. */
export function DeleteCampaign({ id, subject, tenantId, localKey, label = 'Delete' }: { id: string; subject: string; tenantId: string; localKey?: string; label?: string }) {
  const { api } = useServices();
  const refresh = useRefreshCampaigns();
  const [asking, setAsking] = useState(false);
  const remove = useAction(async () => {
    await api.campaigns.delete.mutate({ id });
    removeDraft(window.localStorage, tenantId, id);
    if (localKey) removeDraft(window.localStorage, tenantId, localKey);
    refresh();
    setAsking(false);
    showToast(`Deleted “${subject.trim() || 'Untitled draft'}”.`);
    openCampaign(null);
  });
  return (
    <>
      <button type="button" className="button" onClick={() => setAsking(true)}>
        {label}
      </button>
      {asking && (
        <ConfirmDialog
          title="Delete this campaign?"
          confirmLabel="Delete"
          busy={remove.busy}
          problem={remove.problem}
          onConfirm={() => void remove.run()}
          onCancel={() => setAsking(false)}
        >
          <p>“{subject.trim() || 'Untitled draft'}” and its versions are deleted. Members who already got it keep their copy.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
