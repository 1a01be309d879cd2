import { useState } from 'react';
import { useServices } from '../../app/services';
import { useApiQuery } from '../../api/use-api-query';
import { SigningSecretsCard, SyncStateCard } from '../webhooks';
import { useAction } from '../../ui/use-action';
import { SecretField } from './SecretField';
import type { TestResult } from './settings-api';
import { TestResultLine } from './TestResultLine';

/** Stripe and Lemon Squeezy keys (console-wide), each with a test against the provider itself. */
export function ProvidersSection() {
  const { api } = useServices();
  const view = useApiQuery('settings-providers', (a, signal) => a.settings.providers.get.query(undefined, { signal }));
  const save = async (input: Parameters<typeof api.settings.providers.set.mutate>[0]) => {
    await api.settings.providers.set.mutate(input);
    view.reload();
  };
  const v = view.data;
  return (
    <div className="settings-stack">
      <section className="card" aria-labelledby="stripe-title">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="stripe-title">Stripe</h2>
            <p className="card-subtitle">Packages sync to Stripe as products and prices; members pay through Stripe Checkout.</p>
          </div>
        </header>
        {v && (
          <>
            <SecretField
              label="Secret key"
              hint={v.stripe.keyHint && `${v.stripe.keyHint}${v.stripe.mode === 'live' ? ' · live' : ' · test mode'}`}
              source={v.stripe.source}
              envName="STRIPE_SECRET_KEY"
              placeholder="sk_test_… or sk_live_…"
              help="From the Stripe Dashboard → Developers → API keys. A restricted key (rk_…) works too."
              onSave={(value) => save({ stripeSecretKey: value })}
            />
            <ConnectionTest provider="stripe" disabled={!v.stripe.configured} />
          </>
        )}
      </section>

      <section className="card" aria-labelledby="ls-title">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="ls-title">Lemon Squeezy</h2>
            <p className="card-subtitle">Link Lemon Squeezy variants to packages and sell through your store.</p>
          </div>
        </header>
        {v && (
          <>
            <SecretField
              label="API key"
              hint={v.lemonSqueezy.keyHint}
              source={v.lemonSqueezy.source}
              envName="LEMONSQUEEZY_API_KEY"
              placeholder="Paste the API key"
              help="From Lemon Squeezy → Settings → API."
              onSave={(value) => save({ lemonSqueezyApiKey: value })}
            />
            <SecretField
              label="Store number"
              secret={false}
              hint={v.lemonSqueezy.storeId && `Store #${v.lemonSqueezy.storeId}`}
              source={v.lemonSqueezy.storeIdSource}
              envName="LEMONSQUEEZY_STORE_ID"
              placeholder="e.g. 12345"
              help="The number in your store's address in Lemon Squeezy → Settings → Stores."
              onSave={(value) => save({ lemonSqueezyStoreId: value })}
            />
            <ConnectionTest provider="lemonsqueezy" disabled={!v.lemonSqueezy.configured || !v.lemonSqueezy.storeId} />
          </>
        )}
      </section>

      {/* How each provider is kept in step (issue 18): polling intervals and the state, console-wide. */}
      <SyncStateCard consoleOwner localChanges={false} settings />
      <SigningSecretsCard />
    </div>
  );
}

function ConnectionTest({ provider, disabled }: { provider: 'stripe' | 'lemonsqueezy'; disabled: boolean }) {
  const { api } = useServices();
  const [result, setResult] = useState<TestResult | null>(null);
  const test = useAction(() => api.settings.providers.test.mutate({ provider }));
  return (
    <div className="settings-test-row">
      <button
        type="button"
        className="button"
        disabled={disabled || test.busy}
        onClick={async () => {
          setResult(null);
          setResult((await test.run()) ?? null);
        }}
      >
        {test.busy ? 'Testing…' : 'Test connection'}
      </button>
      <TestResultLine result={result} problem={test.problem} />
    </div>
  );
}
