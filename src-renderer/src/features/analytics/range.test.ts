import { describe, expect, it } from 'vitest';
import { churnedMembersHref, intervalFor, periodEnd, periodLabel, previousRange, rangeOfPreset } from './range';

describe('the Analytics page’s date range', () => {
  it('gives each preset its days, ending today', () => {
    expect(rangeOfPreset('30d', '2026-12-02')).toEqual({ from: '2026-11-03', to: '2026-12-02' });
    expect(rangeOfPreset('12m', '2026-12-02')).toEqual({ from: '2026-01-01', to: '2026-12-02' });
    expect(rangeOfPreset('18m', '2026-12-02')).toEqual({ from: '2025-07-01', to: '2026-12-02' });
    expect(rangeOfPreset('ytd', '2026-12-02')).toEqual({ from: '2026-01-01', to: '2026-12-02' });
  });

  it('compares with the range of the same length just before', () => {
    expect(previousRange({ from: '2026-11-03', to: '2026-12-02' })).toEqual({ from: '2026-10-04', to: '2026-11-02' });
  });

  it('ends a period at its last day, not after the range', () => {
    expect(periodEnd('2026-11-01', 'month', '2026-12-02')).toBe('2026-11-30');
    expect(periodEnd('2026-12-01', 'month', '2026-12-02')).toBe('2026-12-02');
    expect(periodEnd('2026-11-23', 'week', '2026-12-31')).toBe('2026-11-29');
    expect(intervalFor({ from: '2026-01-01', to: '2026-12-31' })).toBe('week');
    expect(periodLabel('2026-11-01', 'month')).toBe('Nov 2026');
  });

  it('links a churn bar to the Members page filtered to those days', () => {
    expect(churnedMembersHref('2026-11-01', '2026-11-30')).toBe('#/members?churnedFrom=2026-11-01&churnedTo=2026-11-30');
  });
});
