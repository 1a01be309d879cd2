import { Icon } from '@renderer/ui/Icon';
import type { EventDetail as Detail } from '../types';

/** Why an event is not (or not yet) applied, in the words the ledger kept. */
export function EventOutcome({ event }: { event: Detail }) {
  if (event.status === 'failed') {
    return (
      <div className="banner banner-danger event-outcome" role="alert" data-testid="event-error">
        <Icon name="alert" size={15} />
        <span>
          <strong>Processing failed after {event.attempts === 1 ? '1 attempt' : `${event.attempts} attempts`}.</strong> {event.lastError ?? 'No error was recorded.'}
        </span>
      </div>
    );
  }
  if (event.status === 'received') {
    return (
      <div className="banner banner-info event-outcome" role="status">
        <Icon name="refresh" size={15} />
        <span>
          Stored and waiting to be processed.
          {event.lastError ? ` The last attempt failed and will be retried: ${event.lastError}` : ''}
        </span>
      </div>
    );
  }
  if (event.status === 'ignored') {
    return (
      <div className="banner event-outcome banner-neutral" role="status">
        <Icon name="shield" size={15} />
        <span>Stored, not applied{event.lastError ? `: ${event.lastError}` : ': nothing in this console handles this event type.'}</span>
      </div>
    );
  }
  return null;
}
