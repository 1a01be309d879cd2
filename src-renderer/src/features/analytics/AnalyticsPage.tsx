import { useState } from 'react';
import type { Interval } from '@shared/analytics';
import type { TenantSummary } from '../../api/types';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { useNow } from '../../ui/use-now';
import { CampaignsCard, CohortsCard, EngagementCard, GrowthCard, MovementsCard, OverviewTiles, RevenueSplitCard } from './cards';
import { dayOfMs, PRESETS, previousRange, rangeOfPreset, type DayRange, type Preset } from './range';
import './analytics.css';

const INTERVALS = [
  { value: 'day', label: 'Days' },
  { value: 'week', label: 'Weeks' },
  { value: 'month', label: 'Months' },
] as const;

/**
 * The owner's figures: MRR and its movements, member growth, cohorts, engagement, revenue split
 * and campaigns, for a date range compared with the one before it. Each card reads its own query,
 * so the headline tiles show first and the heavier cards (cohorts, engagement) fill in after.
 */
export function AnalyticsPage({ tenant }: { tenant: TenantSummary }) {
  // Today (UTC), moving on at midnight while the page stays open.
  const today = dayOfMs(useNow(60_000));
  const [preset, setPreset] = useState<Preset>('12m');
  const [custom, setCustom] = useState<DayRange>(() => rangeOfPreset('12m', today));
  const [interval, setInterval] = useState<Interval>('month');
  const [compare, setCompare] = useState(true);
  // Progressive loading: the headline and MRR first, then growth and revenue, then the heavier
  // cohorts and engagement (each stage starts once the one before has answered at least once).
  // A new range or grouping starts again from the first stage. (It also keeps each batch of
  // requests short: the server refuses a batch whose procedure names pass 100 characters.)
  const [progress, setProgress] = useState({ key: '', stage: 0 });
  const range = preset === 'custom' ? custom : rangeOfPreset(preset, today);
  const previous = previousRange(range);
  const validCustom = custom.from <= custom.to;
  const key = `${range.from}|${range.to}|${interval}|${compare}`;
  const stage = progress.key === key ? progress.stage : 0;
  const advance = (to: number) => setProgress((p) => (p.key === key && p.stage >= to ? p : { key, stage: Math.max(p.key === key ? p.stage : 0, to) }));

  function pickPreset(value: Preset) {
    setPreset(value);
    const p = PRESETS.find((x) => x.value === value)!;
    if (value !== 'custom') setInterval(p.interval);
    else setCustom(range);
  }

  return (
    <div className="page page-analytics">
      <header className="page-header">
        <div>
          <p className="page-eyebrow">{tenant.name}</p>
          <h1 className="page-title">Analytics</h1>
          <p className="page-subtitle">Revenue, members and activity, kept current as payments and members change.</p>
        </div>
      </header>

      <div className="analytics-toolbar" role="group" aria-label="Date range">
        <label className="field-label" htmlFor="analytics-preset">
          Range
        </label>
        <select id="analytics-preset" className="input" value={preset} onChange={(e) => pickPreset(e.target.value as Preset)} data-testid="analytics-preset">
          {PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
        {preset === 'custom' && (
          <>
            <label className="field-label" htmlFor="analytics-from">
              From
            </label>
            <input id="analytics-from" type="date" className="input" value={custom.from} max={today} onChange={(e) => e.target.value && setCustom({ ...custom, from: e.target.value })} />
            <label className="field-label" htmlFor="analytics-to">
              To
            </label>
            <input id="analytics-to" type="date" className="input" value={custom.to} max={today} onChange={(e) => e.target.value && setCustom({ ...custom, to: e.target.value })} />
          </>
        )}
        <SegmentedControl label="Group by" segments={INTERVALS} value={interval} onChange={setInterval} />
        <label className="analytics-compare">
          <input type="checkbox" checked={compare} onChange={(e) => setCompare(e.target.checked)} /> Compare with the previous period
        </label>
      </div>
      {!validCustom ? (
        <p className="field-error" role="alert">
          The first day must not be after the last day.
        </p>
      ) : (
        <>
          <OverviewTiles range={range} compare={compare} />
          <MovementsCard range={range} previous={compare ? previous : null} interval={interval} onLoaded={() => advance(1)} />
          <div className="analytics-columns">
            <GrowthCard range={range} interval={interval} enabled={stage >= 1} onLoaded={() => advance(2)} />
            <RevenueSplitCard range={range} enabled={stage >= 1} />
          </div>
          <CohortsCard range={range} enabled={stage >= 2} />
          <EngagementCard range={range} enabled={stage >= 2} />
          <CampaignsCard range={range} enabled={stage >= 2} />
        </>
      )}
    </div>
  );
}
