import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../api/query';
import { hrefFor } from '../../app/routes';
import { formatCount, formatMoney, pluralise } from '../../ui/format';
import { StatCard } from './StatCard';
import './revenue-card.css';

/**
 * MRR now, its change against the same day last month, and how many members pay. A TanStack query:
 * a pushed 'analytics' change (a webhook moved a subscription) reads it again, no timer.
 */
export function RevenueCard() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.analytics.overview.queryOptions({}));
  const data = overview.data;
  const change = data ? data.mrrChange : 0;
  return (
    <StatCard
      icon="chart"
      label="Revenue (MRR)"
      testId="dashboard-mrr"
      loading={overview.isPending}
      value={overview.error && !data ? <span className="stat-coming">Not available</span> : data && formatMoney(data.mrr, data.currency)}
      hint={
        data ? (
          <>
            <span className={change > 0 ? 'stat-up' : change < 0 ? 'stat-down' : undefined} data-testid="dashboard-mrr-change">
              {change === 0 ? 'No change' : formatMoney(change, data.currency, { signed: true })} vs last month
            </span>
            {' · '}
            <span data-testid="dashboard-paying">{pluralise(data.activeSubscribers, 'paying member')}</span>
            {' · '}
            <a href={hrefFor('analytics')}>Analytics</a>
          </>
        ) : overview.error ? (
          'The revenue figures could not be read.'
        ) : (
          `${formatCount(0)} paying members`
        )
      }
    />
  );
}
