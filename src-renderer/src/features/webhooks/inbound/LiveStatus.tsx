import { messageOf } from '@renderer/api/errors';
import { ago } from '../format';

/** "Live" with a pulse while polling; why it is not when it is not; a switch to pause it. */
export function LiveStatus({
  live,
  polling,
  error,
  checkedAt,
  now,
  onLive,
}: {
  live: boolean;
  polling: boolean;
  error: unknown;
  checkedAt: number | null;
  now: number;
  onLive: (live: boolean) => void;
}) {
  const checked = checkedAt ? ago(new Date(checkedAt).toISOString(), now) : null;
  const text = error ? `Not updating: ${messageOf(error)}` : !live ? 'Paused' : !polling ? 'Paused while the window is hidden' : 'Live';
  const tone = error ? 'is-error' : polling ? 'is-live' : 'is-paused';
  return (
    <div className="live-status">
      <span className={`live-dot ${tone}`} aria-hidden="true" />
      <span className="live-text" data-testid="live-status" title={checked ? `Last checked ${checked}` : undefined}>
        {text}
      </span>
      <button type="button" className="button button-small" aria-pressed={!live} onClick={() => onLive(!live)}>
        {live ? 'Pause' : 'Resume'}
      </button>
    </div>
  );
}
