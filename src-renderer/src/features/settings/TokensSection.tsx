import { useState } from 'react';
import { useServices } from '../../app/services';
import { useApiQuery } from '../../api/use-api-query';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CopyButton } from '../../ui/CopyButton';
import { formatDate, formatRelative } from '../../ui/format';
import { Pill } from '../../ui/Pill';
import { useAction } from '../../ui/use-action';
import type { TokenRow } from './settings-api';

const EXPIRIES = [
  { days: 7, label: 'In a week' },
  { days: 30, label: 'In 30 days' },
  { days: 90, label: 'In 90 days' },
  { days: 365, label: 'In a year' },
  { days: 0, label: 'Never (until revoked)' },
];
const ROLE_TEXT = { ADMIN: 'Full access (admin)', MEMBER: 'Member access' } as const;

/** API tokens of this community: create (shown once), see who holds them and when they were last used, revoke. */
export function TokensSection() {
  const { api } = useServices();
  const list = useApiQuery('settings-tokens', (a, signal) => a.settings.tokens.list.query(undefined, { signal }));
  const [label, setLabel] = useState('');
  const [role, setRole] = useState<'ADMIN' | 'MEMBER'>('ADMIN');
  const [days, setDays] = useState(90);
  const [created, setCreated] = useState<{ label: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<TokenRow | null>(null);
  const create = useAction(() => api.settings.tokens.create.mutate({ label, role, expiresInDays: days || null }));
  const revoke = useAction((id: string) => api.settings.tokens.revoke.mutate({ id }));

  return (
    <div className="settings-stack">
      <form
        className="card settings-form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const made = await create.run();
          if (made) {
            setCreated({ label, token: made.token });
            setLabel('');
            list.reload();
          }
        }}
      >
        <header className="card-header">
          <div>
            <h2 className="card-title">Create an API token</h2>
            <p className="card-subtitle">For scripts and other apps: send it as <code>Authorization: Bearer …</code> to this console&apos;s API.</p>
          </div>
        </header>
        <div className="settings-grid">
          <label className="settings-label">
            <span className="field-label">What it is for</span>
            <input className="input" placeholder="e.g. Zapier, nightly export" value={label} onChange={(e) => setLabel(e.target.value)} />
          </label>
          <label className="settings-label">
            <span className="field-label">Access</span>
            <select className="input" value={role} onChange={(e) => setRole(e.target.value as 'ADMIN' | 'MEMBER')}>
              <option value="ADMIN">{ROLE_TEXT.ADMIN}</option>
              <option value="MEMBER">{ROLE_TEXT.MEMBER}</option>
            </select>
          </label>
          <label className="settings-label">
            <span className="field-label">Expires</span>
            <select className="input" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {EXPIRIES.map((x) => (
                <option key={x.days} value={x.days}>
                  {x.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="settings-actions">
          <button type="submit" className="button button-primary" disabled={create.busy || !label.trim()}>
            {create.busy ? 'Creating…' : 'Create token'}
          </button>
        </div>
        {create.problem && (
          <p className="field-error" role="alert">
            Could not create: {create.problem}
          </p>
        )}
        {created && (
          <div className="settings-once" role="status">
            <p>
              <strong>Copy the token for “{created.label}” now</strong>: it is shown this once and never again.
            </p>
            <div className="inline-form">
              <input className="input input-mono" readOnly aria-label="The new token" value={created.token} data-testid="new-token" onFocus={(e) => e.target.select()} />
              <CopyButton text={created.token} />
              <button type="button" className="button" onClick={() => setCreated(null)}>
                Done
              </button>
            </div>
          </div>
        )}
      </form>

      <section className="card" aria-labelledby="tokens-title">
        <h2 className="card-title" id="tokens-title">Tokens</h2>
        {list.data && list.data.length === 0 && <p className="muted">No tokens yet.</p>}
        {list.data && list.data.length > 0 && (
          <div className="settings-table-wrap">
            <table className="settings-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Access</th>
                  <th>Holder</th>
                  <th>Created</th>
                  <th>Expires</th>
                  <th>Last used</th>
                  <th aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {list.data.map((t) => (
                  <tr key={t.id} className={t.state === 'active' ? '' : 'is-dim'}>
                    <td>{t.label ?? 'Unnamed'}</td>
                    <td>{ROLE_TEXT[t.role]}</td>
                    <td>{t.userName}</td>
                    <td>{formatDate(t.createdAt)}</td>
                    <td>{t.expiresAt ? formatDate(t.expiresAt) : 'Never'}</td>
                    <td>{t.lastUsedAt ? formatRelative(t.lastUsedAt) : 'Not yet'}</td>
                    <td>
                      {t.state === 'active' ? (
                        <button type="button" className="button button-small button-danger-quiet" onClick={() => setRevoking(t)}>
                          Revoke
                        </button>
                      ) : (
                        <Pill tone="neutral">{t.state === 'revoked' ? 'Revoked' : 'Expired'}</Pill>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {revoking && (
        <ConfirmDialog
          title={`Revoke “${revoking.label ?? 'Unnamed'}”?`}
          confirmLabel="Revoke token"
          busy={revoke.busy}
          problem={revoke.problem}
          onCancel={() => setRevoking(null)}
          onConfirm={async () => {
            if (await revoke.run(revoking.id)) {
              setRevoking(null);
              list.reload();
            }
          }}
        >
          Anything using this token stops working at once. This cannot be undone; create a new token if you need one again.
        </ConfirmDialog>
      )}
    </div>
  );
}
