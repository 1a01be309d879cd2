import { useState } from 'react';
import { EmptyState } from '@renderer/ui/EmptyState';
import { useDebouncedValue } from '@renderer/ui/use-debounced-value';
import { useNow } from '@renderer/ui/use-now';
import { LoadProblem } from '../Unavailable';
import { EventDetail } from './EventDetail';
import { EventFilters, type ProviderFilter, type StatusFilter } from './EventFilters';
import { EventList } from './EventList';
import { EventsEmpty } from './EventsEmpty';
import { LEMONSQUEEZY_HANDLED_TYPES, STRIPE_HANDLED_TYPES } from '@shared/webhook-types';
import { LiveStatus } from './LiveStatus';
import { useEventStream } from './use-event-stream';

// The types the console's handlers know, offered in the type filter before any has arrived.
const KNOWN_TYPES: string[] = [...STRIPE_HANDLED_TYPES, ...LEMONSQUEEZY_HANDLED_TYPES];

export function EventsTab({ selectedId, onSelect }: { selectedId: string | null; onSelect: (id: string | null) => void }) {
  const [provider, setProvider] = useState<ProviderFilter>('all');
  const [typeText, setTypeText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [live, setLive] = useState(true);
  const type = useDebouncedValue(typeText.trim(), 250);
  const stream = useEventStream(
    { provider: provider === 'all' ? undefined : provider, type: type || undefined, status: status === 'all' ? undefined : status },
    live,
  );
  const now = useNow(1000);
  const rows = stream.rows;
  const filtered = provider !== 'all' || type !== '' || status !== 'all';
  const knownTypes = [...new Set([...(rows?.items.map((r) => r.type) ?? []), ...KNOWN_TYPES])].sort();
  const selectedRow = rows?.items.find((r) => r.id === selectedId);
  const clearFilters = () => {
    setProvider('all');
    setTypeText('');
    setStatus('all');
  };

  let body;
  if (!rows && stream.error) {
    body = <LoadProblem error={stream.error} what="Webhook events" onRetry={stream.refresh} />;
  } else if (!rows) {
    body = <EventsLoading />;
  } else if (rows.items.length === 0 && !selectedId) {
    body = filtered ? (
      <section className="card">
        <EmptyState
          icon="search"
          title="No events match these filters"
          actions={
            <button type="button" className="button" onClick={clearFilters}>
              Clear filters
            </button>
          }
        >
          {live ? 'Matching events appear here as soon as they arrive.' : 'Resume live updates to see new ones as they arrive.'}
        </EmptyState>
      </section>
    ) : (
      <EventsEmpty />
    );
  } else {
    body = (
      <div className="events-split">
        <section className="card events-list-card" aria-label="Event stream">
          <EventList
            rows={rows}
            added={stream.added}
            selectedId={selectedId}
            onSelect={onSelect}
            now={now}
            older={{ loading: stream.loadingOlder, error: stream.olderError, load: stream.loadOlder }}
          />
        </section>
        {selectedId ? (
          <EventDetail
            key={selectedId}
            id={selectedId}
            version={selectedRow ? `${selectedRow.status}:${selectedRow.attempts}` : '-'}
            now={now}
            onClose={() => onSelect(null)}
            onChanged={stream.refresh}
          />
        ) : (
          <section className="card event-detail event-detail-hint">
            <EmptyState icon="webhooks" title="Select an event">
              Its headers, raw body, what it changed and the member it touched appear here. Use ↑ and ↓ to move through the stream.
            </EmptyState>
          </section>
        )}
      </div>
    );
  }

  return (
    <div className="events-tab">
      <div className="events-toolbar">
        <EventFilters
          provider={provider}
          onProvider={setProvider}
          type={typeText}
          onType={setTypeText}
          status={status}
          onStatus={setStatus}
          knownTypes={knownTypes}
        />
        <LiveStatus live={live} polling={stream.polling} error={rows ? stream.error : null} checkedAt={stream.checkedAt} now={now} onLive={setLive} />
      </div>
      {body}
    </div>
  );
}

function EventsLoading() {
  return (
    <div className="events-split" aria-busy="true">
      <section className="card events-list-card">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="event-row is-skeleton">
            <span className="event-row-main">
              <span className="skeleton" style={{ width: `${50 + ((i * 13) % 30)}%` }} />
              <span className="skeleton" style={{ width: '35%' }} />
            </span>
            <span className="skeleton skeleton-pill" />
          </div>
        ))}
      </section>
      <section className="card event-detail" />
    </div>
  );
}
