import { useState } from 'react';
import { PROVIDER_NAMES, SYNC_LABELS, type BillingSyncSettings, type LocalChange, type ProviderSyncState, type SyncMode } from '@shared/schemas/billing-sync';
import { Pill, type PillTone } from '@renderer/ui/Pill';
import { useNow } from '@renderer/ui/use-now';
import { useBillingSync, useLocalChanges, useSyncActions } from './use-billing-sync';
import './sync.css';

const TONE: Record<SyncMode, PillTone> = {
  off: 'neutral',
  webhooks: 'success',
  polling: 'success',
  catching_up: 'info',
  offline: 'warning',
  failing: 'danger',
};

/** "4 s ago", "3 min ago", "2 h ago". */
export function ago(iso: string | null, now: number): string {
  if (!iso) return 'not yet';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 90) return `${s} s ago`;
  const m = Math.round(s / 60);
  return m < 90 ? `${m} min ago` : `${Math.round(m / 60)} h ago`;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The state's figures in a few words, counted from now ("last sync 4 s ago", "3 events"). */
export function figures(p: ProviderSyncState, now: number): string {
  switch (p.mode) {
    case 'off':
      return 'add its key in Settings → Providers';
    case 'webhooks':
      return `last check ${ago(p.lastSyncAt, now)}`;
    case 'polling':
      return `last sync ${ago(p.lastSyncAt, now)}`;
    case 'catching_up':
      return p.catchingUp > 0 ? plural(p.catchingUp, 'event') : 'asking what changed';
    case 'offline':
      return `${p.localChangesWaiting === 0 ? 'no' : p.localChangesWaiting} local change${p.localChangesWaiting === 1 ? '' : 's'} waiting`;
    case 'failing':
      return p.lastSyncAt ? `last sync ${ago(p.lastSyncAt, now)}` : 'never synced';
  }
}

/** The sidebar's line per connected provider: a dot, its name and its state with figures. */
export function SidebarSyncStatus() {
  const sync = useBillingSync();
  const now = useNow(1_000);
  const shown = (sync.data?.providers ?? []).filter((p) => p.mode !== 'off');
  if (shown.length === 0) return null;
  return (
    <ul className="sync-sidebar" aria-label="Billing sync" data-testid="sidebar-sync">
      {shown.map((p) => (
        <li key={p.provider} className={`sync-sidebar-item sync-${p.mode}`} title={p.error ? `${p.error.message} ${p.error.fix}` : p.detail}>
          <span className="sync-dot" aria-hidden="true" />
          <span className="nav-label sync-sidebar-text">
            <span>
              <strong>{PROVIDER_NAMES[p.provider]}</strong> · {p.label.toLowerCase()}
            </span>
            <span className="sync-sidebar-figures">{figures(p, now)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The sync state of each provider (Webhooks page, Settings → Providers): its state and figures,
 * the provider's message and what to do when it fails, the last changes of state, and for the
 * console owner "Sync now". With `localChanges`, this community's changes waiting to go out.
 */
export function SyncStateCard({ consoleOwner, localChanges = true, settings = false }: { consoleOwner: boolean; localChanges?: boolean; settings?: boolean }) {
  const sync = useBillingSync();
  const actions = useSyncActions();
  const now = useNow(1_000);
  const data = sync.data;
  return (
    <section className="card sync-card" aria-labelledby="sync-title" data-testid="sync-card">
      <header className="card-header">
        <div>
          <h2 className="card-title" id="sync-title">Billing sync</h2>
          <p className="card-subtitle">
            {data && !data.online
              ? 'This computer is offline or asleep: polling is paused and catches up when it is back.'
              : 'Stripe and Lemon Squeezy are kept in step by their webhooks when those arrive, and by polling while this console is online.'}
          </p>
        </div>
      </header>
      <div className="sync-card-body">
      {sync.error && <p className="field-error" role="alert">The sync state could not be read: {sync.error.message}</p>}
      {data && (
        <ul className="sync-providers">
          {data.providers.map((p) => (
            <li key={p.provider} className="sync-provider" data-testid={`sync-${p.provider}`}>
              <div className="sync-provider-head">
                <strong>{PROVIDER_NAMES[p.provider]}</strong>
                <Pill tone={TONE[p.mode]}>{p.label}</Pill>
                <span className="muted">{figures(p, now)}</span>
                {consoleOwner && p.mode !== 'off' && (
                  <button type="button" className="button button-small" disabled={actions.pollNow.busy} onClick={() => void actions.pollNow.run(p.provider)}>
                    {actions.pollNow.busy ? 'Syncing…' : 'Sync now'}
                  </button>
                )}
              </div>
              <p className="sync-detail">{p.detail}</p>
              {p.error && (
                <p className={p.mode === 'failing' ? 'sync-error' : 'sync-note'} role={p.mode === 'failing' ? 'alert' : undefined}>
                  {p.mode === 'failing' && <>{p.error.message} </>}
                  <span className="sync-fix">{p.error.fix}</span>
                </p>
              )}
              {p.recent.length > 1 && (
                <p className="sync-recent muted">
                  Recently: {p.recent.slice(0, 4).map((r) => `${SYNC_LABELS[r.mode].toLowerCase()} ${ago(r.at, now)}`).join(' · ')}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {actions.pollNow.problem && <p className="field-error" role="alert">{actions.pollNow.problem}</p>}
      {localChanges && <LocalChangesList />}
      {settings && consoleOwner && data && <SyncSettingsForm current={data.settings} />}
      </div>
    </section>
  );
}

const STATE_WORDS: Record<LocalChange['state'], string> = {
  waiting: 'Waiting to be sent',
  retrying: 'Retrying',
  conflict: 'Changed at the provider too',
  failed: 'Failed',
};

/** This community's provider writes not sent yet, oldest first; a conflict asks which version to keep. */
function LocalChangesList() {
  const changes = useLocalChanges();
  const { resolve } = useSyncActions();
  const list = changes.data ?? [];
  if (list.length === 0) return changes.data ? <p className="muted sync-local-empty">No local changes waiting to be sent.</p> : null;
  return (
    <div className="sync-local" data-testid="sync-local-changes">
      <h3 className="sync-local-title">Local changes ({list.length})</h3>
      <ol className="sync-local-list">
        {list.map((c) => (
          <li key={c.id} className={`sync-local-item sync-local-${c.state}`}>
            <div>
              <strong>{c.summary}</strong> <Pill tone={c.state === 'conflict' || c.state === 'failed' ? 'danger' : c.state === 'retrying' ? 'warning' : 'neutral'}>{STATE_WORDS[c.state]}</Pill>
            </div>
            {c.lastError && c.state !== 'conflict' && <p className="muted">Last try: {c.lastError}</p>}
            {c.conflict && (
              <div className="sync-conflict" role="group" aria-label={`Conflict for ${c.packageName ?? 'the package'}`}>
                <p>
                  Stripe now names it <strong>“{c.conflict.theirs.name}”</strong>
                  {c.conflict.theirs.description ? ` (${c.conflict.theirs.description})` : ''}; here it is <strong>“{c.packageName}”</strong>. Nothing was sent: choose which to keep.
                </p>
                <div className="sync-conflict-actions">
                  <button type="button" className="button" disabled={resolve.busy} onClick={() => void resolve.run(c.id, 'mine')}>
                    Keep mine (send it to Stripe)
                  </button>
                  <button type="button" className="button" disabled={resolve.busy} onClick={() => void resolve.run(c.id, 'theirs')}>
                    Keep Stripe’s
                  </button>
                </div>
              </div>
            )}
          </li>
        ))}
      </ol>
      {resolve.problem && <p className="field-error" role="alert">{resolve.problem}</p>}
    </div>
  );
}

/** Polling intervals, the safety net while webhooks arrive, and how long webhooks may be quiet. */
function SyncSettingsForm({ current }: { current: BillingSyncSettings }) {
  const { setSettings } = useSyncActions();
  const [draft, setDraft] = useState<Record<keyof BillingSyncSettings, string>>(() => ({
    stripeIntervalSeconds: String(current.stripeIntervalSeconds),
    lemonSqueezyIntervalSeconds: String(current.lemonSqueezyIntervalSeconds),
    safetyNetSeconds: String(current.safetyNetSeconds),
    webhookQuietSeconds: String(current.webhookQuietSeconds),
  }));
  const [saved, setSaved] = useState(false);
  const fields: [keyof BillingSyncSettings, string][] = [
    ['stripeIntervalSeconds', 'Poll Stripe every (seconds)'],
    ['lemonSqueezyIntervalSeconds', 'Poll Lemon Squeezy every (seconds)'],
    ['safetyNetSeconds', 'While webhooks arrive, poll every (seconds)'],
    ['webhookQuietSeconds', 'Webhooks count as arriving for (seconds)'],
  ];
  return (
    <form
      className="sync-settings"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        const input = Object.fromEntries(fields.map(([k]) => [k, Number(draft[k])]));
        void setSettings.run(input).then(() => setSaved(!setSettings.problem));
      }}
    >
      {fields.map(([key, label]) => (
        <label key={key} className="field">
          <span className="field-label">{label}</span>
          <input className="input" inputMode="numeric" value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
        </label>
      ))}
      <div className="sync-settings-actions">
        <button type="submit" className="button" disabled={setSettings.busy}>
          {setSettings.busy ? 'Saving…' : 'Save intervals'}
        </button>
        {saved && !setSettings.problem && <span className="muted">Saved.</span>}
      </div>
      {setSettings.problem && <p className="field-error" role="alert">{setSettings.problem}</p>}
    </form>
  );
}
