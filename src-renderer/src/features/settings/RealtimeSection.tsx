import { useState } from 'react';
import { useServices } from '../../app/services';
import { useApiQuery } from '../../api/use-api-query';
import { useAction } from '../../ui/use-action';
import { SecretField } from './SecretField';
import type { TestResult } from './settings-api';
import { TestResultLine } from './TestResultLine';

/** The Ably key the community's live features use. */
export function RealtimeSection() {
  const { api } = useServices();
  const view = useApiQuery('settings-realtime', (a, signal) => a.settings.realtime.get.query(undefined, { signal }));
  const [result, setResult] = useState<TestResult | null>(null);
  const test = useAction(() => api.settings.realtime.test.mutate());
  const v = view.data;
  return (
    <section className="card" aria-labelledby="realtime-title">
      <header className="card-header">
        <div>
          <h2 className="card-title" id="realtime-title">Real time (Ably)</h2>
          <p className="card-subtitle">Live chat, presence and notifications in the community go through Ably.</p>
        </div>
      </header>
      {v && (
        <>
          <SecretField
            label="Ably API key"
            hint={v.keyHint}
            source={v.source}
            envName="ABLY_API_KEY"
            placeholder="appId.keyId:secret"
            help="From the Ably dashboard → your app → API Keys."
            onSave={async (value) => {
              await api.settings.realtime.set.mutate({ ablyApiKey: value });
              setResult(null);
              view.reload();
            }}
          />
          {v.endpoint && <p className="field-help">Talking to {v.endpoint} (ABLY_ENDPOINT).</p>}
          <div className="settings-test-row">
            <button type="button" className="button" disabled={!v.configured || test.busy} onClick={async () => setResult((await test.run()) ?? null)}>
              {test.busy ? 'Testing…' : 'Test connection'}
            </button>
            <TestResultLine result={result} problem={test.problem} />
          </div>
        </>
      )}
    </section>
  );
}
