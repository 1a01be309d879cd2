import { useState } from 'react';
import { useServices } from '../../app/services';
import { useApiQuery } from '../../api/use-api-query';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CopyButton } from '../../ui/CopyButton';
import { formatDate, formatRelative } from '../../ui/format';
import { useAction } from '../../ui/use-action';
import type { RouterOutputs } from '../../api/types';

type TeamLink = RouterOutputs['settings']['team']['invite'];
type SessionRow = RouterOutputs['settings']['team']['sessions'][number];

/** A user agent in a few words: "Firefox on Linux". */
export function browserOf(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrome\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : 'A browser';
  const os = /Windows/.test(userAgent) ? 'Windows' : /Mac OS X/.test(userAgent) ? 'macOS' : /Android/.test(userAgent) ? 'Android' : /iPhone|iPad/.test(userAgent) ? 'iOS' : /Linux/.test(userAgent) ? 'Linux' : null;
  return os ? `${browser} on ${os}` : browser;
}

/** The console owner's part of Settings → Team: invite a teammate as an admin, see signed-in browsers, sign one out. */
export function TeamAccess() {
  const { api } = useServices();
  const sessions = useApiQuery('settings-team-sessions', (a, signal) => a.settings.team.sessions.query(undefined, { signal }));
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [sent, setSent] = useState<TeamLink | null>(null);
  const [revoking, setRevoking] = useState<SessionRow | null>(null);
  const invite = useAction(() => api.settings.team.invite.mutate({ email, ...(name.trim() ? { name } : {}) }));
  const revoke = useAction((id: string) => api.settings.team.revokeSession.mutate({ id }));

  return (
    <>
      <form
        className="card settings-form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const made = await invite.run();
          if (made) {
            setSent(made);
            setEmail('');
            setName('');
          }
        }}
      >
        <header className="card-header">
          <div>
            <h2 className="card-title">Invite a teammate</h2>
            <p className="card-subtitle">
              They become an admin of this community and get a sign-in link that works once, for 10 minutes. Send it again here when they need a new one.
            </p>
          </div>
        </header>
        <div className="settings-grid">
          <label className="settings-label">
            <span className="field-label">Email</span>
            <input className="input" type="email" placeholder="name@example.com" value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label className="settings-label">
            <span className="field-label">Name (optional)</span>
            <input className="input" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
        </div>
        <div className="settings-actions">
          <button type="submit" className="button button-primary" disabled={invite.busy || !email.trim()}>
            {invite.busy ? 'Inviting…' : 'Invite as admin'}
          </button>
        </div>
        {invite.problem && (
          <p className="field-error" role="alert">
            Could not invite: {invite.problem}
          </p>
        )}
        {sent && (
          <div className="settings-once" role="status">
            {sent.emailed ? (
              <p>
                <strong>Sent a sign-in link to {sent.email}.</strong> It works once, until {formatDate(sent.expiresAt)}.
              </p>
            ) : (
              <>
                <p>
                  <strong>Pass this sign-in link to {sent.email}</strong>
                  {sent.mailError ? ` (the email could not be sent: ${sent.mailError})` : ' (set up Settings → Email to have it emailed)'}. It works once, for 10
                  minutes.
                </p>
                <div className="inline-form">
                  <input className="input input-mono" readOnly aria-label="Sign-in link" value={sent.link ?? ''} data-testid="team-link" onFocus={(e) => e.target.select()} />
                  <CopyButton text={sent.link ?? ''} />
                  <button type="button" className="button" onClick={() => setSent(null)}>
                    Done
                  </button>
                </div>
              </>
            )}
          </div>
        )}
      </form>

      <section className="card" aria-labelledby="sessions-title">
        <h2 className="card-title" id="sessions-title">Signed-in browsers</h2>
        {sessions.data && sessions.data.length === 0 && <p className="muted">No one is signed in with a browser session. The desktop app and API tokens are not listed here.</p>}
        {sessions.data && sessions.data.length > 0 && (
          <div className="settings-table-wrap">
            <table className="settings-table">
              <thead>
                <tr>
                  <th>Who</th>
                  <th>Community</th>
                  <th>Browser</th>
                  <th>From</th>
                  <th>Signed in</th>
                  <th>Last active</th>
                  <th aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {sessions.data.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <strong>{s.name || s.email}</strong> <span className="muted">{s.name ? s.email : ''}</span>
                    </td>
                    <td>{s.tenantName}</td>
                    <td>{browserOf(s.userAgent)}</td>
                    <td>{s.clientIp ?? '—'}</td>
                    <td>{formatDate(s.createdAt)}</td>
                    <td>{s.lastUsedAt ? formatRelative(s.lastUsedAt) : 'Not yet'}</td>
                    <td>
                      <button type="button" className="button button-small button-danger-quiet" onClick={() => setRevoking(s)}>
                        Sign out
                      </button>
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
          title={`Sign out ${revoking.name || revoking.email}?`}
          confirmLabel="Sign out"
          busy={revoke.busy}
          problem={revoke.problem}
          onCancel={() => setRevoking(null)}
          onConfirm={async () => {
            if (await revoke.run(revoking.id)) {
              setRevoking(null);
              sessions.reload();
            }
          }}
        >
          That browser ({browserOf(revoking.userAgent)}) is signed out at once, on every instance of this console. They can sign in again with a new link.
        </ConfirmDialog>
      )}
    </>
  );
}
