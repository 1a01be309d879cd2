import { useConnection } from './services';

export function ConnectionIndicator() {
  const status = useConnection((s) => s.status);
  const reason = useConnection((s) => s.reason);
  const label = status === 'connected' ? 'Connected' : status === 'offline' ? 'Offline' : 'Connecting…';
  return (
    <div className={`connection connection-${status}`} role="status" aria-live="polite" data-testid="connection-status" title={reason ?? undefined}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{label}</span>
      {status === 'offline' && reason && <span className="connection-reason">{reason}</span>}
    </div>
  );
}
