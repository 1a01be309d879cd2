import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { messageOf } from '@renderer/api/errors';
import { useTRPC } from '@renderer/api/query';
import { Icon } from '@renderer/ui/Icon';
import { Pill, type PillTone } from '@renderer/ui/Pill';
import { ago, dateTime } from '../format';
import type { Delivery, DeliveryStatus } from '../types';
import { LoadProblem } from '../Unavailable';
import { useWebhooksApi } from '../use-webhooks-api';
import { DeliveryAttempts } from './DeliveryAttempts';

const TONE: Record<DeliveryStatus, PillTone> = { pending: 'info', delivered: 'success', failed: 'danger' };
const LABEL: Record<DeliveryStatus, string> = { pending: 'Retrying', delivered: 'Delivered', failed: 'Failed' };

/**
 * What this console sent to one endpoint, newest first; each opens onto its attempts. Read again
 * when the core pushes that deliveries changed (api/push.ts), so statuses move without a reload.
 */
export function DeliveryList({ endpointId, now }: { endpointId: string; now: number }) {
  const api = useWebhooksApi();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deliveries = useQuery({
    queryKey: trpc.webhooks.deliveries.list.queryKey({ endpointId, limit: 50 }),
    queryFn: ({ signal }) => api.deliveries.list(endpointId, signal),
  });
  const [open, setOpen] = useState<string | null>(null);
  // A resend changes the delivery, its attempts and the endpoint's summary.
  const reload = () => {
    void queryClient.invalidateQueries(trpc.webhooks.deliveries.pathFilter());
    void queryClient.invalidateQueries(trpc.webhooks.endpoints.list.pathFilter());
  };
  const items = deliveries.data?.items;

  if (deliveries.error && !items) return <LoadProblem error={deliveries.error} what="Deliveries" onRetry={reload} />;
  return (
    <div className="deliveries">
      <div className="deliveries-head">
        <h3 className="wh-section-title">Deliveries</h3>
        <button type="button" className="button button-small" onClick={() => void deliveries.refetch()} disabled={deliveries.isFetching}>
          <Icon name="refresh" size={14} /> {deliveries.isFetching ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      {deliveries.error && <p className="field-error">Could not refresh: {messageOf(deliveries.error)}</p>}
      {!items ? (
        <span className="skeleton" style={{ width: '50%' }} />
      ) : items.length === 0 ? (
        <p className="muted wh-small">Nothing sent yet. Deliveries appear here when a member joins, pays or leaves.</p>
      ) : (
        <ul className="delivery-rows">
          {items.map((d) => (
            <li key={d.id} className={open === d.id ? 'delivery is-open' : 'delivery'}>
              <DeliveryRow delivery={d} now={now} open={open === d.id} onToggle={() => setOpen(open === d.id ? null : d.id)} />
              {open === d.id && <DeliveryAttempts id={d.id} onResent={reload} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function DeliveryRow({ delivery, now, open, onToggle }: { delivery: Delivery; now: number; open: boolean; onToggle: () => void }) {
  return (
    <button type="button" className="delivery-row" aria-expanded={open} onClick={onToggle} data-testid="delivery-row">
      <Icon name="chevronDown" size={14} className={open ? 'chevron is-open' : 'chevron'} />
      <span className="mono delivery-type">{delivery.eventType}</span>
      <Pill tone={TONE[delivery.status]}>{LABEL[delivery.status]}</Pill>
      <span className="muted wh-small">
        {delivery.attempts === 1 ? '1 attempt' : `${delivery.attempts} attempts`}
        {delivery.status === 'pending' && delivery.nextAttemptAt ? ` · next ${dateTime(delivery.nextAttemptAt)}` : ''}
        {delivery.status !== 'delivered' && delivery.lastError ? <span className="danger-text"> · {delivery.lastError}</span> : null}
      </span>
      <time className="muted wh-small delivery-when" dateTime={delivery.createdAt} title={dateTime(delivery.createdAt)}>
        {ago(delivery.createdAt, now)}
      </time>
    </button>
  );
}
