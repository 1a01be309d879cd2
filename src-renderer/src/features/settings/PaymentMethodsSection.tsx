import { useState } from 'react';
import { useServices } from '../../app/services';
import { useApiQuery } from '../../api/use-api-query';
import { Pill } from '../../ui/Pill';
import { useAction } from '../../ui/use-action';
import type { PaymentMethodsView } from './settings-api';

const COINS = [
  { coin: 'BTC', name: 'Bitcoin' },
  { coin: 'ETH', name: 'Ether' },
  { coin: 'USDC', name: 'USD Coin' },
] as const;
type Coin = (typeof COINS)[number]['coin'];

/** Cards are always on; ACH and buy-now-pay-later mirror what is enabled in Stripe; crypto needs an address per coin. */
export function PaymentMethodsSection() {
  const view = useApiQuery('settings-payment-methods', (a, signal) => a.settings.paymentMethods.get.query(undefined, { signal }));
  if (!view.data) return <section className="card" aria-busy="true" />;
  return <PaymentMethodsForm key={view.data.updatedAt ?? 'new'} view={view.data} onSaved={view.reload} />;
}

function PaymentMethodsForm({ view, onSaved }: { view: PaymentMethodsView; onSaved: () => void }) {
  const { api } = useServices();
  const [ach, setAch] = useState(view.ach.enabled);
  const [afterpay, setAfterpay] = useState(view.bnpl.afterpay);
  const [klarna, setKlarna] = useState(view.bnpl.klarna);
  const [crypto, setCrypto] = useState<Record<Coin, { accepted: boolean; address: string }>>(() => ({
    BTC: { accepted: view.crypto.BTC.accepted, address: view.crypto.BTC.address ?? '' },
    ETH: { accepted: view.crypto.ETH.accepted, address: view.crypto.ETH.address ?? '' },
    USDC: { accepted: view.crypto.USDC.accepted, address: view.crypto.USDC.address ?? '' },
  }));
  const save = useAction(() =>
    api.settings.paymentMethods.set.mutate({
      ach,
      bnpl: { afterpay, klarna },
      crypto: Object.fromEntries(COINS.map(({ coin }) => [coin, { accepted: crypto[coin].accepted, address: crypto[coin].address.trim() || null }])),
    }),
  );
  const [saved, setSaved] = useState(false);

  return (
    <form
      className="card settings-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setSaved(false);
        if (await save.run()) {
          setSaved(true);
          onSaved();
        }
      }}
    >
      <header className="card-header">
        <div>
          <h2 className="card-title">Payment methods</h2>
          <p className="card-subtitle">What members can pay with at checkout.</p>
        </div>
      </header>
      {!view.stripe.configured && <p className="settings-note">Stripe is not connected yet: cards, ACH and buy-now-pay-later need it.</p>}
      <div className="settings-switches">
        <Switch label="Cards" detail="Always on; the default at checkout." checked disabled onChange={() => undefined} />
        <Switch label="ACH bank debit" detail="Turn it on in the Stripe Dashboard too." checked={ach} onChange={setAch} />
        <Switch label="Afterpay / Clearpay" detail="Buy now, pay later." checked={afterpay} onChange={setAfterpay} />
        <Switch label="Klarna" detail="Buy now, pay later." checked={klarna} onChange={setKlarna} />
      </div>
      <h3 className="settings-subtitle">Crypto</h3>
      <div className="settings-crypto">
        {COINS.map(({ coin, name }) => (
          <div key={coin} className="settings-crypto-row">
            <Switch label={name} detail={view.crypto[coin].network === name ? undefined : `On ${view.crypto[coin].network}`} checked={crypto[coin].accepted} onChange={(on) => setCrypto((c) => ({ ...c, [coin]: { ...c[coin], accepted: on } }))} />
            <input
              className="input input-mono"
              aria-label={`${name} receiving address`}
              placeholder={coin === 'BTC' ? 'bc1q… or 1… / 3…' : '0x…'}
              spellCheck={false}
              value={crypto[coin].address}
              onChange={(e) => setCrypto((c) => ({ ...c, [coin]: { ...c[coin], address: e.target.value } }))}
            />
          </div>
        ))}
      </div>
      <div className="settings-actions">
        <button type="submit" className="button button-primary" disabled={save.busy}>
          {save.busy ? 'Saving…' : 'Save payment methods'}
        </button>
        {saved && !save.problem && <Pill tone="success">Saved</Pill>}
      </div>
      {save.problem && (
        <p className="field-error" role="alert">
          Could not save: {save.problem}
        </p>
      )}
    </form>
  );
}

export function Switch({ label, detail, checked, disabled, onChange }: { label: string; detail?: string; checked: boolean; disabled?: boolean; onChange: (on: boolean) => void }) {
  return (
    <label className="settings-switch">
      <input type="checkbox" role="switch" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span>
        <span className="settings-switch-label">{label}</span>
        {detail && <span className="settings-switch-detail">{detail}</span>}
      </span>
    </label>
  );
}
