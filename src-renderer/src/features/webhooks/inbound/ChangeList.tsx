import type { EventStatus } from '../types';
import { describeChanges } from './change-text';

/**
 * What the event did, in sentences the core wrote ("Chidi Wilson started Founders Circle at
 * $39/month"); the record-by-record changes stay one click away for whoever needs the detail.
 */
export function ChangeList({ changes, status, summary }: { changes: unknown[] | null; status: EventStatus; summary?: string[] }) {
  const groups = describeChanges(changes);
  if (summary && summary.length > 0) {
    return (
      <>
        <ul className="change-summary" data-testid="event-summary">
          {summary.map((sentence, i) => (
            <li key={i}>{sentence}.</li>
          ))}
        </ul>
        {groups.length > 0 && (
          <details className="change-details">
            <summary className="muted wh-small">Record by record</summary>
            <ChangeGroups groups={groups} />
          </details>
        )}
      </>
    );
  }
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
  return <ChangeGroups groups={groups} />;
}

function ChangeGroups({ groups }: { groups: ReturnType<typeof describeChanges> }) {
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
