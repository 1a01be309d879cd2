import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorCode, isTransportFailure } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { EmptyState } from '../../ui/EmptyState';
import { LoadFailed } from '../../ui/LoadFailed';
import type { CampaignDetail } from '@shared/schemas/campaigns';
import { CampaignEditor } from './CampaignEditor';
import { CampaignReport } from './CampaignReport';
import { campaignHref } from './campaigns-route';
import { pickStartingDraft, readDraft, removeDraft, type LocalDraft } from './draft-store';
import { isEditable } from './labels';

function fromServer(c: CampaignDetail, tenantId: string): LocalDraft {
  const at = Date.parse(c.updatedAt);
  return { key: c.id, tenantId, campaignId: c.id, subject: c.subject, content: c.content, audience: c.audience, editedAt: at, syncedAt: at };
}

/**
 * Opens a campaign: the core's copy, or this computer's when it holds newer edits (or the core
 * cannot be reached). Campaigns under way or done open as a report instead of an editor.
 */
export function CampaignEditorLoader({ tenantId, draftKey, onRenamed }: { tenantId: string; draftKey: string; onRenamed: (from: string, to: string) => void }) {
  const trpc = useTRPC();
  // Sticky: a draft started here keeps its editor when the core gives it an id (the key changes).
  const [isLocalOnly] = useState(() => draftKey.startsWith('new:'));
  // The local copy as it was when the editor opened (the session owns it from then on).
  // A local key with nothing stored (storage cleared, another window synced it): start it empty.
  const [local] = useState(
    () =>
      readDraft(window.localStorage, tenantId, draftKey) ??
      (isLocalOnly ? { key: draftKey, tenantId, campaignId: null, subject: '', content: '', audience: 'all_members', editedAt: Date.now(), syncedAt: null } : null),
  );
  const server = useQuery({ ...trpc.campaigns.get.queryOptions({ id: draftKey }), enabled: !draftKey.startsWith('new:'), retry: false });
  // Chosen once: later refreshes of the server copy (our own saves) must not reset the editor.
  const [start, setStart] = useState<LocalDraft | null>(null);
  // Once it is sending or done, this computer's copy can never be sent on: let it go.
  const settledId = server.data && !isEditable(server.data.state) ? server.data.id : null;
  useEffect(() => {
    if (settledId) removeDraft(window.localStorage, tenantId, settledId);
  }, [settledId, tenantId]);

  if (isLocalOnly) {
    if (server.data && !isEditable(server.data.state)) return <CampaignReport detail={server.data} tenantId={tenantId} />;
    return <CampaignEditor initial={local!} detail={server.data} onRenamed={onRenamed} />;
  }

  // Offline (the query waits for the network) or unreachable: this computer's copy, if there is one.
  const unreachable = !server.data && (server.fetchStatus === 'paused' || (server.isError && isTransportFailure(server.error)));
  if (unreachable && local) {
    if (!start) setStart(local);
    return <CampaignEditor initial={start ?? local} detail={undefined} onRenamed={onRenamed} />;
  }
  if (server.isError && !server.data) {
    if (errorCode(server.error) === 'NOT_FOUND') {
      return (
        <div className="page">
          <EmptyState icon="campaigns" title="This campaign no longer exists" actions={<a className="button" href={campaignHref(null)}>Back to campaigns</a>}>
            It may have been deleted on another computer.
          </EmptyState>
        </div>
      );
    }
    return (
      <div className="page">
        <LoadFailed what="This campaign" error={server.error} onRetry={() => void server.refetch()} />
      </div>
    );
  }
  if (!server.data) {
    return (
      <div className="page">
        <p className="muted" role="status">
          {server.fetchStatus === 'paused' ? 'Offline: this campaign opens when the console is reachable.' : 'Loading campaign…'}
        </p>
      </div>
    );
  }
  if (!isEditable(server.data.state)) return <CampaignReport detail={server.data} tenantId={tenantId} />;
  let initial = start;
  if (!initial) {
    const serverDraft = fromServer(server.data, tenantId);
    initial = pickStartingDraft(local, { ...serverDraft, updatedAt: serverDraft.editedAt }) === 'local' && local ? local : serverDraft;
    setStart(initial);
  }
  return <CampaignEditor initial={initial} detail={server.data} onRenamed={onRenamed} />;
}
