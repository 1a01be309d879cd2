import { useId, useState } from 'react';
import { useApiQuery } from '@renderer/api/use-api-query';
import { Icon } from '@renderer/ui/Icon';
import { Pill, type PillTone } from '@renderer/ui/Pill';
import { useNow } from '@renderer/ui/use-now';
import { ago, dateTime, providerLabel } from '../format';
import { EXAMPLE_TARGET_URL, targetProblem } from '../target';
import type { ForwardView } from '../types';
import { LoadProblem } from '../Unavailable';
import { useAction } from '@renderer/ui/use-action';
import { useWebhooksApi } from '../use-webhooks-api';
import { webhooksApi } from '../webhooks-api';

/** Like `stripe listen --forward-to`: every event received is also sent on, re-signed, to one URL. */
export function ForwardCard() {
  const setting = useApiQuery('webhook-forward', (api, signal) => webhooksApi(api).forward.get(signal));
  return (
    <section className="card" aria-labelledby="forward-title">
      <header className="card-header">
        <div>
          <h2 className="card-title" id="forward-title">
            Forward to your app
          </h2>
          <p className="card-subtitle">
            Like <code>stripe listen --forward-to</code>: every event this console receives is also sent, re-signed, to your app.
          </p>
        </div>
        {setting.data && (setting.data.url ? <Pill tone="success">On</Pill> : <Pill>Off</Pill>)}
      </header>
      {setting.error !== undefined && !setting.data ? (
        <LoadProblem error={setting.error} what="Forwarding settings" onRetry={setting.reload} />
      ) : setting.data ? (
        <>
          <ForwardForm key={setting.data.url ?? ''} saved={setting.data} onSaved={setting.reload} />
          <RecentForwards recent={setting.data.recent} onRefresh={setting.reload} refreshing={setting.loading} />
        </>
      ) : (
        <div className="card-body">
          <span className="skeleton" style={{ width: '60%' }} />
        </div>
      )}
    </section>
  );
}

function ForwardForm({ saved, onSaved }: { saved: ForwardView; onSaved: () => void }) {
  const api = useWebhooksApi();
  const inputId = useId();
  const [url, setUrl] = useState(saved.url ?? '');
  const [tried, setTried] = useState(false);
  const save = useAction((next: string | null) => api.forward.set(next));
  const problem = tried && url.trim() ? targetProblem({ kind: 'url', url }) : null;
  const changed = url.trim() !== (saved.url ?? '');

  async function submit(next: string | null) {
    setTried(true);
    if (next !== null && targetProblem({ kind: 'url', url: next })) return;
    if (await save.run(next)) onSaved();
  }

  return (
    <form
      noValidate
      className="card-body forward-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(url.trim() || null);
      }}
    >
      {saved.url && (
        <p className="forward-now" data-testid="forward-url">
          <Icon name="arrowRight" size={14} /> Forwarding every event to <code>{saved.url}</code>
        </p>
      )}
      <label className="field-label" htmlFor={inputId}>
        Forward URL
      </label>
      <div className="inline-form">
        <input
          id={inputId}
          className={problem ? 'input input-mono has-error' : 'input input-mono'}
          type="url"
          placeholder={EXAMPLE_TARGET_URL}
          value={url}
          spellCheck={false}
          onChange={(e) => setUrl(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={save.busy || !changed}>
          {submitLabel(save.busy, saved.url !== null && saved.url !== '', url.trim() !== '')}
        </button>
        {saved.url && (
          <button type="button" className="button" disabled={save.busy} onClick={() => void submit(null)}>
            Stop forwarding
          </button>
        )}
      </div>
      {problem ? (
        <p className="field-error">{problem}</p>
      ) : (
        <p className="field-help">The ledger still records every event first; forwarding is a copy. Your app's answer does not change what this console applies.</p>
      )}
      {save.problem && (
        <p className="field-error" role="alert">
          Could not save: {save.problem}
        </p>
      )}
    </form>
  );
}

const FORWARD_TONE: Record<ForwardView['recent'][number]['status'], PillTone> = { pending: 'info', running: 'info', done: 'success', failed: 'danger' };
const FORWARD_LABEL: Record<ForwardView['recent'][number]['status'], string> = { pending: 'Queued', running: 'Sending', done: 'Forwarded', failed: 'Failed' };

/** The latest forwards: each received event, where it went, and whether the app took it. */
function RecentForwards({ recent, onRefresh, refreshing }: { recent: ForwardView['recent']; onRefresh: () => void; refreshing: boolean }) {
  const now = useNow(10_000);
  if (recent.length === 0) return null;
  return (
    <div className="recent-forwards">
      <div className="deliveries-head">
        <h3 className="wh-section-title">Latest forwards</h3>
        <button type="button" className="button button-small" onClick={onRefresh} disabled={refreshing}>
          <Icon name="refresh" size={14} /> Refresh
        </button>
      </div>
      <ul className="forward-rows">
        {recent.map((f) => (
          <li key={f.jobId} className="forward-row">
            <Pill tone={FORWARD_TONE[f.status]}>{FORWARD_LABEL[f.status]}</Pill>
            <a className="mono forward-type" href={`#/webhooks/events/${encodeURIComponent(f.ledgerEventId)}`}>
              {f.type ?? f.ledgerEventId}
            </a>
            <span className="muted wh-small forward-detail" title={f.lastError ?? f.url}>
              {f.provider ? `${providerLabel(f.provider)} → ` : '→ '}
              {f.url}
              {f.attempts > 1 ? ` · ${f.attempts} attempts` : ''}
              {f.lastError ? <span className="danger-text"> · {f.lastError}</span> : null}
            </span>
            <time className="muted wh-small" dateTime={f.at} title={dateTime(f.at)}>
              {ago(f.at, now)}
            </time>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The button says what pressing it does: off with an address typed, it starts forwarding; on, it
 * saves the new address; on with the address cleared, it turns forwarding off.
 */
export function submitLabel(busy: boolean, on: boolean, typed: boolean): string {
  if (!on) return busy ? 'Starting…' : 'Start forwarding';
  if (!typed) return busy ? 'Turning off…' : 'Turn off';
  return busy ? 'Saving…' : 'Save';
}
