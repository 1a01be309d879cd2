import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../api/query';
import { EmptyState } from '../../ui/EmptyState';
import { formatCount, formatDateTime } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { LoadFailed } from '../../ui/LoadFailed';
import { Pill } from '../../ui/Pill';
import { ProgressBar } from '../../ui/ProgressBar';
import type { CampaignSummary } from '@shared/schemas/campaigns';
import { campaignHref, openCampaign } from './campaigns-route';
import { listUnsynced, newDraftKey, writeDraft, type LocalDraft } from './draft-store';
import { STATE_LABELS } from './labels';

/** Starts a draft on this computer: works with the core unreachable; the first save gives it an id. */
function startDraft(tenantId: string): string {
  const draft: LocalDraft = { key: newDraftKey(), tenantId, campaignId: null, subject: '', content: '', audience: 'all_members', editedAt: Date.now(), syncedAt: null };
  writeDraft(window.localStorage, draft);
  return draft.key;
}

export function CampaignList({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.campaigns.list.queryOptions());
  const [local] = useState(() => listUnsynced(window.localStorage, tenantId));
  const serverIds = new Set(list.data?.items.map((c) => c.id));
  // Drafts only this computer has (written offline), or with edits the core has not seen.
  const onlyHere = local.filter((d) => !d.campaignId || !serverIds.has(d.campaignId) || list.isError);
  const unsyncedIds = new Set(local.map((d) => d.campaignId).filter(Boolean));

  return (
    <div className="page campaigns-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Campaigns</h1>
          <p className="page-subtitle">Email your members. Drafts save as you type, even offline.</p>
        </div>
        <button type="button" className="button button-primary" onClick={() => openCampaign(startDraft(tenantId))}>
          <Icon name="plus" /> New campaign
        </button>
      </header>

      {onlyHere.length > 0 && (
        <section className="card campaign-local" aria-labelledby="campaign-local-title">
          <h2 className="card-title" id="campaign-local-title">
            Saved on this computer only
          </h2>
          <ul className="campaign-local-list">
            {onlyHere.map((d) => (
              <li key={d.key}>
                <a href={campaignHref(d.key)}>{d.subject.trim() || 'Untitled draft'}</a>
                <span className="muted"> · edited {formatDateTime(new Date(d.editedAt).toISOString())}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {list.isError && !list.data ? (
        <LoadFailed what="Campaigns" error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <p className="muted" role="status">
          {list.fetchStatus === 'paused' ? 'Offline: campaigns appear when the console is reachable. You can still write a new one.' : 'Loading campaigns…'}
        </p>
      ) : list.data.items.length === 0 ? (
        <EmptyState icon="campaigns" title="No campaigns yet">
          Write your first email to members: an announcement, a digest or an invitation.
        </EmptyState>
      ) : (
        <CampaignTable items={list.data.items} unsyncedIds={unsyncedIds} />
      )}
    </div>
  );
}

function when(c: CampaignSummary): string {
  if (c.state === 'scheduled' && c.scheduledAt) return `Scheduled for ${formatDateTime(c.scheduledAt)}`;
  if (c.sentAt) return `Sent ${formatDateTime(c.sentAt)}`;
  if (c.startedAt) return `Started ${formatDateTime(c.startedAt)}`;
  return `Edited ${formatDateTime(c.updatedAt)}`;
}

function CampaignTable({ items, unsyncedIds }: { items: CampaignSummary[]; unsyncedIds: Set<string | null> }) {
  return (
    <div className="card campaign-table-card">
      <table className="campaign-table">
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Recipients
            </th>
            <th scope="col" className="num">
              Sent
            </th>
            <th scope="col" className="num">
              Failed
            </th>
            <th scope="col" className="num">
              Unsubscribed
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <CampaignRow key={c.id} c={c} unsynced={unsyncedIds.has(c.id)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CampaignRow({ c, unsynced }: { c: CampaignSummary; unsynced: boolean }) {
  const state = STATE_LABELS[c.state];
  const s = c.stats;
  const live = c.state === 'sending' || c.state === 'paused';
  return (
    <tr data-campaign-id={c.id}>
      <td className="campaign-cell-main">
        <a className="campaign-subject" href={campaignHref(c.id)}>
          {c.subject.trim() || 'Untitled draft'}
        </a>
        <div className="muted campaign-meta">
          {c.audienceLabel} · {when(c)}
          {unsynced && ' · newer edits on this computer'}
        </div>
        {live && <ProgressBar label={`Progress of ${c.subject || 'the campaign'}`} done={s.recipients - s.pending - s.sending} total={s.recipients} />}
      </td>
      <td>
        <Pill tone={state.tone}>{state.label}</Pill>
      </td>
      <td className="num">{c.state === 'draft' || c.state === 'scheduled' ? '—' : formatCount(s.recipients)}</td>
      <td className="num">{formatCount(s.sent)}</td>
      <td className="num">{formatCount(s.failed)}</td>
      <td className="num">{formatCount(s.unsubscribed)}</td>
    </tr>
  );
}
