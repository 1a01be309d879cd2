import { describe, expect, it } from 'vitest';
import {
  arpuMinor,
  chainPeriods,
  classifyMovement,
  customerChurnRate,
  customerMovements,
  grossMrrChurnRate,
  monthlyMinor,
  mrrOf,
  netMrrChurnRate,
  periodStart,
  periodsBetween,
  stickiness,
  toUnits,
  type DayMovements,
  type HistoryEvent,
} from '../../src-shared/analytics';

const ev = (id: string, subscriptionId: string, occurredAt: string, status: string, amountMinor: number, interval = 'month'): HistoryEvent => ({
  id, subscriptionId, occurredAt, status, amountMinor, interval,
});

describe('MRR normalisation', () => {
  it('counts a monthly amount as it is, an annual one ÷ 12 rounded to the cent', () => {
    expect(monthlyMinor(2900, 'month')).toBe(2900);
    expect(monthlyMinor(29000, 'year')).toBe(2417);
    expect(monthlyMinor(1000, 'week')).toBe(4333);
  });
  it('counts only active and past_due subscriptions', () => {
    for (const status of ['trialing', 'canceled', 'paused', 'unpaid', 'incomplete', 'incomplete_expired']) expect(mrrOf(status, 2900, 'month')).toBe(0);
    expect(mrrOf('active', 2900, 'month')).toBe(2900);
    expect(mrrOf('past_due', 2900, 'month')).toBe(2900);
  });
});

describe('movement classification (ChartMogul)', () => {
  it('names each change of a customer’s MRR', () => {
    expect(classifyMovement(0, 2900, false)).toEqual({ kind: 'new', amountMinor: 2900 });
    expect(classifyMovement(0, 2900, true)).toEqual({ kind: 'reactivation', amountMinor: 2900 });
    expect(classifyMovement(2900, 7900, true)).toEqual({ kind: 'expansion', amountMinor: 5000 });
    expect(classifyMovement(7900, 2900, true)).toEqual({ kind: 'contraction', amountMinor: 5000 });
    expect(classifyMovement(7900, 0, true)).toEqual({ kind: 'churned', amountMinor: 7900 });
    expect(classifyMovement(2900, 2900, true)).toBeNull();
  });

  it('follows a customer through a trial, an upgrade, a failed payment, a cancel and a comeback', () => {
    const history = [
      ev('e1', 's1', '2026-01-01T00:00:00Z', 'trialing', 2900),
      ev('e2', 's1', '2026-01-15T00:00:00Z', 'active', 2900),
      ev('e3', 's1', '2026-02-10T00:00:00Z', 'active', 7900),
      ev('e4', 's1', '2026-03-01T00:00:00Z', 'past_due', 7900),
      ev('e5', 's1', '2026-03-05T00:00:00Z', 'canceled', 7900),
      ev('e6', 's2', '2026-06-01T00:00:00Z', 'active', 99000, 'year'),
    ];
    // Given out of order: the history is sorted by time.
    expect(customerMovements([...history].reverse()).map((m) => [m.eventId, m.kind, m.amountMinor])).toEqual([
      ['e2', 'new', 2900],
      ['e3', 'expansion', 5000],
      ['e5', 'churned', 7900],
      ['e6', 'reactivation', 8250],
    ]);
  });

  it('sees a customer with two subscriptions as one: a second one is expansion, ending one is contraction', () => {
    const moves = customerMovements([
      ev('a', 's1', '2026-01-01T00:00:00Z', 'active', 2900),
      ev('b', 's2', '2026-02-01T00:00:00Z', 'active', 1000),
      ev('c', 's1', '2026-03-01T00:00:00Z', 'canceled', 2900),
      ev('d', 's2', '2026-04-01T00:00:00Z', 'canceled', 1000),
    ]);
    expect(moves.map((m) => [m.kind, m.amountMinor])).toEqual([['new', 2900], ['expansion', 1000], ['contraction', 2900], ['churned', 1000]]);
  });
});

describe('periods', () => {
  it('starts weeks on Monday and months on the 1st', () => {
    expect(periodStart('2026-12-02', 'week')).toBe('2026-11-30');
    expect(periodStart('2026-11-30', 'week')).toBe('2026-11-30');
    expect(periodStart('2026-12-02', 'month')).toBe('2026-12-01');
    expect(periodsBetween('2026-01-15', '2026-04-01', 'month')).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
  });

  it('chains periods: each starts where the previous ended, and the identity holds', () => {
    const d = (day: string, o: Partial<DayMovements>): DayMovements => ({
      day, newMinor: 0, expansionMinor: 0, contractionMinor: 0, churnedMinor: 0, reactivationMinor: 0, newCustomers: 0, reactivatedCustomers: 0, churnedCustomers: 0, ...o,
    });
    const days = [
      d('2025-12-20', { newMinor: 5000, newCustomers: 2 }),
      d('2026-01-03', { newMinor: 2900, newCustomers: 1 }),
      d('2026-01-20', { churnedMinor: 2500, churnedCustomers: 1, expansionMinor: 100 }),
      d('2026-03-02', { reactivationMinor: 2500, reactivatedCustomers: 1, contractionMinor: 50 }),
    ];
    const periods = chainPeriods(days, '2026-01-10', '2026-03-31', 'month');
    expect(periods.map((p) => [p.period, p.startMrr, p.endMrr, p.startCustomers, p.endCustomers])).toEqual([
      ['2026-01-01', 5000, 5500, 2, 2],
      ['2026-02-01', 5500, 5500, 2, 2],
      ['2026-03-01', 5500, 7950, 2, 3],
    ]);
    for (const p of periods) expect(p.startMrr + p.new + p.expansion + p.reactivation - p.contraction - p.churned).toBe(p.endMrr);
  });
});

describe('rates', () => {
  const p = { startMrr: 10_000, churned: 500, contraction: 200, expansion: 300, reactivation: 100 };
  it('computes churn, ARPU and stickiness as defined in the README', () => {
    expect(customerChurnRate(5, 100)).toBe(0.05);
    expect(customerChurnRate(1, 0)).toBeNull();
    expect(grossMrrChurnRate(p)).toBe(0.07);
    expect(netMrrChurnRate(p)).toBe(0.03);
    expect(arpuMinor(10_000, 3)).toBe(3333);
    expect(stickiness(20, 100)).toBe(0.2);
    expect(toUnits(2900)).toBe(29);
    expect(toUnits(2417)).toBe(24.17);
  });
});
