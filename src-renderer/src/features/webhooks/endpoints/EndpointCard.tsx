import { useState } from 'react';
import { Icon } from '@renderer/ui/Icon';
import { Pill } from '@renderer/ui/Pill';
import { dateTime } from '../format';
import { OUTGOING_EVENTS, type Endpoint } from '../types';
import { useAction } from '@renderer/ui/use-action';
import { useWebhooksApi } from '../use-webhooks-api';
import { DeliveryList } from './DeliveryList';

export interface EndpointActions {
  onRotate: (endpoint: Endpoint) => void;
  onDelete: (endpoint: Endpoint) => void;
  onChanged: () => void;
}

/** One outgoing endpoint: where, which events, whether it is on (and why not), its deliveries. */
export function EndpointCard({ endpoint, now, actions }: { endpoint: Endpoint; now: number; actions: EndpointActions }) {
  const api = useWebhooksApi();
  const [open, setOpen] = useState(false);
  const toggle = useAction((enabled: boolean) => api.endpoints.update({ id: endpoint.id, enabled }));
  const allEvents = OUTGOING_EVENTS.every((e) => endpoint.events.includes(e));

  async function setEnabled(enabled: boolean) {
    if (await toggle.run(enabled)) actions.onChanged();
  }

  return (
    <li className="card endpoint-card" data-testid="endpoint">
      <div className="endpoint-head">
        <div className="endpoint-main">
          <div className="endpoint-url-line">
            <code className="endpoint-url">{endpoint.url}</code>
            {endpoint.enabled ? <Pill tone="success">Enabled</Pill> : <Pill tone="warning">Disabled</Pill>}
          </div>
          {endpoint.description && <p className="endpoint-description">{endpoint.description}</p>}
          {!endpoint.enabled && endpoint.disabledReason && (
            <p className="endpoint-reason">
              <Icon name="alert" size={14} /> {endpoint.disabledReason}
            </p>
          )}
          <div className="endpoint-events">
            {allEvents ? (
              <span className="event-chip">All member events</span>
            ) : (
              endpoint.events.map((e) => (
                <span key={e} className="event-chip">
                  {e}
                </span>
              ))
            )}
            <span className="muted wh-small">
              · {deliverySummary(endpoint.deliveries)} · added {dateTime(endpoint.createdAt)}
            </span>
          </div>
        </div>
        <div className="endpoint-actions">
          <button type="button" className="button button-small" onClick={() => void setEnabled(!endpoint.enabled)} disabled={toggle.busy}>
            {endpoint.enabled ? 'Disable' : 'Enable'}
          </button>
          <button type="button" className="button button-small" onClick={() => actions.onRotate(endpoint)}>
            <Icon name="key" size={14} /> Rotate secret
          </button>
          <button type="button" className="button button-small button-danger-quiet" onClick={() => actions.onDelete(endpoint)}>
            Delete
          </button>
        </div>
      </div>
      {toggle.problem && (
        <p className="field-error endpoint-problem" role="alert">
          Could not {endpoint.enabled ? 'disable' : 'enable'}: {toggle.problem}
        </p>
      )}
      <button type="button" className="endpoint-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <Icon name="chevronDown" size={14} className={open ? 'chevron is-open' : 'chevron'} /> {open ? 'Hide deliveries' : 'Show deliveries'}
      </button>
      {open && <DeliveryList endpointId={endpoint.id} now={now} />}
    </li>
  );
}

function deliverySummary(counts: Endpoint['deliveries']): string {
  const parts = [`${counts.delivered} delivered`];
  if (counts.pending) parts.push(`${counts.pending} retrying`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  return parts.join(', ');
}
