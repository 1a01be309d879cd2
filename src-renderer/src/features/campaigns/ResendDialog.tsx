import { useId, useState } from 'react';
import { useServices } from '../../app/services';
import { pluralise } from '../../ui/format';
import { Modal } from '../../ui/Modal';
import { showToast } from '../../ui/Toast';
import { useAction } from '../../ui/use-action';
import type { CampaignDetail } from '@shared/schemas/campaigns';
import { useRefreshCampaigns } from './use-campaigns-api';

/** The owner's choice to try again: failed addresses, and unconfirmed ones (which may have got it). */
export function ResendDialog({ detail, onClose }: { detail: CampaignDetail; onClose: () => void }) {
  const { api } = useServices();
  const refresh = useRefreshCampaigns();
  const id = useId();
  const s = detail.stats;
  const [failed, setFailed] = useState(s.failed > 0);
  const [unconfirmed, setUnconfirmed] = useState(false);
  const resend = useAction(async () => {
    const statuses = [...(failed ? (['failed'] as const) : []), ...(unconfirmed ? (['unconfirmed'] as const) : [])];
    const { queued } = await api.campaigns.resend.mutate({ id: detail.id, statuses });
    refresh();
    showToast(queued ? `Sending again to ${pluralise(queued, 'member')}.` : 'Nobody to send to again: they unsubscribed or their address bounced.');
    onClose();
  });
  return (
    <Modal labelledBy={`${id}-title`} onRequestClose={() => !resend.busy && onClose()}>
      <form
        className="confirm"
        onSubmit={(e) => {
          e.preventDefault();
          void resend.run();
        }}
      >
        <h2 className="confirm-title" id={`${id}-title`}>
          Send again
        </h2>
        <div className="confirm-body campaign-resend">
          <label className="campaign-check">
            <input type="checkbox" checked={failed} disabled={s.failed === 0} onChange={(e) => setFailed(e.target.checked)} />
            Failed ({pluralise(s.failed, 'member')})
          </label>
          <label className="campaign-check">
            <input type="checkbox" checked={unconfirmed} disabled={s.unconfirmed === 0} onChange={(e) => setUnconfirmed(e.target.checked)} />
            Unconfirmed ({pluralise(s.unconfirmed, 'member')})
          </label>
          <p className="field-help">
            Unconfirmed messages were in flight when the console stopped: the mail server may have delivered them, so these members could get a second copy.
            Bounced and unsubscribed addresses are skipped.
          </p>
        </div>
        {resend.problem && (
          <p className="field-error" role="alert">
            {resend.problem}
          </p>
        )}
        <div className="confirm-actions">
          <button type="button" className="button" onClick={onClose} disabled={resend.busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={resend.busy || (!failed && !unconfirmed)}>
            Send again
          </button>
        </div>
      </form>
    </Modal>
  );
}
