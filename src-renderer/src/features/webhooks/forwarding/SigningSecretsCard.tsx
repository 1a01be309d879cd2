import { useId, useState } from 'react';
import { useApiQuery } from '@renderer/api/use-api-query';
import { Pill } from '@renderer/ui/Pill';
import { PROVIDERS, providerLabel } from '../format';
import type { Provider, SigningSecretsView } from '../types';
import { LoadProblem } from '../Unavailable';
import { useAction } from '@renderer/ui/use-action';
import { useWebhooksApi } from '../use-webhooks-api';
import { webhooksApi } from '../webhooks-api';

const ENV_NAME: Record<Provider, string> = { stripe: 'STRIPE_WEBHOOK_SECRET', lemonsqueezy: 'LEMONSQUEEZY_WEBHOOK_SECRET' };
const PLACEHOLDER: Record<Provider, string> = { stripe: 'whsec_…', lemonsqueezy: 'The signing secret you gave Lemon Squeezy' };

/** The secrets the listener checks signatures with. They are never shown again, only counted. */
export function SigningSecretsCard() {
  const secrets = useApiQuery('webhook-signing-secrets', (api, signal) => webhooksApi(api).signingSecrets.get(signal));
  return (
    <section className="card" aria-labelledby="secrets-title">
      <header className="card-header">
        <div>
          <h2 className="card-title" id="secrets-title">
            Signing secrets
          </h2>
          <p className="card-subtitle">Events whose signature does not match one of these are refused with a 400 and never stored.</p>
        </div>
      </header>
      {secrets.error !== undefined && !secrets.data ? (
        <LoadProblem error={secrets.error} what="Signing secrets" onRetry={secrets.reload} />
      ) : (
        <div className="secret-rows">
          {PROVIDERS.map((p) => (
            <SecretRow key={p} provider={p} counts={secrets.data?.[p]} onSaved={secrets.reload} />
          ))}
        </div>
      )}
    </section>
  );
}

function SecretRow({ provider, counts, onSaved }: { provider: Provider; counts: SigningSecretsView[Provider] | undefined; onSaved: () => void }) {
  const api = useWebhooksApi();
  const inputId = useId();
  const [text, setText] = useState('');
  const save = useAction((secrets: string[]) => api.signingSecrets.set(provider, secrets));
  const secrets = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const total = counts ? counts.fromEnvironment + counts.saved : null;

  async function submit(next: string[]) {
    if (await save.run(next)) {
      setText('');
      onSaved();
    }
  }

  return (
    <form
      noValidate
      className="secret-row"
      onSubmit={(e) => {
        e.preventDefault();
        if (secrets.length > 0) void submit(secrets);
      }}
    >
      <div className="secret-row-head">
        <span className="secret-provider">{providerLabel(provider)}</span>
        {total === null ? (
          <span className="skeleton skeleton-pill" />
        ) : total === 0 ? (
          <Pill tone="warning">Not set</Pill>
        ) : (
          <Pill tone="success">{total === 1 ? '1 secret' : `${total} secrets`}</Pill>
        )}
        {counts && (
          <span className="muted wh-small" data-testid={`secret-counts-${provider}`}>
            {counts.fromEnvironment} from <code>{ENV_NAME[provider]}</code> · {counts.saved} saved here
          </span>
        )}
      </div>
      <label className="visually-hidden" htmlFor={inputId}>
        New {providerLabel(provider)} signing secret
      </label>
      <div className="inline-form">
        <input
          id={inputId}
          className="input input-mono"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={PLACEHOLDER[provider]}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button" disabled={save.busy || secrets.length === 0}>
          {save.busy ? 'Saving…' : counts?.saved ? 'Replace saved' : 'Save'}
        </button>
        {counts && counts.saved > 0 && (
          <button type="button" className="button button-danger-quiet" disabled={save.busy} onClick={() => void submit([])}>
            Remove saved
          </button>
        )}
      </div>
      <p className="field-help">
        During a rotation paste both, newest first, separated by a comma: either is accepted until you remove the old one. Stored encrypted on this computer.
      </p>
      {save.problem && (
        <p className="field-error" role="alert">
          Could not save: {save.problem}
        </p>
      )}
    </form>
  );
}
