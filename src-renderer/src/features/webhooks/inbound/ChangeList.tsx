import type { EventStatus } from '../types';
import { describeChanges } from './change-text';

/** What the event did to the community's records, one group per record, in plain words. */
export function ChangeList({ changes, status }: { changes: unknown[] | null; status: EventStatus }) {
  const groups = describeChanges(changes);
  if (groups.length === 0) {
    const why =
      status === 'received'
        ? 'Not processed yet.'
        : status === 'failed'
          ? 'Nothing: processing failed, so no change was kept.'
          : status === 'ignored'
            ? 'Nothing: this event type does not change members.'
            : 'Nothing: everything was already up to date (a repeated or older event changes nothing).';
    return <p className="muted wh-small">{why}</p>;
  }
  return (
    <ul className="change-list" data-testid="event-changes">
      {groups.map((group) => (
        <li key={`${group.entity}:${group.id}`} className="change-group">
          <div className="change-target">
            <span className="change-entity">{group.label}</span>
            {group.id && <code className="change-id">{group.id}</code>}
          </div>
          <ul className="change-lines">
            {group.lines.map((line, i) => (
              <li key={i}>
                {line.kind === 'created' ? (
                  <>
                    <span className="change-created">New</span> <strong>{line.to}</strong>
                  </>
                ) : (
                  <span className="change-field">{line.field}</span>
                )}{' '}
                {line.kind === 'created' ? null : line.kind === 'set' ? (
                  <>
                    set to <strong>{line.to}</strong>
                  </>
                ) : line.kind === 'cleared' ? (
                  <>
                    cleared <span className="muted">(was {line.from})</span>
                  </>
                ) : (
                  <>
                    <span className="change-from">{line.from}</span> <span aria-label="changed to">→</span> <strong>{line.to}</strong>
                  </>
                )}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
