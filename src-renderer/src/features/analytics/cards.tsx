import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import type uPlot from 'uplot';
import type { Interval } from '@shared/analytics';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { useServices } from '../../app/services';
import { downloadText } from '../../ui/download';
import { formatCount, formatMoney, formatPercent, pluralise } from '../../ui/format';
import { LoadFailed } from '../../ui/LoadFailed';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { churnedMembersHref, periodEnd, periodLabel, type DayRange } from './range';
import { bars, chartColors, themedAxes, UplotChart } from './UplotChart';

type Chart = 'movements' | 'growth' | 'cohorts' | 'engagement' | 'revenue';

const usd = (v: number) => formatMoney(v, 'USD');
/** A loss shown as a negative amount; nothing lost is $0.00, not -$0.00. */
const minus = (v: number) => (v === 0 ? usd(0) : usd(-v));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatPercent(v));

/** A card with a title, an Export CSV button and its body; a skeleton while the first answer comes. */
function Card({ title, subtitle, chart, exportInput, children, testId }: { title: string; subtitle?: ReactNode; chart?: Chart; exportInput?: Record<string, string>; children: ReactNode; testId?: string }) {
  return (
    <section className="card analytics-card" data-testid={testId}>
      <header className="card-header">
        <div>
          <h2 className="card-title">{title}</h2>
          {subtitle && <p className="card-subtitle muted">{subtitle}</p>}
        </div>
        {chart && exportInput && <ExportButton chart={chart} input={exportInput} />}
      </header>
      <div className="analytics-card-body">{children}</div>
    </section>
  );
}

function ExportButton({ chart, input }: { chart: Chart; input: Record<string, string> }) {
  const { api } = useServices();
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  async function run() {
    setState({ busy: true });
    try {
      const file = await api.analytics.exportCsv.query({ chart, from: input.from!, to: input.to!, ...(input.interval ? { interval: input.interval as Interval } : {}), ...(input.by ? { by: input.by as 'join' | 'payment' } : {}) });
      downloadText(file.fileName, file.content);
      setState({ busy: false });
    } catch (err) {
      setState({ busy: false, error: messageOf(err) });
    }
  }
  return (
    <div className="analytics-export">
      <button type="button" className="button button-small" onClick={() => void run()} disabled={state.busy} data-testid={`export-${chart}`}>
        {state.busy ? 'Exporting…' : 'Export CSV'}
      </button>
      {state.error && (
        <span className="field-error" role="alert">
          {state.error}
        </span>
      )}
    </div>
  );
}

function Skeleton({ height = 240 }: { height?: number }) {
  return <div className="skeleton analytics-skeleton" style={{ height }} aria-busy="true" />;
}

/** "+12.5% vs previous period" with a colour for better (green) or worse (red). */
function Delta({ now, before, kind, lowerIsBetter }: { now: number | null; before: number | null; kind: 'money' | 'count' | 'rate'; lowerIsBetter?: boolean }) {
  if (now === null || before === null) return <span className="muted">no previous figure</span>;
  const diff = Math.round((now - before) * 1e6) / 1e6;
  const better = lowerIsBetter ? diff < 0 : diff > 0;
  const text =
    kind === 'money'
      ? formatMoney(diff, 'USD', { signed: true })
      : kind === 'count'
        ? `${diff > 0 ? '+' : ''}${formatCount(diff)}`
        : `${diff > 0 ? '+' : '−'}${(Math.abs(diff) * 100).toFixed(1)} pts`;
  return <span className={diff === 0 ? 'muted' : better ? 'stat-up' : 'stat-down'}>{diff === 0 ? 'no change' : text} vs previous period</span>;
}

function Tile({ label, value, hint, testId }: { label: string; value: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <div className="analytics-tile">
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
      {hint && <div className="stat-hint">{hint}</div>}
    </div>
  );
}

export function OverviewTiles({ range, compare }: { range: DayRange; compare: boolean }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.analytics.overview.queryOptions(range), placeholderData: keepPreviousData });
  if (q.error && !q.data) return <LoadFailed what="The headline figures" error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  if (!d) return <div className="analytics-tiles">{Array.from({ length: 6 }, (_, i) => <Skeleton key={i} height={92} />)}</div>;
  const p = d.period;
  const b = d.previousPeriod;
  return (
    <div className="analytics-tiles" aria-busy={q.isFetching || undefined}>
      <Tile label="MRR" testId="analytics-mrr" value={usd(p.endMrr)} hint={compare ? <Delta now={p.endMrr} before={b.endMrr} kind="money" /> : `ARR ${usd(p.endMrr * 12)}`} />
      <Tile label="Paying members" value={formatCount(p.endCustomers)} hint={compare ? <Delta now={p.endCustomers} before={b.endCustomers} kind="count" /> : `of ${formatCount(d.members.total)} members`} />
      <Tile label="ARPU" value={p.arpu === null ? '—' : usd(p.arpu)} hint={compare ? <Delta now={p.arpu} before={b.arpu} kind="money" /> : 'MRR per paying member'} />
      <Tile
        label="Customer churn, a month"
        value={pct(p.monthly.customerChurnRate)}
        hint={compare ? <Delta now={p.monthly.customerChurnRate} before={b.monthly.customerChurnRate} kind="rate" lowerIsBetter /> : `${pluralise(p.churnedCustomers, 'member')} stopped paying`}
      />
      <Tile
        label="Net MRR churn, a month"
        value={pct(p.monthly.netMrrChurnRate)}
        hint={compare ? <Delta now={p.monthly.netMrrChurnRate} before={b.monthly.netMrrChurnRate} kind="rate" lowerIsBetter /> : `gross ${pct(p.monthly.grossMrrChurnRate)}`}
      />
      <Tile label="Members" value={formatCount(d.members.total)} hint={`${formatCount(d.members.paid)} paid · ${formatCount(d.members.free)} free`} />
    </div>
  );
}

export function MovementsCard({ range, previous, interval, onLoaded }: { range: DayRange; previous: DayRange | null; interval: Interval; onLoaded: () => void }) {
  const trpc = useTRPC();
  const input = { ...range, interval };
  const q = useQuery({ ...trpc.analytics.mrrMovements.queryOptions(input), placeholderData: keepPreviousData });
  const prev = useQuery({ ...trpc.analytics.mrrMovements.queryOptions({ ...(previous ?? range), interval }), enabled: previous !== null, placeholderData: keepPreviousData });
  const [selected, setSelected] = useState<number | null>(null);
  const [asTable, setAsTable] = useState(false);
  // Loaded for this range: a placeholder (the previous range's answer) does not count.
  const loaded = !q.isPlaceholderData && (q.data !== undefined || q.error !== null);
  useEffect(() => {
    if (loaded) onLoaded();
  }, [loaded, onLoaded]);
  const c = chartColors();
  const periods = q.data?.periods ?? [];
  const labels = periods.map((p) => periodLabel(p.period, interval));
  const xs = periods.map((_, i) => i);
  const prevEnd = previous && prev.data ? periods.map((_, i) => prev.data.periods[i]?.endMrr ?? null) : null;
  // The period under the pointer when the plot is clicked (x is the period's index).
  const onClick = (u: uPlot, event: MouseEvent) => {
    const idx = Math.round(u.posToVal(event.offsetX, 'x'));
    if (idx >= 0 && idx < periods.length) setSelected(idx);
  };
  const hooks = { ready: [(u: uPlot) => u.over.addEventListener('click', (event) => onClick(u, event))] };

  const mrrOptions: Omit<uPlot.Options, 'width' | 'height'> = {
    legend: { show: false },
    cursor: { points: { show: true } },
    scales: { x: { time: false } },
    axes: themedAxes(labels, { money: true }),
    series: [
      {},
      { label: 'MRR', stroke: c.accent, width: 2, fill: `${c.accent}22` },
      ...(prevEnd ? [{ label: 'Previous period', stroke: c.previous, width: 1.5, dash: [6, 4] }] : []),
    ],
    hooks,
  };
  // Stacked by drawing running totals, largest first: each bar covers the one drawn before it.
  const stack = (keys: ('new' | 'expansion' | 'reactivation' | 'contraction' | 'churned')[], sign: 1 | -1) => periods.map((p) => sign * keys.reduce((s, k) => s + p[k], 0));
  const barOptions: Omit<uPlot.Options, 'width' | 'height'> = {
    legend: { show: false },
    scales: { x: { time: false } },
    axes: themedAxes(labels, { money: true }),
    series: [
      {},
      bars('Reactivation', c.reactivation),
      bars('Expansion', c.expansion),
      bars('New', c.new),
      bars('Churned', c.churned),
      bars('Contraction', c.contraction),
    ],
    hooks,
  };
  const sel = selected !== null ? periods[selected] : undefined;

  return (
    <Card
      title="MRR and its movements"
      subtitle="New, expansion and reactivation add to MRR; contraction and churn take from it. Each period starts where the previous one ended. Click a bar for its details."
      chart="movements"
      exportInput={{ ...range, interval }}
      testId="analytics-movements"
    >
      {q.error && !q.data ? (
        <LoadFailed what="The MRR movements" error={q.error} onRetry={() => void q.refetch()} inline />
      ) : !q.data ? (
        <Skeleton height={420} />
      ) : (
        <>
          <div className="analytics-legend" aria-hidden="true">
            <span style={{ ['--swatch' as string]: c.accent }}>MRR</span>
            {prevEnd && <span style={{ ['--swatch' as string]: c.previous }}>Previous period</span>}
            <span style={{ ['--swatch' as string]: c.new }}>New</span>
            <span style={{ ['--swatch' as string]: c.expansion }}>Expansion</span>
            <span style={{ ['--swatch' as string]: c.reactivation }}>Reactivation</span>
            <span style={{ ['--swatch' as string]: c.contraction }}>Contraction</span>
            <span style={{ ['--swatch' as string]: c.churned }}>Churned</span>
          </div>
          <button type="button" className="link-button analytics-view-toggle" onClick={() => setAsTable(!asTable)}>
            {asTable ? 'Show as chart' : 'Show as table'}
          </button>
          {asTable ? (
            <MovementsTable periods={periods} interval={interval} to={range.to} />
          ) : (
            <>
              <UplotChart label="MRR at the end of each period" options={mrrOptions} data={[xs, periods.map((p) => p.endMrr), ...(prevEnd ? [prevEnd] : [])] as uPlot.AlignedData} height={200} testId="chart-mrr" />
              <UplotChart
                label="MRR movements per period"
                options={barOptions}
                data={[xs, stack(['new', 'expansion', 'reactivation'], 1), stack(['new', 'expansion'], 1), stack(['new'], 1), stack(['contraction', 'churned'], -1), stack(['contraction'], -1)]}
                height={200}
                testId="chart-movements"
              />
            </>
          )}
          {sel && (
            <div className="analytics-detail" data-testid="movement-detail">
              <strong>{periodLabel(sel.period, interval)}</strong>: started at {usd(sel.startMrr)}, new {usd(sel.new)}, expansion {usd(sel.expansion)}, reactivation {usd(sel.reactivation)},
              contraction {minus(sel.contraction)}, churned {minus(sel.churned)}, ended at {usd(sel.endMrr)}.{' '}
              {sel.churnedCustomers > 0 ? (
                <a href={churnedMembersHref(sel.period, periodEnd(sel.period, interval, range.to))} data-testid="drill-churned">
                  See the {pluralise(sel.churnedCustomers, 'member')} who stopped paying
                </a>
              ) : (
                <span className="muted">Nobody stopped paying.</span>
              )}
            </div>
          )}
        </>
      )}
    </Card>
  );
}

type MovementPeriod = { period: string; startMrr: number; new: number; expansion: number; contraction: number; churned: number; reactivation: number; endMrr: number; churnedCustomers: number };

function MovementsTable({ periods, interval, to }: { periods: MovementPeriod[]; interval: Interval; to: string }) {
  return (
    <div className="table-scroll">
      <table className="table analytics-table" data-testid="movements-table">
        <thead>
          <tr>
            <th>Period</th>
            <th>Start</th>
            <th>New</th>
            <th>Expansion</th>
            <th>Reactivation</th>
            <th>Contraction</th>
            <th>Churned</th>
            <th>End</th>
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => (
            <tr key={p.period}>
              <td>{periodLabel(p.period, interval)}</td>
              <td>{usd(p.startMrr)}</td>
              <td>{usd(p.new)}</td>
              <td>{usd(p.expansion)}</td>
              <td>{usd(p.reactivation)}</td>
              <td>{minus(p.contraction)}</td>
              <td>
                {p.churnedCustomers > 0 ? (
                  <a href={churnedMembersHref(p.period, periodEnd(p.period, interval, to))} title={`See the ${pluralise(p.churnedCustomers, 'member')} who stopped paying`}>
                    {minus(p.churned)} ({formatCount(p.churnedCustomers)})
                  </a>
                ) : (
                  minus(p.churned)
                )}
              </td>
              <td>{usd(p.endMrr)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function GrowthCard({ range, interval, enabled, onLoaded }: { range: DayRange; interval: Interval; enabled: boolean; onLoaded: () => void }) {
  const trpc = useTRPC();
  const input = { ...range, interval };
  const q = useQuery({ ...trpc.analytics.growth.queryOptions(input), enabled, placeholderData: keepPreviousData });
  // Loaded for this range: a placeholder (the previous range's answer) does not count.
  const loaded = !q.isPlaceholderData && (q.data !== undefined || q.error !== null);
  useEffect(() => {
    if (loaded) onLoaded();
  }, [loaded, onLoaded]);
  const c = chartColors();
  const periods = q.data?.periods ?? [];
  const labels = periods.map((p) => periodLabel(p.period, interval));
  const xs = periods.map((_, i) => i);
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    legend: { show: false },
    scales: { x: { time: false } },
    axes: themedAxes(labels),
    series: [
      {},
      bars('Joined by invitation', '#a78bfa'),
      bars('Joined paying', c.new),
      bars('Joined free', c.accent),
      bars('Left', c.churned),
    ],
  };
  const conv = q.data?.conversions;
  return (
    <Card title="Member growth" subtitle="Joins by how members came in, and leaves." chart="growth" exportInput={{ ...range, interval }} testId="analytics-growth">
      {q.error && !q.data ? (
        <LoadFailed what="Member growth" error={q.error} onRetry={() => void q.refetch()} inline />
      ) : !q.data ? (
        <Skeleton />
      ) : (
        <>
          <div className="analytics-legend" aria-hidden="true">
            <span style={{ ['--swatch' as string]: c.accent }}>Free sign-up</span>
            <span style={{ ['--swatch' as string]: c.new }}>Paid</span>
            <span style={{ ['--swatch' as string]: '#a78bfa' }}>Invitation</span>
            <span style={{ ['--swatch' as string]: c.churned }}>Left</span>
          </div>
          <UplotChart
            label="Members joined and left per period"
            options={options}
            data={[
              xs,
              periods.map((p) => (p.joinedBySource.free_signup ?? 0) + (p.joinedBySource.paid ?? 0) + (p.joinedBySource.invite_link ?? 0)),
              periods.map((p) => (p.joinedBySource.free_signup ?? 0) + (p.joinedBySource.paid ?? 0)),
              periods.map((p) => p.joinedBySource.free_signup ?? 0),
              periods.map((p) => -p.left),
            ]}
          />
          <p className="analytics-note">
            Net {formatCount(periods.reduce((s, p) => s + p.net, 0))} members over the range, {formatCount(periods[periods.length - 1]?.endMembers ?? 0)} at its end. Trial → paid:{' '}
            {pct(conv?.trialToPaid.rate)} of {formatCount(conv?.trialToPaid.started ?? 0)} trials. Free → paid: {pct(conv?.freeToPaid.rate)} of {formatCount(conv?.freeToPaid.joined ?? 0)} free sign-ups.
          </p>
        </>
      )}
    </Card>
  );
}

export function RevenueSplitCard({ range, enabled }: { range: DayRange; enabled: boolean }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.analytics.revenue.queryOptions(), enabled });
  const total = q.data?.byProvider.reduce((s, p) => s + p.mrr, 0) ?? 0;
  const bars = (rows: { name: string; mrr: number; subscriptions: number }[]) => (
    <ul className="analytics-bars">
      {rows.map((r) => (
        <li key={r.name}>
          <span className="analytics-bar-label">{r.name}</span>
          <span className="analytics-bar" style={{ width: `${total > 0 ? Math.max(2, (r.mrr / total) * 100) : 0}%` }} />
          <span className="analytics-bar-value">
            {usd(r.mrr)} · {pluralise(r.subscriptions, 'subscription')}
          </span>
        </li>
      ))}
    </ul>
  );
  return (
    <Card title="Revenue by package and provider" subtitle="MRR now." chart="revenue" exportInput={range as unknown as Record<string, string>} testId="analytics-revenue">
      {q.error && !q.data ? (
        <LoadFailed what="The revenue split" error={q.error} onRetry={() => void q.refetch()} inline />
      ) : !q.data ? (
        <Skeleton height={160} />
      ) : q.data.byPackage.length === 0 ? (
        <p className="muted">Nobody pays yet.</p>
      ) : (
        <>
          <h3 className="analytics-subhead">By package</h3>
          {bars(q.data.byPackage)}
          <h3 className="analytics-subhead">By provider</h3>
          {bars(q.data.byProvider.map((p) => ({ ...p, name: p.provider === 'lemonsqueezy' ? 'Lemon Squeezy' : p.provider === 'stripe' ? 'Stripe' : p.provider })))}
        </>
      )}
    </Card>
  );
}

const BY = [
  { value: 'payment', label: 'First payment' },
  { value: 'join', label: 'Join month' },
] as const;

export function CohortsCard({ range, enabled }: { range: DayRange; enabled: boolean }) {
  const trpc = useTRPC();
  const [by, setBy] = useState<'payment' | 'join'>('payment');
  const [measure, setMeasure] = useState<'members' | 'mrr'>('members');
  const q = useQuery({ ...trpc.analytics.cohorts.queryOptions({ ...range, by }), enabled, placeholderData: keepPreviousData });
  const width = q.data?.months.length ?? 0;
  return (
    <Card
      title="Retention cohorts"
      subtitle={by === 'payment' ? 'Members grouped by the month they first paid: how many still pay (or their MRR) each month after.' : 'Members grouped by the month they joined: how many are still members each month after.'}
      chart="cohorts"
      exportInput={{ ...range, by }}
      testId="analytics-cohorts"
    >
      <div className="analytics-card-tools">
        <SegmentedControl label="Group members by" segments={BY} value={by} onChange={setBy} />
        {by === 'payment' && (
          <SegmentedControl
            label="Show"
            segments={[
              { value: 'members', label: 'Paying members' },
              { value: 'mrr', label: 'Net MRR' },
            ]}
            value={measure}
            onChange={setMeasure}
          />
        )}
      </div>
      {q.error && !q.data ? (
        <LoadFailed what="The cohorts" error={q.error} onRetry={() => void q.refetch()} inline />
      ) : !q.data ? (
        <Skeleton height={300} />
      ) : (
        <div className="table-scroll">
          <table className="table cohort-table" data-testid="cohort-table" aria-busy={q.isFetching || undefined}>
            <thead>
              <tr>
                <th>Cohort</th>
                <th>Size</th>
                {Array.from({ length: width }, (_, k) => (
                  <th key={k}>Month {k}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {q.data.cohorts.map((row) => {
                const rates = measure === 'mrr' && 'netMrrRetention' in row ? row.netMrrRetention : row.rates;
                return (
                  <tr key={row.cohort}>
                    <th scope="row">{periodLabel(`${row.cohort}-01`, 'month')}</th>
                    <td>{formatCount(row.size)}</td>
                    {rates.map((r, k) => (
                      <td key={k} className="cohort-cell" style={{ ['--heat' as string]: r === null ? 0 : Math.min(1, Math.max(0, r)) }} title={r === null ? '' : `${formatPercent(r)} after ${pluralise(k, 'month')}`}>
                        {r === null ? '' : formatPercent(r)}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export function EngagementCard({ range, enabled }: { range: DayRange; enabled: boolean }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.analytics.engagement.queryOptions(range), enabled, placeholderData: keepPreviousData });
  const c = chartColors();
  const d = q.data;
  const series = d?.series ?? [];
  const labels = series.map((s) => periodLabel(s.day, 'day'));
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    legend: { show: false },
    scales: { x: { time: false } },
    axes: themedAxes(labels),
    series: [{}, { label: 'Active members', stroke: c.accent, width: 1.5, fill: `${c.accent}22` }],
  };
  return (
    <Card title="Engagement" subtitle="Active = posted, commented, reacted or was seen that day." chart="engagement" exportInput={range as unknown as Record<string, string>} testId="analytics-engagement">
      {q.error && !d ? (
        <LoadFailed what="Engagement" error={q.error} onRetry={() => void q.refetch()} inline />
      ) : !d ? (
        <Skeleton />
      ) : (
        <>
          <div className="analytics-tiles analytics-tiles-small">
            <Tile label="Active today" value={formatCount(d.dau)} hint={`${d.averageDau} a day on average (30 days)`} />
            <Tile label="Active this week" value={formatCount(d.wau)} />
            <Tile label="Active this month" value={formatCount(d.mau)} />
            <Tile label="Stickiness" value={pct(d.stickiness)} hint="Daily ÷ monthly active" />
            <Tile label="Contributing" value={formatCount(d.contributingMembers)} hint="Posted or commented in the range" />
          </div>
          <UplotChart label="Active members per day" options={options} data={[series.map((_, i) => i), series.map((s) => s.active)]} height={180} />
          <p className="analytics-note">
            Last active: {formatCount(d.lastActive.week ?? 0)} this week, {formatCount(d.lastActive.month ?? 0)} this month, {formatCount(d.lastActive.quarter ?? 0)} in the last 3 months,{' '}
            {formatCount(d.lastActive.older ?? 0)} longer ago, {formatCount(d.lastActive.never ?? 0)} never.
          </p>
        </>
      )}
    </Card>
  );
}

export function CampaignsCard({ range, enabled }: { range: DayRange; enabled: boolean }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.analytics.campaigns.queryOptions(range), enabled });
  return (
    <Card title="Campaign results" subtitle={`Emails sent in the range; "started paying" counts recipients whose payments began within ${q.data?.conversionDays ?? 14} days after it reached them.`} testId="analytics-campaigns">
      {q.error && !q.data ? (
        <LoadFailed what="Campaign results" error={q.error} onRetry={() => void q.refetch()} inline />
      ) : !q.data ? (
        <Skeleton height={80} />
      ) : q.data.results.length === 0 ? (
        <p className="muted">No campaign was sent in this range.</p>
      ) : (
        <table className="table analytics-table">
          <thead>
            <tr>
              <th>Campaign</th>
              <th>Sent</th>
              <th>Recipients</th>
              <th>Delivered</th>
              <th>Clicked</th>
              <th>Unsubscribed</th>
              <th>Started paying</th>
            </tr>
          </thead>
          <tbody>
            {q.data.results.map((r) => (
              <tr key={r.campaignId}>
                <td>{r.name}</td>
                <td>{r.sentAt ? r.sentAt.slice(0, 10) : '—'}</td>
                <td>{formatCount(r.recipients)}</td>
                <td>{r.delivered === undefined ? '—' : formatCount(r.delivered)}</td>
                <td>{r.clicked === undefined ? '—' : formatCount(r.clicked)}</td>
                <td>{r.unsubscribed === undefined ? '—' : formatCount(r.unsubscribed)}</td>
                <td>{r.conversions === undefined ? '—' : formatCount(r.conversions)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
