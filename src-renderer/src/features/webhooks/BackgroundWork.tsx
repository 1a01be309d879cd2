import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../api/query';
import type { QueueRow } from '@shared/push';
import { formatCount, pluralise } from '../../ui/format';
import { useNow } from '../../ui/use-now';

const KIND_LABEL: Record<string, string> = {
  webhooks: 'Incoming webhooks',
  deliveries: 'Outgoing deliveries',
  bulk: 'Imports and bulk actions',
  sync: 'Provider sync',
  campaigns: 'Campaign sends',
  analytics: 'Analytics',
  events: 'Event listeners',
  other: 'Other work',
};

/** "under a minute", "3 minutes", "2 hours", "4 days": how long the oldest due job has waited. */
export function waitedFor(iso: string | null, now: number): string {
  if (!iso) return '—';
  const minutes = Math.floor(Math.max(0, now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return pluralise(minutes, 'minute');
  if (minutes < 48 * 60) return pluralise(Math.floor(minutes / 60), 'hour');
  return pluralise(Math.floor(minutes / 1440), 'day');
}

/**
 * The queue per kind of work: waiting, how long the oldest has waited, running, failing. The
 * console owner sees the whole console's; a tenant ADMIN their tenant's own. Updated by push.
 */
export function BackgroundWork({ consoleWide }: { consoleWide: boolean }) {
  const trpc = useTRPC();
  const queue = useQuery(consoleWide ? trpc.events.consoleQueue.queryOptions() : trpc.events.queue.queryOptions());
  const now = useNow(30_000);
  const rows: QueueRow[] = queue.data ?? [];
  const waiting = rows.reduce((n, r) => n + r.queued, 0);
  const failing = rows.reduce((n, r) => n + r.failed + r.retrying, 0);
  const busy = rows.filter((r) => r.queued + r.running + r.failed > 0);
  return (
    <details className="card background-work" data-testid="background-work">
      <summary>
        Background work: {queue.data ? `${formatCount(waiting)} waiting${failing > 0 ? `, ${formatCount(failing)} failing` : ''}` : queue.error ? 'not available' : '…'}
      </summary>
      {busy.length === 0 ? (
        <p className="muted">{consoleWide ? 'Nothing is waiting in this console.' : 'Nothing is waiting for this community.'}</p>
      ) : (
        <table className="attempt-table" aria-label="Background work by kind">
          <thead>
            <tr>
              <th scope="col">Kind of work</th>
              <th scope="col">Waiting</th>
              <th scope="col">Oldest waiting</th>
              <th scope="col">Running</th>
              <th scope="col">Failing</th>
            </tr>
          </thead>
          <tbody>
            {busy.map((r) => (
              <tr key={r.workKind} data-testid="background-work-row">
                <th scope="row">{KIND_LABEL[r.workKind] ?? r.workKind}</th>
                <td>{formatCount(r.queued)}</td>
                <td>{waitedFor(r.oldestDueAt, now)}</td>
                <td>{formatCount(r.running)}</td>
                <td>{r.failed + r.retrying > 0 ? `${formatCount(r.retrying)} retrying, ${formatCount(r.failed)} gave up` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
