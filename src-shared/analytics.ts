import type { SubscriptionStatus } from './domain';

// What the analytics figures mean, in one place (README: "Analytics: what the figures mean").
// Pure functions only: the main process's read models and full recomputation, the bench and the
// renderer all classify and add up with these, so the figures cannot drift apart.
// Money is integer minor units (cents) inside; currency units (29.00) only at the edge (toUnits).

/** Statuses whose subscriptions count in MRR; trialing, canceled, paused, unpaid, incomplete and expired do not. */
export const MRR_STATUSES: readonly SubscriptionStatus[] = ['active', 'past_due'];

/**
 * One subscription's monthly recurring revenue in minor units: a monthly amount as it is, an annual
 * one ÷ 12, a weekly one × 52 ÷ 12, a daily one × 365 ÷ 12, each rounded to the cent (per
 * subscription, so MRR is a sum of whole cents and the movement identity holds exactly).
 */
export function monthlyMinor(amountMinor: number, interval: string): number {
  switch (interval) {
    case 'year':
      return Math.round(amountMinor / 12);
    case 'week':
      return Math.round((amountMinor * 52) / 12);
    case 'day':
      return Math.round((amountMinor * 365) / 12);
    default:
      return amountMinor;
  }
}

/** What a subscription adds to MRR in a given status (0 unless active or past due). */
export function mrrOf(status: SubscriptionStatus | string, amountMinor: number, interval: string): number {
  return (MRR_STATUSES as readonly string[]).includes(status) ? monthlyMinor(amountMinor, interval) : 0;
}

export const MOVEMENT_KINDS = ['new', 'expansion', 'contraction', 'churned', 'reactivation'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/**
 * ChartMogul's classification of one change of a customer's MRR (customer = member; all their
 * subscriptions together): from 0 to more is `new` the first time and `reactivation` after they had
 * paid before; from more to 0 is `churned` (by what they paid); up is `expansion`, down (not to 0)
 * `contraction`. Amounts are positive; null when nothing moved.
 */
export function classifyMovement(beforeMinor: number, afterMinor: number, paidBefore: boolean): { kind: MovementKind; amountMinor: number } | null {
  if (afterMinor === beforeMinor) return null;
  if (beforeMinor === 0) return { kind: paidBefore ? 'reactivation' : 'new', amountMinor: afterMinor };
  if (afterMinor === 0) return { kind: 'churned', amountMinor: beforeMinor };
  return afterMinor > beforeMinor ? { kind: 'expansion', amountMinor: afterMinor - beforeMinor } : { kind: 'contraction', amountMinor: beforeMinor - afterMinor };
}

/** Signed effect of a movement on MRR. */
export const signedMinor = (kind: MovementKind, amountMinor: number): number => (kind === 'churned' || kind === 'contraction' ? -amountMinor : amountMinor);

/** One recorded change of a subscription (a subscription_events row with its subscription's interval). */
export interface HistoryEvent {
  id: string;
  subscriptionId: string;
  occurredAt: string;
  status: SubscriptionStatus | string;
  amountMinor: number;
  interval: string;
}

export interface Movement {
  /** The subscription event that caused it. */
  eventId: string;
  subscriptionId: string;
  occurredAt: string;
  kind: MovementKind;
  amountMinor: number;
}

/** History order: by time, then by id (ids of one kind sort by creation). Compares code units, like SQL's `COLLATE "C"`/BINARY. */
export const byHistoryOrder = (a: HistoryEvent, b: HistoryEvent): number =>
  a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The movements of ONE customer from their whole subscription history: each event sets its
 * subscription's MRR; the change of the customer's total is classified. A pure function of the
 * history, so the incremental read model and the full recomputation give the same rows.
 */
export function customerMovements(events: readonly HistoryEvent[]): Movement[] {
  const sorted = [...events].sort(byHistoryOrder);
  const bySubscription = new Map<string, number>();
  let total = 0;
  let paidBefore = false;
  const out: Movement[] = [];
  for (const e of sorted) {
    const after = mrrOf(e.status, e.amountMinor, e.interval);
    const before = bySubscription.get(e.subscriptionId) ?? 0;
    bySubscription.set(e.subscriptionId, after);
    const next = total - before + after;
    const m = classifyMovement(total, next, paidBefore);
    if (m) out.push({ eventId: e.id, subscriptionId: e.subscriptionId, occurredAt: e.occurredAt, ...m });
    total = next;
    if (total > 0) paidBefore = true;
  }
  return out;
}

// ---- periods ----

export type Interval = 'day' | 'week' | 'month';

/** 'YYYY-MM-DD' (UTC) of an ISO time. */
export const dayOf = (isoTime: string): string => isoTime.slice(0, 10);

/** The first day of the period holding `day` (weeks start on Monday, ISO). */
export function periodStart(day: string, interval: Interval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00.000Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** The first day of the next period. */
export function nextPeriod(start: string, interval: Interval): string {
  const d = new Date(`${start}T00:00:00.000Z`);
  if (interval === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/** The starts of every period overlapping [from, to] (days, inclusive). */
export function periodsBetween(from: string, to: string, interval: Interval): string[] {
  const out: string[] = [];
  for (let p = periodStart(from, interval); p <= to; p = nextPeriod(p, interval)) out.push(p);
  return out;
}

/** A day's movements, summed (minor units and customer counts). */
export interface DayMovements {
  day: string;
  newMinor: number;
  expansionMinor: number;
  contractionMinor: number;
  churnedMinor: number;
  reactivationMinor: number;
  newCustomers: number;
  reactivatedCustomers: number;
  churnedCustomers: number;
}

export const netMinor = (d: Pick<DayMovements, 'newMinor' | 'expansionMinor' | 'contractionMinor' | 'churnedMinor' | 'reactivationMinor'>): number =>
  d.newMinor + d.expansionMinor + d.reactivationMinor - d.contractionMinor - d.churnedMinor;

export interface PeriodMovementsMinor {
  period: string;
  startMrr: number;
  new: number;
  expansion: number;
  contraction: number;
  churned: number;
  reactivation: number;
  endMrr: number;
  startCustomers: number;
  newCustomers: number;
  reactivatedCustomers: number;
  churnedCustomers: number;
  endCustomers: number;
}

/**
 * Periods from `from` to `to` (whole periods: the first starts at the period holding `from`),
 * each starting where the previous one ended: start + new + expansion + reactivation −
 * contraction − churned = end. `days` may hold any days (sorted or not); those before the first
 * period make its start.
 */
export function chainPeriods(days: readonly DayMovements[], from: string, to: string, interval: Interval): PeriodMovementsMinor[] {
  const starts = periodsBetween(from, to, interval);
  if (starts.length === 0) return [];
  const first = starts[0]!;
  let mrr = 0;
  let customers = 0;
  const byPeriod = new Map<string, DayMovements[]>();
  for (const d of days) {
    if (d.day < first) {
      mrr += netMinor(d);
      customers += d.newCustomers + d.reactivatedCustomers - d.churnedCustomers;
    } else if (d.day <= to || periodStart(d.day, interval) === periodStart(to, interval)) {
      const p = periodStart(d.day, interval);
      const list = byPeriod.get(p) ?? [];
      list.push(d);
      byPeriod.set(p, list);
    }
  }
  return starts.map((period) => {
    const row: PeriodMovementsMinor = {
      period, startMrr: mrr, new: 0, expansion: 0, contraction: 0, churned: 0, reactivation: 0, endMrr: 0,
      startCustomers: customers, newCustomers: 0, reactivatedCustomers: 0, churnedCustomers: 0, endCustomers: 0,
    };
    for (const d of byPeriod.get(period) ?? []) {
      row.new += d.newMinor;
      row.expansion += d.expansionMinor;
      row.contraction += d.contractionMinor;
      row.churned += d.churnedMinor;
      row.reactivation += d.reactivationMinor;
      row.newCustomers += d.newCustomers;
      row.reactivatedCustomers += d.reactivatedCustomers;
      row.churnedCustomers += d.churnedCustomers;
    }
    mrr = row.startMrr + row.new + row.expansion + row.reactivation - row.contraction - row.churned;
    customers = row.startCustomers + row.newCustomers + row.reactivatedCustomers - row.churnedCustomers;
    row.endMrr = mrr;
    row.endCustomers = customers;
    return row;
  });
}

// ---- rates ----

/** A share as a fraction (0.05 = 5%), null when there is nothing to divide by. */
const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Customer churn rate: customers who stopped paying in the period ÷ paying customers at its start. */
export const customerChurnRate = (churnedCustomers: number, startCustomers: number) => ratio(churnedCustomers, startCustomers);
/** Gross MRR churn: (churned + contraction) ÷ MRR at the start. */
export const grossMrrChurnRate = (p: Pick<PeriodMovementsMinor, 'churned' | 'contraction' | 'startMrr'>) => ratio(p.churned + p.contraction, p.startMrr);
/** Net MRR churn (ChartMogul): (churned + contraction − expansion − reactivation) ÷ MRR at the start; negative is net growth from existing customers. */
export const netMrrChurnRate = (p: Pick<PeriodMovementsMinor, 'churned' | 'contraction' | 'expansion' | 'reactivation' | 'startMrr'>) =>
  ratio(p.churned + p.contraction - p.expansion - p.reactivation, p.startMrr);
/** ARPU: MRR ÷ paying customers (minor units), null without customers. */
export const arpuMinor = (mrrMinor: number, customers: number): number | null => (customers > 0 ? Math.round(mrrMinor / customers) : null);
/**
 * A rate over a range of any length as an average month: what was lost ÷ the average of the
 * start and end figures ÷ the range's length in months (30.44 days). For one calendar month this
 * is close to the per-month rate; for a year it is the typical month, not the year's total.
 */
export function monthlyRate(lost: number, start: number, end: number, days: number): number | null {
  const average = (start + end) / 2;
  if (average <= 0 || days <= 0) return null;
  return lost / average / (days / 30.44);
}

/** A conversion (trial → paid, free → paid): those who converted ÷ those who could. */
export const conversionRate = (converted: number, eligible: number) => ratio(converted, eligible);
/** Stickiness: average daily active members ÷ monthly active members. */
export const stickiness = (dau: number, mau: number) => ratio(dau, mau);

/** Minor units to currency units with two decimals (2900 → 29). */
export const toUnits = (minor: number): number => Math.round(minor) / 100;

/** Cohort retention: the share of the cohort's size (or MRR) left at month k; null before the cohort can have reached it. */
export const retention = (left: number, size: number) => ratio(left, size);
