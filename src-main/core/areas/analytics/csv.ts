import { stringify } from 'csv-stringify/sync';
import type { AnalyticsFigures } from './figures';

// Every chart's data as CSV, the columns the chart shows, money in currency units.

export type CsvChart = 'movements' | 'growth' | 'cohorts' | 'engagement' | 'revenue';

const pct = (v: number | null) => (v === null ? '' : (Math.round(v * 10_000) / 100).toFixed(2));

export async function chartCsv(
  figures: AnalyticsFigures,
  tenantId: string,
  input: { chart: CsvChart; from: string; to: string; interval: 'day' | 'week' | 'month'; by: 'join' | 'payment' },
): Promise<{ fileName: string; content: string }> {
  const name = (what: string) => `${what}-${input.from}-to-${input.to}.csv`;
  switch (input.chart) {
    case 'movements': {
      const { periods } = await figures.mrrMovements(tenantId, input);
      return {
        fileName: name(`mrr-movements-by-${input.interval}`),
        content: stringify(
          periods.map((p) => [p.period, p.startMrr, p.new, p.expansion, p.contraction, p.churned, p.reactivation, p.endMrr, p.endCustomers, p.churnedCustomers, pct(p.customerChurnRate), pct(p.grossMrrChurnRate), pct(p.netMrrChurnRate), p.arpu ?? '']),
          { header: true, columns: ['period', 'start_mrr', 'new', 'expansion', 'contraction', 'churned', 'reactivation', 'end_mrr', 'paying_customers', 'churned_customers', 'customer_churn_pct', 'gross_mrr_churn_pct', 'net_mrr_churn_pct', 'arpu'] },
        ),
      };
    }
    case 'growth': {
      const { periods } = await figures.growth(tenantId, input);
      return {
        fileName: name(`member-growth-by-${input.interval}`),
        content: stringify(
          periods.map((p) => [p.period, p.startMembers, p.joinedBySource.free_signup ?? 0, p.joinedBySource.paid ?? 0, p.joinedBySource.invite_link ?? 0, p.joined, p.left, p.net, p.endMembers]),
          { header: true, columns: ['period', 'start_members', 'joined_free_signup', 'joined_paid', 'joined_invite_link', 'joined', 'left', 'net', 'end_members'] },
        ),
      };
    }
    case 'cohorts': {
      const result = await figures.cohorts(tenantId, input);
      const width = result.months.length;
      const head = ['cohort', 'size', ...Array.from({ length: width }, (_, k) => `month_${k}`)];
      return {
        fileName: name(`cohorts-by-${input.by}-month`),
        content: stringify(
          result.cohorts.map((c) => [c.cohort, c.size, ...c.rates.map(pct)]),
          { header: true, columns: head },
        ),
      };
    }
    case 'engagement': {
      const e = await figures.engagement(tenantId, input);
      return {
        fileName: name('engagement'),
        content: stringify(e.series.map((d) => [d.day, d.active, d.posts, d.comments, d.reactions]), { header: true, columns: ['day', 'active_members', 'posts', 'comments', 'reactions'] }),
      };
    }
    case 'revenue': {
      const r = await figures.revenue(tenantId);
      return {
        fileName: `revenue-by-package-and-provider-${input.to}.csv`,
        content: stringify(
          [...r.byPackage.map((p) => ['package', p.name, p.mrr, p.subscriptions]), ...r.byProvider.map((p) => ['provider', p.provider, p.mrr, p.subscriptions])],
          { header: true, columns: ['split', 'name', 'mrr', 'subscriptions'] },
        ),
      };
    }
  }
}
