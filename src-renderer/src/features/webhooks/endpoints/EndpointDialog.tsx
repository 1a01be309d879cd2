import { useId, useState } from 'react';
import { Icon } from '@renderer/ui/Icon';
import { Modal } from '@renderer/ui/Modal';
import { targetProblem } from '../target';
import { OUTGOING_EVENTS, type CreatedEndpoint, type OutgoingEvent } from '../types';
import { useAction } from '@renderer/ui/use-action';
import { useWebhooksApi } from '../use-webhooks-api';

const EVENT_HELP: Record<OutgoingEvent, string> = {
  'member.joined': 'Someone joined, free or paid',
  'member.left': 'Someone left or was removed',
  'subscription.created': 'A paid subscription started',
  'subscription.updated': 'A plan, status or renewal date changed',
  'subscription.canceled': 'A subscription ended',
  'payment.failed': 'A renewal payment did not go through',
};

/** Adds an outgoing endpoint: a URL and the events it wants. The secret is shown after. */
export function EndpointDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (created: CreatedEndpoint) => void }) {
  const api = useWebhooksApi();
  const titleId = useId();
  const urlId = useId();
  const nameId = useId();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<OutgoingEvent[]>([...OUTGOING_EVENTS]);
  const [tried, setTried] = useState(false);
  const create = useAction(() => api.endpoints.create({ url: url.trim(), events, description: description.trim() || undefined }));
  const urlProblem = tried ? targetProblem({ kind: 'url', url }) : null;
  const eventsProblem = tried && events.length === 0 ? 'Choose at least one event' : null;

  async function submit() {
    setTried(true);
    if (targetProblem({ kind: 'url', url }) || events.length === 0) return;
    const created = await create.run();
    if (created) onCreated(created);
  }

  const toggle = (event: OutgoingEvent, on: boolean) => setEvents((list) => (on ? OUTGOING_EVENTS.filter((e) => e === event || list.includes(e)) : list.filter((e) => e !== event)));

  return (
    <Modal labelledBy={titleId} onRequestClose={() => !create.busy && onClose()} className="endpoint-dialog">
      <form
        noValidate
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <header className="dialog-head">
          <h2 id={titleId} className="confirm-title">
            Add an endpoint
          </h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose} disabled={create.busy}>
            <Icon name="close" size={16} />
          </button>
        </header>
        <div className="dialog-field">
          <label className="field-label" htmlFor={urlId}>
            Endpoint URL
          </label>
          <input
            id={urlId}
            className={urlProblem ? 'input input-mono has-error' : 'input input-mono'}
            type="url"
            placeholder="https://example.com/webhooks/tenant"
            value={url}
            spellCheck={false}
            onChange={(e) => setUrl(e.target.value)}
          />
          {urlProblem ? <p className="field-error">{urlProblem}</p> : <p className="field-help">localhost works, for testing against your app on this computer.</p>}
        </div>
        <div className="dialog-field">
          <label className="field-label" htmlFor={nameId}>
            Description <span className="muted">(optional)</span>
          </label>
          <input id={nameId} className="input" placeholder="My app on localhost" value={description} maxLength={200} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <fieldset className="dialog-field event-checklist">
          <legend className="field-label">Events to send</legend>
          {OUTGOING_EVENTS.map((event) => (
            <label key={event} className="check-row">
              <input type="checkbox" checked={events.includes(event)} onChange={(e) => toggle(event, e.target.checked)} />
              <span>
                <span className="mono">{event}</span>
                <span className="field-help">{EVENT_HELP[event]}</span>
              </span>
            </label>
          ))}
          {eventsProblem && <p className="field-error">{eventsProblem}</p>}
        </fieldset>
        {create.problem && (
          <p className="field-error" role="alert">
            Could not add the endpoint: {create.problem}
          </p>
        )}
        <div className="confirm-actions">
          <button type="button" className="button" onClick={onClose} disabled={create.busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={create.busy}>
            {create.busy ? 'Adding…' : 'Add endpoint'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
