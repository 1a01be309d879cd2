import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useApiQuery } from '@renderer/api/use-api-query';
import { Avatar } from '@renderer/ui/Avatar';
import { CopyButton } from '@renderer/ui/CopyButton';
import { Icon } from '@renderer/ui/Icon';
import { Pill } from '@renderer/ui/Pill';
import { CodeBlock, HeaderList } from '../CodeBlock';
import { ago, dateTime, providerLabel, STATUS_LABEL, STATUS_TONE } from '../format';
import type { EventDetail as Detail } from '../types';
import { useAction } from '@renderer/ui/use-action';
import { useWebhooksApi } from '../use-webhooks-api';
import { webhooksApi } from '../webhooks-api';
import { ChangeList } from './ChangeList';
import { EventOutcome } from './EventOutcome';
import { ReplayDialog } from './ReplayDialog';
import { LoadFailed } from '@renderer/ui/LoadFailed';

/** The selected event in full. `version` changes when the stream sees its status change, to reload. */
export function EventDetail({ id, version, now, onClose, onChanged }: { id: string; version: string; now: number; onClose: () => void; onChanged: () => void }) {
  const event = useApiQuery(`webhook-event:${id}`, (api, signal) => webhooksApi(api).events.get(id, signal));
  const titleId = useId();
  // The stream saw its status change: load it again, keeping what is shown until the answer comes.
  const shownVersion = useRef(version);
  const { reload } = event;
  useEffect(() => {
    if (shownVersion.current === version) return;
    shownVersion.current = version;
    reload();
  }, [version, reload]);

  if (event.error !== undefined && !event.data) {
    return (
      <section className="card event-detail" aria-label="Event detail">
        <LoadFailed
          what="This event"
          error={event.error}
          onRetry={event.reload}
          actions={
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          }
        />
      </section>
    );
  }
  if (!event.data) {
    return (
      <section className="card event-detail" aria-busy="true" aria-label="Event detail">
        <div className="event-detail-loading">
          <span className="skeleton" style={{ width: '55%', height: 16 }} />
          <span className="skeleton" style={{ width: '35%' }} />
          <span className="skeleton" style={{ width: '80%' }} />
          <span className="skeleton" style={{ width: '70%' }} />
        </div>
      </section>
    );
  }
  return <DetailBody key={event.data.id} event={event.data} titleId={titleId} now={now} onClose={onClose} onChanged={onChanged} />;
}

function DetailBody({ event, titleId, now, onClose, onChanged }: { event: Detail; titleId: string; now: number; onClose: () => void; onChanged: () => void }) {
  const [replaying, setReplaying] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const api = useWebhooksApi();
  const retry = useAction(() => api.events.retry(event.id));
  const changes = Array.isArray(event.changes) ? event.changes : null;

  async function onRetry() {
    const done = await retry.run();
    if (done) {
      setNotice('Queued to be processed again. Its status updates here.');
      onChanged();
    }
  }

  return (
    <section className="card event-detail" aria-labelledby={titleId} data-testid="event-detail">
      <header className="event-detail-head">
        <div className="event-detail-title">
          <h2 id={titleId} className="event-detail-type">
            {event.type}
          </h2>
          <div className="event-detail-pills">
            <Pill tone={STATUS_TONE[event.status]}>
              <span data-testid="event-detail-status">{STATUS_LABEL[event.status]}</span>
            </Pill>
            <Pill>{providerLabel(event.provider)}</Pill>
            <span className="muted wh-small" title={dateTime(event.receivedAt)}>
              Received {ago(event.receivedAt, now)}
            </span>
          </div>
        </div>
        <div className="event-detail-actions">
          {event.status === 'failed' && (
            <button type="button" className="button button-small button-primary" onClick={() => void onRetry()} disabled={retry.busy}>
              <Icon name="refresh" size={14} /> {retry.busy ? 'Retrying…' : 'Retry'}
            </button>
          )}
          <button type="button" className="button button-small" onClick={() => setReplaying(true)} title="Send this event again, to this console or to another URL">
            <Icon name="arrowRight" size={14} /> Replay…
          </button>
          <button type="button" className="icon-button" aria-label="Close event detail" title="Close" onClick={onClose}>
            <Icon name="close" size={16} />
          </button>
        </div>
      </header>

      <div className="event-detail-body">
        {retry.problem && (
          <div className="banner banner-danger" role="alert">
            <Icon name="alert" size={15} />
            <span>Could not retry: {retry.problem}</span>
          </div>
        )}
        {notice && (
          <div className="banner banner-info" role="status">
            <Icon name="check" size={15} />
            <span>{notice}</span>
          </div>
        )}
        <EventOutcome event={event} />

        <section className="wh-section">
          <h3 className="wh-section-title">What it changed</h3>
          <ChangeList changes={changes} status={event.status} summary={event.summary} />
        </section>

        <section className="wh-section">
          <h3 className="wh-section-title">Member</h3>
          {event.member ? (
            <div className="event-member">
              <Avatar name={event.member.name ?? event.member.email ?? '?'} seed={event.member.userId} size={32} />
              <div className="event-member-text">
                <span className="event-member-name">{event.member.name ?? 'Unnamed member'}</span>
                <span className="muted wh-small">{event.member.email}</span>
              </div>
              <a className="card-link" href={`#/members?search=${encodeURIComponent(event.member.email ?? event.member.userId)}`}>
                Open in Members <Icon name="arrowRight" size={14} />
              </a>
            </div>
          ) : (
            <p className="muted wh-small">{event.status === 'received' ? 'Known once the event is processed.' : 'This event did not touch a member.'}</p>
          )}
        </section>

        <section className="wh-section">
          <h3 className="wh-section-title">Delivery</h3>
          <dl className="facts">
            <Fact label="Received">{dateTime(event.receivedAt)}</Fact>
            <Fact label="Processed">{event.processedAt ? dateTime(event.processedAt) : 'Not yet'}</Fact>
            <Fact label="Attempts">{event.attempts}</Fact>
            <Fact label={`${providerLabel(event.provider)} event id`}>
              <code className="fact-code">{event.providerEventId}</code>
              <CopyButton text={event.providerEventId} iconOnly label="Copy event id" />
            </Fact>
            <Fact label="Ledger id">
              <code className="fact-code">{event.id}</code>
            </Fact>
          </dl>
        </section>

        <section className="wh-section">
          <h3 className="wh-section-title">Headers</h3>
          <HeaderList headers={event.headers} label="Headers as received" />
        </section>

        <section className="wh-section">
          <CodeBlock text={event.body} label="Raw body" />
        </section>
      </div>
      {replaying && <ReplayDialog event={event} onClose={() => setReplaying(false)} onDelivered={onChanged} />}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
