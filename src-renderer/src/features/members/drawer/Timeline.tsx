import { formatDate, formatDateTime, formatRelative } from '@renderer/ui/format';
import type { TimelineEntry } from '../types';

const KIND_LABEL: Record<TimelineEntry['kind'], string> = {
  joined: 'Joined',
  left: 'Left',
  subscription: 'Subscription',
  role_changed: 'Role',
  change: 'Change',
  campaign: 'Campaign',
  post: 'Post',
  comment: 'Comment',
};

/** The member's history, newest first: joins, payments, changes, campaigns, posts. */
export function Timeline({ entries, truncated, now }: { entries: TimelineEntry[]; truncated: boolean; now: number }) {
  if (entries.length === 0) return <p className="muted">Nothing has happened yet.</p>;
  return (
    <>
      <ol className="timeline" data-testid="member-timeline">
        {entries.map((entry) => (
          <li key={entry.id} className={`timeline-entry kind-${entry.kind}`}>
            <span className="timeline-dot" aria-hidden="true" />
            <div className="timeline-body">
              <div className="timeline-summary">{entry.summary}</div>
              <div className="timeline-meta">
                <span className="timeline-kind">{KIND_LABEL[entry.kind]}</span>
                <time dateTime={entry.at} title={formatDateTime(entry.at)}>
                  {formatRelative(entry.at, now)} · {formatDate(entry.at)}
                </time>
              </div>
              <Details details={entry.details} />
            </div>
          </li>
        ))}
      </ol>
      {truncated && <p className="muted timeline-more">Older entries are not shown.</p>}
    </>
  );
}

/** A few plain facts the server words for the owner ("by", "price", "said"), as label and value. */
function Details({ details }: { details: Record<string, unknown> | undefined }) {
  if (!details) return null;
  const entries = Object.entries(details).filter((entry): entry is [string, string | number] => typeof entry[1] === 'string' || typeof entry[1] === 'number');
  if (entries.length === 0) return null;
  return (
    <dl className="timeline-details">
      {entries.slice(0, 6).map(([key, value]) => (
        <div key={key}>
          <dt>{key.charAt(0).toUpperCase() + key.slice(1)}</dt>
          <dd>{String(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
