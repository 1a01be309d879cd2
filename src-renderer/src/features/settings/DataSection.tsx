import { useState } from 'react';
import { useServices } from '../../app/services';
import { useApiQuery } from '../../api/use-api-query';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { downloadText } from '../../ui/download';
import { formatDate } from '../../ui/format';
import { Pill } from '../../ui/Pill';
import { useAction } from '../../ui/use-action';

const size = (bytes: number) => (bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** Where the data lives, backups and restore (the console owner's), and this community's export. */
export function DataSection({ isOwner }: { isOwner: boolean }) {
  return (
    <div className="settings-stack">
      {isOwner && <BackupsCard />}
      <ExportCard />
    </div>
  );
}

function BackupsCard() {
  const { api } = useServices();
  const data = useApiQuery('settings-data', (a, signal) => a.settings.data.get.query(undefined, { signal }));
  const backup = useAction(() => api.settings.data.backup.mutate());
  const restore = useAction((name: string) => api.settings.data.restore.mutate({ name }));
  const [confirming, setConfirming] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const d = data.data;
  return (
    <section className="card" aria-labelledby="data-title">
      <header className="card-header">
        <div>
          <h2 className="card-title" id="data-title">Your data</h2>
          <p className="card-subtitle">Everything stays on this computer{d?.dialect === 'postgres' ? ' or your PostgreSQL server' : ''}.</p>
        </div>
      </header>
      {d && (
        <dl className="settings-facts">
          <dt>Database</dt>
          <dd>{d.dialect === 'sqlite' ? 'Built-in (SQLite)' : 'PostgreSQL'}</dd>
          <dt>Stored at</dt>
          <dd>
            <code>{d.location}</code>
          </dd>
          <dt>Data folder</dt>
          <dd>
            <code>{d.dataDir}</code>
          </dd>
        </dl>
      )}
      {d && !d.canBackUp && <p className="settings-note">This console keeps its data in PostgreSQL: back it up and restore it with PostgreSQL&apos;s own tools (pg_dump and pg_restore).</p>}
      {d?.canBackUp && (
        <>
          <div className="settings-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={backup.busy}
              onClick={async () => {
                const made = await backup.run();
                if (made) {
                  setDone(`Backed up to ${made.name}`);
                  data.reload();
                }
              }}
            >
              {backup.busy ? 'Backing up…' : 'Back up now'}
            </button>
            {done && <Pill tone="success">{done}</Pill>}
          </div>
          {backup.problem && <p className="field-error" role="alert">{backup.problem}</p>}
          <h3 className="settings-subtitle">Backups</h3>
          <p className="field-help">In {d.backupsDir} (copy a backup file there to restore it). Restoring checks the backup first and keeps a copy of the current data beside it.</p>
          {d.backups.length === 0 ? (
            <p className="muted">No backups yet.</p>
          ) : (
            <ul className="settings-backups">
              {d.backups.map((b) => (
                <li key={b.name}>
                  <span className="settings-backup-name">{b.name.startsWith('before-restore') ? 'Kept aside before a restore' : 'Backup'}</span>
                  <span className="muted">
                    {formatDate(b.createdAt)} · {size(b.bytes)} · <code>{b.name}</code>
                  </span>
                  <button type="button" className="button button-small" onClick={() => setConfirming(b.name)} aria-label={`Restore ${b.name}`}>
                    Restore
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title="Restore this backup?"
          confirmLabel="Restore"
          busy={restore.busy}
          problem={restore.problem}
          onCancel={() => setConfirming(null)}
          onConfirm={async () => {
            const r = await restore.run(confirming);
            if (r) {
              setConfirming(null);
              setDone(`Restored. The data you had is kept as ${r.keptAside}`);
              data.reload();
            }
          }}
        >
          Every community in this console goes back to how it was in <code>{confirming}</code>. Changes made since are replaced; a copy of the current data is kept
          aside first, so you can restore it again.
        </ConfirmDialog>
      )}
    </section>
  );
}

function ExportCard() {
  const { api } = useServices();
  const exp = useAction(() => api.settings.data.export.mutate());
  const [summary, setSummary] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 className="card-title" id="export-title">Export this community</h2>
      <p className="card-subtitle">Members and their people, packages, subscriptions, segments, campaigns, webhooks and the activity log, as one JSON file. Secrets are left out.</p>
      <div className="settings-actions">
        <button
          type="button"
          className="button"
          disabled={exp.busy}
          onClick={async () => {
            const r = await exp.run();
            if (r) {
              downloadText(r.fileName, r.json, 'application/json');
              setSummary(`Downloaded ${r.fileName}: ${r.counts.people ?? 0} people, ${r.counts.packages ?? 0} packages, ${r.counts.subscriptions ?? 0} subscriptions`);
            }
          }}
        >
          {exp.busy ? 'Exporting…' : 'Export everything'}
        </button>
        {summary && <span className="field-help">{summary}</span>}
      </div>
      {exp.problem && <p className="field-error" role="alert">{exp.problem}</p>}
    </section>
  );
}
