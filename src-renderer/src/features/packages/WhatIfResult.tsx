import { formatCount } from '../../ui/format';
import { formatChange, formatMoney } from './money';
import type { WhatIfView } from './types';

/** Current against projected MRR, the change, and who it is counted on. */
export function WhatIfResult({ result, updating, problem, blocked }: { result: WhatIfView | null; updating: boolean; problem: string | null; blocked: boolean }) {
  if (problem) {
    return (
      <div className="what-if-result is-problem" role="alert">
        <p className="field-error">{problem}</p>
      </div>
    );
  }
  if (blocked || !result) {
    return (
      <div className="what-if-result is-empty" aria-busy={updating || undefined}>
        <p className="muted">{blocked ? 'Fix the highlighted field to see the projection.' : 'Working out the projection…'}</p>
      </div>
    );
  }

  const { currency, subscribers } = result;
  const money = (n: number, signed = false) => formatMoney(n, currency, { signed });
  const change = formatChange(result.mrrDelta, result.current.mrr);
  const tone = result.mrrDelta > 0 ? 'is-up' : result.mrrDelta < 0 ? 'is-down' : 'is-flat';
  const perNew = result.perNewSubscriber;

  return (
    <div className={updating ? 'what-if-result is-updating' : 'what-if-result'} aria-live="polite" aria-busy={updating || undefined} data-testid="what-if-result">
      <dl className="what-if-figures">
        <div>
          <dt>Current MRR</dt>
          <dd data-testid="what-if-current">{money(result.current.mrr)}</dd>
        </div>
        <div>
          <dt>Projected MRR</dt>
          <dd data-testid="what-if-projected">{money(result.proposed.mrr)}</dd>
        </div>
        <div className={`what-if-change ${tone}`}>
          <dt>Change</dt>
          <dd data-testid="what-if-change">
            {money(result.mrrDelta, true)}
            {change && <span className="what-if-percent">{change}</span>}
          </dd>
        </div>
      </dl>
      <p className="what-if-counts">
        Counted on <strong>{formatCount(subscribers.total)}</strong> subscriber{subscribers.total === 1 ? '' : 's'}: {formatCount(subscribers.active)} active,{' '}
        {formatCount(subscribers.trialing)} trialing.
        {subscribers.otherCurrency > 0 && ` ${formatCount(subscribers.otherCurrency)} paying in another currency are left out.`}
      </p>
      <p className="what-if-note">
        {result.mode === 'grandfather'
          ? `Existing subscribers keep what they pay today, so MRR only moves as new subscribers join: each adds ${money(perNew.proposedMonthly)} a month instead of ${money(perNew.currentMonthly)} (${money(perNew.delta, true)}).`
          : moveNote(result, money)}
      </p>
    </div>
  );
}

function moveNote(result: WhatIfView, money: (n: number) => string): string {
  const { proposed, interval } = result;
  const monthly = interval === 'year' ? ` (${money(result.perNewSubscriber.proposedMonthly)} a month in MRR)` : '';
  if (proposed.saleState === 'active' && proposed.effectivePrice !== proposed.price) {
    return `Everyone moves to the sale price, ${money(proposed.effectivePrice)} per ${interval}${monthly}, while the sale lasts, and to ${money(proposed.price)} after it.`;
  }
  return `Everyone moves to ${money(proposed.effectivePrice)} per ${interval}${monthly}.`;
}
