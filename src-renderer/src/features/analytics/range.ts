import type { Interval } from '@shared/analytics';

// The page's date range: presets the owner picks from, or two days of their own; and the range of
// the same length just before it, for the comparison.

export const PRESETS = [
  { value: '30d', label: 'Last 30 days', interval: 'day' },
  { value: '90d', label: 'Last 90 days', interval: 'week' },
  { value: '12m', label: 'Last 12 months', interval: 'month' },
  { value: '18m', label: 'Last 18 months', interval: 'month' },
  { value: 'ytd', label: 'This year', interval: 'month' },
  { value: 'custom', label: 'Custom', interval: 'month' },
] as const satisfies readonly { value: string; label: string; interval: Interval }[];
export type Preset = (typeof PRESETS)[number]['value'];

export interface DayRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
export const dayOfMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (day: string) => Date.parse(`${day}T00:00:00.000Z`);
export const addDays = (day: string, n: number) => dayOfMs(ms(day) + n * DAY_MS);

function monthsBack(today: string, months: number): string {
  const d = new Date(ms(today));
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - (months - 1));
  return dayOfMs(d.getTime());
}

/** The days a preset covers, ending today (UTC). */
export function rangeOfPreset(preset: Exclude<Preset, 'custom'>, today: string): DayRange {
  switch (preset) {
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case '12m':
      return { from: monthsBack(today, 12), to: today };
    case '18m':
      return { from: monthsBack(today, 18), to: today };
    case 'ytd':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}

/** The range of the same number of days that ends the day before `range` starts. */
export function previousRange(range: DayRange): DayRange {
  const days = Math.round((ms(range.to) - ms(range.from)) / DAY_MS);
  const to = addDays(range.from, -1);
  return { from: addDays(to, -days), to };
}

/** The interval that keeps a range readable: days up to ~3 months, weeks up to ~a year, months beyond. */
export function intervalFor(range: DayRange): Interval {
  const days = (ms(range.to) - ms(range.from)) / DAY_MS;
  return days <= 92 ? 'day' : days <= 370 ? 'week' : 'month';
}

/** The last day of a period that starts on `start`, not after `to`. */
export function periodEnd(start: string, interval: Interval, to: string): string {
  const d = new Date(ms(start));
  if (interval === 'day') return start;
  if (interval === 'week') d.setUTCDate(d.getUTCDate() + 6);
  else {
    d.setUTCMonth(d.getUTCMonth() + 1);
    d.setUTCDate(0);
  }
  const end = dayOfMs(d.getTime());
  return end > to ? to : end;
}

/** "Nov 2026", "Nov 30", by interval. */
export function periodLabel(start: string, interval: Interval): string {
  const d = new Date(ms(start));
  return interval === 'month'
    ? new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d)
    : new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
}

/** The Members page filtered to the members who stopped paying in [from, to] (drill-down). */
export function churnedMembersHref(from: string, to: string): string {
  return `#/members?${new URLSearchParams({ churnedFrom: from, churnedTo: to }).toString()}`;
}
