import { useCallback, useId, useState } from 'react';
import { Icon } from '@renderer/ui/Icon';
import { SegmentedControl } from '@renderer/ui/SegmentedControl';
import { useNow } from '@renderer/ui/use-now';
import { ExchangeView } from '../ExchangeView';
import { ago, PROVIDERS, providerLabel } from '../format';
import { allowedChoice, rememberedTargetUrl, rememberTargetUrl, targetProblem, toLabTarget, type TargetChoice } from '../target';
import { TargetPicker } from '../TargetPicker';
import type { Exchange, LabAccess, LabTemplate, Provider, SigningSecretsView } from '../types';
import { useAction } from '@renderer/ui/use-action';
import { useWebhooksApi } from '../use-webhooks-api';
import { webhooksHref } from '../webhooks-route';
import { withFreshIdentity } from './fresh-event';
import { checkJson } from './json-check';
import { JsonField } from './JsonField';
import { LabForm } from './LabForm';
import { LabSecretNote } from './LabSecretNote';
import { SentChanges, storedEventId } from './SentChanges';

const PROVIDER_SEGMENTS = PROVIDERS.map((p) => ({ value: p, label: providerLabel(p) }));
const MODE_SEGMENTS = [
  { value: 'json', label: 'JSON' },
  { value: 'form', label: 'Form' },
] as const;
const bodyOf = (template: LabTemplate | undefined) => template?.payload ?? '{}';

interface Sent {
  exchange: Exchange;
  at: string;
  provider: Provider;
  type: string;
}

export function LabComposer({
  templates,
  secrets,
  access,
  onOpenEvent,
}: {
  templates: LabTemplate[];
  secrets: SigningSecretsView | undefined;
  access: LabAccess | undefined;
  onOpenEvent: (id: string) => void;
}) {
  const api = useWebhooksApi();
  const typeId = useId();
  // Form: a member and a package picked, the core's templates filled in with them; JSON: by hand.
  const [mode, setMode] = useState<'json' | 'form'>('json');
  const [built, setBuilt] = useState<LabTemplate[] | null>(null);
  const source = mode === 'form' && built ? built : templates;
  const [provider, setProvider] = useState<Provider>('stripe');
  const firstOf = (p: Provider) => source.find((t) => t.provider === p);
  const [type, setType] = useState(() => firstOf('stripe')?.type ?? '');
  const [body, setBody] = useState(() => bodyOf(firstOf('stripe')));
  const [fresh, setFresh] = useState(true);
  const [choice, setTarget] = useState<TargetChoice>(() => ({ kind: 'self', url: rememberedTargetUrl() }));
  const target = allowedChoice(choice, access?.selfTarget === true);
  const [tried, setTried] = useState(false);
  const [sent, setSent] = useState<Sent | null>(null);
  const now = useNow(5000);
  const check = checkJson(body);
  const options = source.filter((t) => t.provider === provider);
  const template = options.find((t) => t.type === type);
  const send = useAction((input: Parameters<typeof api.lab.send>[0]) => api.lab.send(input));
  // The console's secrets matter to the owner's lab only; a tenant ADMIN's lab signs with its own.
  const secretCount = secrets && access?.signing === 'console' ? secrets[provider].fromEnvironment + secrets[provider].saved : null;

  function chooseProvider(next: Provider) {
    setProvider(next);
    const first = firstOf(next);
    setType(first?.type ?? '');
    setBody(bodyOf(first));
  }

  function chooseType(next: string) {
    setType(next);
    setBody(bodyOf(options.find((t) => t.type === next)));
  }

  // New templates for the picked member and package: the body follows, for the same event type.
  const onBuilt = useCallback(
    (next: LabTemplate[] | null) => {
      setBuilt(next);
      const same = next?.find((t) => t.provider === provider && t.type === type);
      if (same) setBody(same.payload);
    },
    [provider, type],
  );

  async function submit() {
    setTried(true);
    if (!check.ok || targetProblem(target)) return;
    if (target.kind === 'url') rememberTargetUrl(target.url);
    // With a new identity the editor shows exactly what is sent; otherwise the text goes as written.
    const renewed = fresh ? withFreshIdentity(provider, check.value) : null;
    const payload = renewed ? JSON.stringify(renewed, null, 2) : body;
    if (renewed) setBody(payload);
    const exchange = await send.run({ provider, payload, target: toLabTarget(target) });
    if (exchange) setSent({ exchange, at: new Date().toISOString(), provider, type });
  }

  return (
    <div className="lab-grid">
      <form
        noValidate
        className="card lab-card"
        aria-label="Compose an event"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        <header className="card-header">
          <h2 className="card-title">Compose</h2>
          <span className="muted wh-small">
            Like <code>stripe trigger</code>, with the body in your hands
          </span>
        </header>
        <div className="lab-body">
          <div className="lab-row">
            <div>
              <span className="field-label">Build</span>
              <SegmentedControl label="Build the event" segments={MODE_SEGMENTS} value={mode} onChange={setMode} />
            </div>
            <div>
              <span className="field-label">Provider</span>
              <SegmentedControl label="Provider" segments={PROVIDER_SEGMENTS} value={provider} onChange={chooseProvider} />
            </div>
            <div className="lab-type">
              <label className="field-label" htmlFor={typeId}>
                Event type
              </label>
              <select id={typeId} className="input input-mono" value={type} onChange={(e) => chooseType(e.target.value)} disabled={options.length === 0}>
                {options.length === 0 && <option value="">No templates for {providerLabel(provider)}</option>}
                {options.map((t) => (
                  <option key={t.type} value={t.type}>
                    {t.type}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {template?.label && <p className="field-help">{template.label}</p>}
          {mode === 'form' && <LabForm onTemplates={onBuilt} />}
          {access?.signing === 'lab' && access.labSecret && <LabSecretNote secret={access.labSecret} />}
          {secretCount === 0 && (
            <div className="banner banner-warning lab-warning" role="status">
              <Icon name="key" size={15} />
              <span>
                No {providerLabel(provider)} signing secret is set, so the lab cannot sign and this console would refuse the event.{' '}
                <a href={webhooksHref('forwarding')}>Set one under Forwarding</a>.
              </span>
            </div>
          )}

          <JsonField
            label="Body"
            value={body}
            onChange={setBody}
            check={check}
            actions={
              <>
                <button type="button" className="button button-small" disabled={!check.ok} onClick={() => check.ok && setBody(JSON.stringify(check.value, null, 2))}>
                  Format
                </button>
                <button type="button" className="button button-small" disabled={!template || body === bodyOf(template)} onClick={() => setBody(bodyOf(template))}>
                  Reset
                </button>
              </>
            }
          />
          <label className="check-row">
            <input type="checkbox" checked={fresh} onChange={(e) => setFresh(e.target.checked)} />
            <span>
              New event id on each send
              <span className="field-help">
                {provider === 'stripe' ? 'Sets a new id and created time.' : 'Sets a new updated_at, which is how deliveries are told apart.'} Off: a repeat is stored once as a
                duplicate and changes nothing, as a provider's retry would.
              </span>
            </span>
          </label>

          <div className="lab-target">
            <span className="field-label">Send to</span>
            <TargetPicker value={target} onChange={setTarget} showProblem={tried} access={access} />
          </div>
        </div>
        <footer className="lab-footer">
          {send.problem && (
            <p className="field-error lab-problem" role="alert">
              Could not send: {send.problem}
            </p>
          )}
          {tried && !check.ok && (
            <p className="field-error lab-problem" role="alert">
              Fix the body first: line {check.line}, column {check.column}.
            </p>
          )}
          <span className="muted wh-small lab-hint">
            <kbd>Ctrl</kbd> + <kbd>Enter</kbd>
          </span>
          <button type="submit" className="button button-primary" disabled={send.busy || !type}>
            <Icon name="arrowRight" size={15} /> {send.busy ? 'Sending…' : 'Send event'}
          </button>
        </footer>
      </form>

      <section className="card lab-card" aria-label="Result" aria-live="polite">
        <header className="card-header">
          <h2 className="card-title">Result</h2>
          {sent && (
            <span className="muted wh-small">
              {providerLabel(sent.provider)} <span className="mono">{sent.type}</span> · sent {ago(sent.at, now)}
            </span>
          )}
        </header>
        <div className="lab-body">
          {sent ? (
            <>
              {storedEventId(sent.exchange) && <SentChanges key={storedEventId(sent.exchange)} eventId={storedEventId(sent.exchange)!} />}
              <ExchangeView exchange={sent.exchange} onOpenEvent={onOpenEvent} />
            </>
          ) : (
            <div className="lab-result-empty">
              <Icon name="webhooks" size={22} />
              <p>Send an event to see the signed request, the response status, headers and body, and how long it took.</p>
              <p className="muted wh-small">
                {access?.selfTarget === false
                  ? 'Events you send go to your own app only; this console accepts events signed by Stripe and Lemon Squeezy alone.'
                  : 'Sent to this console, it lands in Events within a second or two, applied or ignored.'}
              </p>
            </div>
          )}
        </div>
      </section>
    </div>
  );
}
