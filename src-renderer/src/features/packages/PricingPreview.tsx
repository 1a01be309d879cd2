import { useState } from 'react';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { PriceCard, PriceCardLoading } from './PriceCard';
import { INTERVAL_LABEL, isOnPricingPage, type Interval, type PackageView } from './types';

const INTERVALS: Interval[] = ['month', 'year'];

/** The tiers as the public pricing page shows them: active, not archived, one interval at a time. */
export function PricingPreview({ packages, now }: { packages: PackageView[] | undefined; now: number }) {
  const shown = (packages ?? []).filter(isOnPricingPage);
  // Start on the interval that has tiers, so a yearly-only community does not open on an empty page.
  const [chosen, setChosen] = useState<Interval | null>(null);
  const interval = chosen ?? (shown.some((p) => p.interval === 'month') || !shown.length ? 'month' : 'year');
  const tiers = shown.filter((p) => p.interval === interval);
  const segments = INTERVALS.map((i) => ({ value: i, label: INTERVAL_LABEL[i].adjective }));

  return (
    <section className="card pricing-preview" aria-labelledby="pricing-preview-title">
      <header className="card-header">
        <div>
          <h2 className="card-title" id="pricing-preview-title">
            Pricing preview
          </h2>
          <p className="card-subtitle">What visitors see on your pricing page. Inactive and archived packages are left out.</p>
        </div>
        <SegmentedControl label="Billing interval" segments={segments} value={interval} onChange={setChosen} />
      </header>
      <div className="pricing-grid" data-testid="pricing-preview">
        {!packages ? (
          Array.from({ length: 3 }, (_, i) => <PriceCardLoading key={i} />)
        ) : tiers.length === 0 ? (
          <p className="pricing-empty">
            No active {INTERVAL_LABEL[interval].adjective.toLowerCase()} packages, so the pricing page has none to show.
          </p>
        ) : (
          tiers.map((p) => <PriceCard key={p.id} pkg={p} now={now} />)
        )}
      </div>
    </section>
  );
}
