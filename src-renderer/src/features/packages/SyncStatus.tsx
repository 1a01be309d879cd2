import { Icon } from '../../ui/Icon';
import { Pill, type PillTone } from '../../ui/Pill';
import type { PackageView } from './types';

const SYNC: Record<string, { label: string; tone: PillTone; title: string }> = {
  synced: { label: 'Synced', tone: 'success', title: 'The payment provider has this package as shown here.' },
  pending: { label: 'Pending sync', tone: 'warning', title: 'Waiting to be sent to the payment provider.' },
  failed: { label: 'Sync failed', tone: 'danger', title: 'The payment provider refused the last change.' },
  local: { label: 'Not synced', tone: 'neutral', title: 'Only in this console: no payment provider has been sent this package yet.' },
};

export function SyncPill({ pkg }: { pkg: Pick<PackageView, 'syncState' | 'syncError'> }) {
  const sync = SYNC[pkg.syncState] ?? { label: pkg.syncState, tone: 'neutral' as const, title: '' };
  const title = pkg.syncState === 'failed' && pkg.syncError ? pkg.syncError : sync.title;
  return (
    <span data-testid="sync-state">
      <Pill tone={sync.tone} title={title}>
        {sync.label}
      </Pill>
    </span>
  );
}

/** Under a failed row: what the provider said, and a way to try again. */
export function SyncFailure({ pkg, busy, onRetry }: { pkg: PackageView; busy: boolean; onRetry: () => void }) {
  return (
    <div className="sync-failure" role="note">
      <Icon name="alert" size={14} />
      <span className="sync-failure-text">
        <strong>Sync failed:</strong> {pkg.syncError ?? 'the payment provider gave no reason.'}
      </span>
      <button type="button" className="button button-small" onClick={onRetry} disabled={busy} aria-label={`Retry sync of ${pkg.name}`}>
        <Icon name="refresh" size={13} /> {busy ? 'Retrying…' : 'Retry'}
      </button>
    </div>
  );
}
