import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTRPC } from '../../api/query';
import { useServices } from '../../app/services';
import { formatDateTime } from '../../ui/format';
import { LoadFailed } from '../../ui/LoadFailed';
import { Modal } from '../../ui/Modal';
import { useAction } from '../../ui/use-action';
import type { DraftSession } from './draft-session';
import { useRefreshCampaigns } from './use-campaigns-api';

/** Earlier saves of this campaign, newest first; restoring one makes it the current text. */
export function VersionsDialog({ session, campaignId, onClose }: { session: DraftSession; campaignId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const { api } = useServices();
  const refresh = useRefreshCampaigns();
  const id = useId();
  const versions = useQuery({ ...trpc.campaigns.versions.queryOptions({ id: campaignId }), staleTime: 0 });
  const restore = useAction(async (versionId: string) => {
    // Save what is typed first: it becomes a version too, so restoring loses nothing.
    await session.flush();
    const detail = await api.campaigns.restoreVersion.mutate({ id: campaignId, versionId });
    session.replace({ subject: detail.subject, content: detail.content, audience: detail.audience }, Date.parse(detail.updatedAt));
    refresh(detail);
    onClose();
  });

  return (
    <Modal labelledBy={`${id}-title`} onRequestClose={onClose} className="campaign-versions-modal">
      <div className="confirm">
        <h2 id={`${id}-title`} className="confirm-title">
          Versions
        </h2>
        <p className="muted">Each save that changed the subject or text is kept (the last 50).</p>
        {versions.isError ? (
          <LoadFailed what="Versions" error={versions.error} onRetry={() => void versions.refetch()} />
        ) : !versions.data ? (
          <p className="muted" role="status">
            Loading versions…
          </p>
        ) : versions.data.items.length === 0 ? (
          <p className="muted">No earlier versions yet.</p>
        ) : (
          <ol className="campaign-versions">
            {versions.data.items.map((v) => (
              <li key={v.id}>
                <div>
                  <strong>{formatDateTime(v.savedAt)}</strong>
                  <div className="campaign-version-subject">{v.subject || 'No subject'}</div>
                  <div className="muted campaign-version-excerpt">{v.excerpt || 'Empty'}</div>
                </div>
                <button type="button" className="button button-small" disabled={restore.busy} onClick={() => void restore.run(v.id)} aria-label={`Restore the version of ${formatDateTime(v.savedAt)}`}>
                  Restore
                </button>
              </li>
            ))}
          </ol>
        )}
        {restore.problem && (
          <p className="field-error" role="alert">
            {restore.problem}
          </p>
        )}
        <div className="confirm-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Modal>
  );
}
