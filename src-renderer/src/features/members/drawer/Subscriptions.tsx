import { formatDate, formatMoney as formatAmount } from '@renderer/ui/format';
import { Pill } from '@renderer/ui/Pill';
import { SUBSCRIPTION_LABEL } from '../member-labels';
import type { SubscriptionView } from '../types';

const PROVIDER_LABEL: Record<SubscriptionView['provider'], string> = { stripe: 'Stripe', lemonsqueezy: 'Lemon Squeezy', crypto: 'Crypto' };

export function formatMoney(amountMinor: number, currency: string): string {
  return formatAmount(amountMinor / 100, currency);
}

/** What the member pays or paid, each subscription with its history (oldest first). */
export function Subscriptions({ subscriptions }: { subscriptions: SubscriptionView[] }) {
  if (subscriptions.length === 0) return <p className="muted">No subscriptions. This member has never paid.</p>;
  return (
    <ul className="drawer-list subscriptions">
      {subscriptions.map((s) => {
        const status = SUBSCRIPTION_LABEL[s.status];
        return (
          <li key={s.id} className="subscription">
            <div className="subscription-head">
              <span className="subscription-name">{s.packageName ?? 'A package no longer offered'}</span>
              <Pill tone={status.tone}>{status.label}</Pill>
            </div>
            <div className="subscription-meta">
              {formatMoney(s.amountMinor, s.currency)} / {s.interval} · {PROVIDER_LABEL[s.provider]} · since {formatDate(s.startedAt)}
              {s.currentPeriodEnd && ` · ${s.cancelAtPeriodEnd ? 'ends' : 'renews'} ${formatDate(s.currentPeriodEnd)}`}
              {s.canceledAt && ` · canceled ${formatDate(s.canceledAt)}`}
            </div>
            {s.history.length > 0 && (
              <details className="subscription-history">
                <summary>History ({s.history.length})</summary>
                <ol>
                  {s.history.map((h) => (
                    <li key={h.id}>
                      <time dateTime={h.occurredAt}>{formatDate(h.occurredAt)}</time> {h.kind.replace(/_/g, ' ')} · {h.status}
                      {h.amountMinor > 0 && ` · ${formatMoney(h.amountMinor, s.currency)}`}
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}
