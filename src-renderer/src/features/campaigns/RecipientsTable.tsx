import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTRPC } from '../../api/query';
import { formatCount, formatDateTime } from '../../ui/format';
import { LoadFailed } from '../../ui/LoadFailed';
import { Pill } from '../../ui/Pill';
import { RECIPIENT_STATUSES, type RecipientStatus } from '@shared/schemas/campaigns';
import { RECIPIENT_LABELS } from './labels';

const PAGE_SIZE = 50;

const EMPTY: Record<RecipientStatus, string> = {
  pending: 'Nobody is waiting.',
  sending: 'Nothing is being handed to the mail server right now.',
  sent: 'Nobody has got it yet.',
  failed: 'No failures.',
  unconfirmed: 'Nothing unconfirmed.',
  skipped: 'Nobody was skipped.',
};

/** Everyone this campaign was for, filterable by what happened to their message, 50 at a time. */
export function RecipientsTable({ campaignId }: { campaignId: string }) {
  const trpc = useTRPC();
  const id = useId();
  const [status, setStatus] = useState<RecipientStatus | ''>('');
  const [page, setPage] = useState(1);
  const input = { id: campaignId, page, limit: PAGE_SIZE, ...(status ? { status } : {}) };
  const rows = useQuery({ ...trpc.campaigns.recipients.queryOptions(input), placeholderData: keepPreviousData });
  const total = rows.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const from = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const to = Math.min(total, page * PAGE_SIZE);

  return (
    <section className="card campaign-recipients" aria-labelledby={`${id}-title`}>
      <div className="campaign-recipients-head">
        <h2 className="card-title" id={`${id}-title`}>
          Recipients
        </h2>
        <label className="field-label" htmlFor={`${id}-status`}>
          Show
        </label>
        <select
          id={`${id}-status`}
          className="input campaign-status-filter"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as RecipientStatus | '');
            setPage(1);
          }}
        >
          <option value="">Everyone</option>
          {RECIPIENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {RECIPIENT_LABELS[s].label}
            </option>
          ))}
        </select>
      </div>
      {rows.isError && !rows.data ? (
        <LoadFailed what="Recipients" error={rows.error} onRetry={() => void rows.refetch()} />
      ) : !rows.data ? (
        <p className="muted" role="status">
          Loading recipients…
        </p>
      ) : rows.data.items.length === 0 ? (
        <p className="muted campaign-recipients-empty">{status ? EMPTY[status] : 'Nobody yet.'}</p>
      ) : (
        <table className="campaign-table campaign-recipient-table">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col">Sent</th>
              <th scope="col">Last problem</th>
            </tr>
          </thead>
          <tbody>
            {rows.data.items.map((r) => (
              <tr key={r.id}>
                <td>
                  <div className="campaign-recipient-name">{r.name ?? r.email}</div>
                  {r.name && <div className="muted">{r.email}</div>}
                </td>
                <td>
                  <Pill tone={RECIPIENT_LABELS[r.status].tone}>{RECIPIENT_LABELS[r.status].label}</Pill>
                </td>
                <td className="num">{formatCount(r.attempts)}</td>
                <td className="campaign-nowrap">{r.sentAt ? formatDateTime(r.sentAt) : '—'}</td>
                <td className="campaign-recipient-error">{r.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="campaign-pager" aria-label="Recipient pages">
        <span className="muted" aria-live="polite">
          {total === 0 ? 'No recipients' : `${formatCount(from)}–${formatCount(to)} of ${formatCount(total)}`}
        </span>
        <button type="button" className="button button-small" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
          Previous
        </button>
        <button type="button" className="button button-small" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
          Next
        </button>
      </nav>
    </section>
  );
}
