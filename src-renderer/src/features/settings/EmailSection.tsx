import { useState } from 'react';
import { useServices } from '../../app/services';
import { useApiQuery } from '../../api/use-api-query';
import { Pill } from '../../ui/Pill';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { useAction } from '../../ui/use-action';
import type { EmailView, TestResult } from './settings-api';
import { TestResultLine } from './TestResultLine';

/** The mail server and From line campaigns and notices use (SMTP_URL and MAIL_FROM win). */
export function EmailSection() {
  const view = useApiQuery('settings-email', (a, signal) => a.settings.email.get.query(undefined, { signal }));
  if (!view.data) return <section className="card" aria-busy="true" />;
  return (
    <div className="settings-stack">
      <EmailForm key={JSON.stringify(view.data)} view={view.data} onSaved={view.reload} />
      <TestSend disabled={!view.data.smtp.configured || !view.data.from.address} />
    </div>
  );
}

function EmailForm({ view, onSaved }: { view: EmailView; onSaved: () => void }) {
  const { api } = useServices();
  const smtpFromEnv = view.smtp.source === 'environment';
  const fromFromEnv = view.from.source === 'environment';
  const [mode, setMode] = useState<'server' | 'url'>(view.smtp.url ? 'url' : 'server');
  const [url, setUrl] = useState('');
  const [host, setHost] = useState(view.smtp.host ?? '');
  const [port, setPort] = useState(view.smtp.port ? String(view.smtp.port) : '');
  const [user, setUser] = useState(view.smtp.user ?? '');
  const [password, setPassword] = useState('');
  const [security, setSecurity] = useState(view.smtp.security);
  const [fromName, setFromName] = useState(view.from.name ?? '');
  const [fromAddress, setFromAddress] = useState(view.from.address ?? '');
  const save = useAction(() => {
    const smtp = smtpFromEnv
      ? {}
      : mode === 'url'
        ? { ...(url.trim() ? { smtpUrl: url.trim() } : {}), host: null, port: null, user: null, password: null }
        : { smtpUrl: null, host: host.trim() || null, port: port.trim() ? Number(port) : null, user: user.trim() || null, ...(password ? { password } : {}), security };
    const from = fromFromEnv ? {} : { fromName: fromName.trim() || null, fromAddress: fromAddress.trim() || null };
    return api.settings.email.set.mutate({ ...smtp, ...from });
  });

  return (
    <form
      className="card settings-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (await save.run()) onSaved();
      }}
    >
      <header className="card-header">
        <div>
          <h2 className="card-title">Email</h2>
          <p className="card-subtitle">The mail server campaigns and notices are sent through.</p>
        </div>
        {view.smtp.configured ? <Pill tone="success">Mail server set</Pill> : <Pill tone="warning">Not set</Pill>}
      </header>
      {smtpFromEnv ? (
        <p className="field-help">
          The mail server is <code>{view.smtp.url}</code>, set by SMTP_URL in the environment; change it there.
        </p>
      ) : (
        <>
          <SegmentedControl
            label="How to enter the mail server"
            value={mode}
            segments={[
              { value: 'server', label: 'Server and login' },
              { value: 'url', label: 'One SMTP address' },
            ]}
            onChange={(v) => setMode(v)}
          />
          {mode === 'url' ? (
            <label className="settings-label">
              <span className="field-label">SMTP address</span>
              <input className="input input-mono" type="password" autoComplete="off" placeholder={view.smtp.url ?? 'smtps://user:password@smtp.example.com:465'} value={url} onChange={(e) => setUrl(e.target.value)} />
              {view.smtp.url && <span className="field-help">Saved: {view.smtp.url}. Leave empty to keep it.</span>}
            </label>
          ) : (
            <div className="settings-grid">
              <label className="settings-label">
                <span className="field-label">Server</span>
                <input className="input" placeholder="smtp.example.com" value={host} onChange={(e) => setHost(e.target.value)} />
              </label>
              <label className="settings-label">
                <span className="field-label">Port</span>
                <input className="input" inputMode="numeric" placeholder={security === 'tls' ? '465' : '587'} value={port} onChange={(e) => setPort(e.target.value)} />
              </label>
              <label className="settings-label">
                <span className="field-label">User name</span>
                <input className="input" autoComplete="off" value={user} onChange={(e) => setUser(e.target.value)} />
              </label>
              <label className="settings-label">
                <span className="field-label">Password</span>
                <input className="input" type="password" autoComplete="off" placeholder={view.smtp.passwordSet ? 'Saved; type to replace' : ''} value={password} onChange={(e) => setPassword(e.target.value)} />
              </label>
              <label className="settings-label">
                <span className="field-label">Encryption</span>
                <select className="input" value={security} onChange={(e) => setSecurity(e.target.value as typeof security)}>
                  <option value="starttls">STARTTLS (usually port 587)</option>
                  <option value="tls">TLS from the start (usually port 465)</option>
                  <option value="none">None (a relay on this machine)</option>
                </select>
              </label>
            </div>
          )}
        </>
      )}
      <h3 className="settings-subtitle">Sender</h3>
      {fromFromEnv ? (
        <p className="field-help">
          Messages come from {view.from.name ? `${view.from.name} <${view.from.address}>` : view.from.address}, set by MAIL_FROM in the environment; change it there.
        </p>
      ) : (
        <div className="settings-grid">
          <label className="settings-label">
            <span className="field-label">From name</span>
            <input className="input" placeholder="Your community's name" value={fromName} onChange={(e) => setFromName(e.target.value)} />
          </label>
          <label className="settings-label">
            <span className="field-label">From address</span>
            <input className="input" type="email" placeholder="hello@example.com" value={fromAddress} onChange={(e) => setFromAddress(e.target.value)} />
          </label>
        </div>
      )}
      {!(smtpFromEnv && fromFromEnv) && (
        <div className="settings-actions">
          <button type="submit" className="button button-primary" disabled={save.busy}>
            {save.busy ? 'Saving…' : 'Save email settings'}
          </button>
          <span className="field-help">The password is stored encrypted on this computer and never shown again.</span>
        </div>
      )}
      {save.problem && (
        <p className="field-error" role="alert">
          Could not save: {save.problem}
        </p>
      )}
    </form>
  );
}

function TestSend({ disabled }: { disabled: boolean }) {
  const { api } = useServices();
  const [to, setTo] = useState('');
  const [result, setResult] = useState<TestResult | null>(null);
  const send = useAction(() => api.settings.email.test.mutate({ to }));
  return (
    <form
      className="card settings-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setResult((await send.run()) ?? null);
      }}
    >
      <h2 className="card-title">Send a test message</h2>
      <div className="inline-form">
        <input className="input" type="email" aria-label="Send the test message to" placeholder="you@example.com" value={to} onChange={(e) => setTo(e.target.value)} />
        <button type="submit" className="button" disabled={disabled || send.busy || !to.trim()}>
          {send.busy ? 'Sending…' : 'Send test'}
        </button>
      </div>
      {disabled && <p className="field-help">Save a mail server and a From address first.</p>}
      <TestResultLine result={result} problem={send.problem} />
    </form>
  );
}
