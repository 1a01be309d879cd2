import { useState } from 'react';
import { Icon } from '@renderer/ui/Icon';
import { dateTime, PROVIDERS, providerLabel } from '../format';
import type { Provider, ReconcilePreview, ReconcileResult } from '../types';
import { useAction } from '@renderer/ui/use-action';
import { useWebhooksApi } from '../use-webhooks-api';
import { webhooksHref } from '../webhooks-route';

const WHAT: Record<Provider, string> = {
  stripe: 'Stripe events since the last one this console saw (Stripe keeps 30 days).',
  lemonsqueezy: 'Lemon Squeezy subscriptions whose state differs from this console’s (it stops retrying after about 2.6 minutes).',
};

type SubscriptionState = ReconcilePreview['subscriptionChanges'][number]['to'];

function stateText(state: SubscriptionState): string {
  const end = state.currentPeriodEnd ? `, ${state.cancelAtPeriodEnd ? 'ends' : 'renews'} ${dateTime(state.currentPeriodEnd)}` : '';
  return `${state.status}${end}`;
}

/** Reconciliation on demand: what the provider has that this console missed, previewed, then applied. */
export function CatchUpCard() {
  return (
    <section className="card" aria-labelledby="catch-up-title">
      <header className="card-header">
        <div>
          <h2 className="card-title" id="catch-up-title">
            Catch up
          </h2>
          <p className="card-subtitle">
            A desktop sleeps and goes offline. This asks each provider what was missed and applies it through the same handlers, so nothing is applied twice.
          </p>
        </div>
      </header>
      <div className="catch-up-rows">
        {PROVIDERS.map((p) => (
          <CatchUpRow key={p} provider={p} />
        ))}
      </div>
    </section>
  );
}

function CatchUpRow({ provider }: { provider: Provider }) {
  const api = useWebhooksApi();
  const [preview, setPreview] = useState<ReconcilePreview | null>(null);
  const [ran, setRan] = useState<ReconcileResult | null>(null);
  const look = useAction(() => api.reconcile.preview(provider));
  const run = useAction(() => api.reconcile.run(provider));

  async function onPreview() {
    setRan(null);
    run.clear();
    const found = await look.run();
    if (found) setPreview(found);
  }

  async function onRun() {
    const result = await run.run();
    if (result) {
      setRan(result);
      setPreview(null);
    }
  }

  const count = preview ? preview.missingEvents.length + preview.subscriptionChanges.length : 0;
  return (
    <div className="catch-up-row" data-testid={`catch-up-${provider}`}>
      <div className="catch-up-head">
        <div>
          <div className="secret-provider">{providerLabel(provider)}</div>
          <p className="muted wh-small">{WHAT[provider]}</p>
        </div>
        <div className="catch-up-actions">
          <button type="button" className="button button-small" onClick={() => void onPreview()} disabled={look.busy || run.busy}>
            <Icon name="search" size={14} /> {look.busy ? 'Asking…' : preview ? 'Check again' : 'Preview'}
          </button>
          {preview && count > 0 && (
            <button type="button" className="button button-small button-primary" onClick={() => void onRun()} disabled={run.busy}>
              {run.busy ? 'Applying…' : `Run catch-up (${count})`}
            </button>
          )}
        </div>
      </div>
      {(look.problem || run.problem) && (
        <p className="field-error" role="alert">
          {run.problem ? `Could not catch up: ${run.problem}` : `Could not ask ${providerLabel(provider)}: ${look.problem}`}
        </p>
      )}
      {preview && count === 0 && (
        <p className="catch-up-result">
          <Icon name="check" size={14} /> Up to date{preview.since ? ` since ${dateTime(preview.since)}` : ''}: nothing was missed.
        </p>
      )}
      {preview && count > 0 && (
        <ul className="catch-up-list" aria-label={`What ${providerLabel(provider)} catch-up would apply`}>
          {preview.missingEvents.map((e) => (
            <li key={e.providerEventId}>
              <span className="mono">{e.type}</span> <span className="muted">{e.providerEventId}</span>
              <span className="muted wh-small catch-up-when">{dateTime(e.createdAt)}</span>
            </li>
          ))}
          {preview.subscriptionChanges.map((c) => (
            <li key={c.subscriptionId}>
              <span className="mono">{c.eventName}</span> <span className="muted">{c.email ?? c.subscriptionId}</span>:{' '}
              {c.from ? (
                <>
                  <span className="change-from">{stateText(c.from)}</span> → <strong>{stateText(c.to)}</strong>
                </>
              ) : (
                <>
                  new to this console, <strong>{stateText(c.to)}</strong>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {ran && (
        <p className="catch-up-result" role="status">
          <Icon name="check" size={14} />
          <span>
            {ran.stored.length === 0 ? 'Nothing left to store' : `Stored ${ran.stored.length === 1 ? '1 event' : `${ran.stored.length} events`} for processing`}
            {ran.alreadyKnown > 0 ? ` (${ran.alreadyKnown} arrived on their own meanwhile)` : ''}. <a href={webhooksHref('events')}>See them in Events</a>.
          </span>
        </p>
      )}
    </div>
  );
}
