import { z } from 'zod';
import { MOVEMENT_KINDS } from '@shared/analytics';
import { tenantAdminProcedure, router } from '../../api/trpc';

// analytics.* : the owner's figures (README, "Analytics: what the figures mean"). Tenant ADMINs
// only, always for their own tenant (ctx.tenant), read from the read models on the read pool.

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isRealDay = (v: string) => DAY.test(v) && new Date(`${v}T00:00:00.000Z`).toISOString().slice(0, 10) === v;
const day = z
  .string()
  .refine(isRealDay, 'must be a date like 2026-03-01')
  .refine((v) => !isRealDay(v) || (v >= '2000-01-01' && v <= '2100-12-31'), 'must be between 2000-01-01 and 2100-12-31');
const INTERVALS = ['day', 'week', 'month'] as const;
/** At most this many periods in one answer (10 years of months, 2 years of days). */
const MAX_PERIODS: Record<(typeof INTERVALS)[number], number> = { day: 800, week: 600, month: 240 };
const spanDays = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

const orderedRange = <T extends { from?: string; to?: string }>(v: T, ctx: z.RefinementCtx) => {
  if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
};

export const overviewInput = z.strictObject({ from: day.optional(), to: day.optional() }).superRefine(orderedRange).optional();
/** One answer stays small: a range of at most MAX_PERIODS periods of its interval. */
const periodCap = (v: { from: string; to: string; interval: (typeof INTERVALS)[number] }, ctx: z.RefinementCtx) => {
  const per = v.interval === 'day' ? 1 : v.interval === 'week' ? 7 : 30.44;
  if (v.from <= v.to && spanDays(v.from, v.to) / per > MAX_PERIODS[v.interval]) {
    ctx.addIssue({ code: 'custom', path: ['interval'], message: `gives more than ${MAX_PERIODS[v.interval]} periods for this range; choose a longer interval or a shorter range` });
  }
};
/** Day-by-day figures (engagement) cover at most 800 days; cohorts at most 10 years of months. */
const MAX_DAYS = { daily: 800, cohorts: 3_660 } as const;
const spanCap = (max: number, words: string) => (v: { from: string; to: string }, ctx: z.RefinementCtx) => {
  if (v.from <= v.to && spanDays(v.from, v.to) > max) ctx.addIssue({ code: 'custom', path: ['from'], message: `must be at most ${words} before to` });
};
export const movementsInput = z.strictObject({ from: day, to: day, interval: z.enum(INTERVALS) }).superRefine(orderedRange).superRefine(periodCap);
export const rangeInput = z.strictObject({ from: day, to: day }).superRefine(orderedRange).superRefine(spanCap(MAX_DAYS.daily, '800 days'));
export const cohortsInput = z
  .strictObject({ by: z.enum(['join', 'payment']), from: day, to: day })
  .superRefine(orderedRange)
  .superRefine(spanCap(MAX_DAYS.cohorts, '10 years'));
export const movementMembersInput = z
  .strictObject({ kind: z.enum(MOVEMENT_KINDS), from: day, to: day, limit: z.number().int('must be a whole number').min(1).max(1000).default(200) })
  .superRefine(orderedRange);
export const CSV_CHARTS = ['movements', 'growth', 'cohorts', 'engagement', 'revenue'] as const;
export const exportInput = z
  .strictObject({ chart: z.enum(CSV_CHARTS), from: day, to: day, interval: z.enum(INTERVALS).default('month'), by: z.enum(['join', 'payment']).default('payment') })
  .superRefine(orderedRange)
  // The same limits as the chart it exports.
  .superRefine((v, ctx) => {
    if (v.chart === 'movements' || v.chart === 'growth') periodCap(v, ctx);
    else if (v.chart === 'cohorts') spanCap(MAX_DAYS.cohorts, '10 years')(v, ctx);
    else if (v.chart === 'engagement') spanCap(MAX_DAYS.daily, '800 days')(v, ctx);
  });

export const analyticsRouter = router({
  /** `{mrr, arr, activeSubscribers, arpu, mrrMonthAgo, mrrChange, members: {total, free, paid}, period, previousPeriod}`; money in currency units. */
  overview: tenantAdminProcedure.input(overviewInput).query(({ ctx, input }) => ctx.services.analytics.overview(ctx.tenant.id, input ?? {})),
  /** `{periods: [{period, startMrr, new, expansion, contraction, churned, reactivation, endMrr, …}]}`: each period starts where the previous ended. */
  mrrMovements: tenantAdminProcedure.input(movementsInput).query(({ ctx, input }) => ctx.services.analytics.mrrMovements(ctx.tenant.id, input)),
  growth: tenantAdminProcedure.input(movementsInput).query(({ ctx, input }) => ctx.services.analytics.growth(ctx.tenant.id, input)),
  cohorts: tenantAdminProcedure.input(cohortsInput).query(({ ctx, input }) => ctx.services.analytics.cohorts(ctx.tenant.id, input)),
  engagement: tenantAdminProcedure.input(rangeInput).query(({ ctx, input }) => ctx.services.analytics.engagement(ctx.tenant.id, input)),
  revenue: tenantAdminProcedure.query(({ ctx }) => ctx.services.analytics.revenue(ctx.tenant.id)),
  campaigns: tenantAdminProcedure.input(rangeInput).query(({ ctx, input }) => ctx.services.analytics.campaigns(ctx.tenant.id, input)),
  /** Drill-down: the members behind one movement bar. */
  movementMembers: tenantAdminProcedure.input(movementMembersInput).query(({ ctx, input }) => ctx.services.analytics.movementMembers(ctx.tenant.id, input)),
  /** One chart's data as CSV: `{fileName, content}`. */
  exportCsv: tenantAdminProcedure.input(exportInput).query(({ ctx, input }) => ctx.services.analytics.exportCsv(ctx.tenant.id, input)),
  /** Whether the read models have been built (false while the first catch-up pass runs). */
  status: tenantAdminProcedure.query(({ ctx }) => ctx.services.analytics.status(ctx.tenant.id)),
});
