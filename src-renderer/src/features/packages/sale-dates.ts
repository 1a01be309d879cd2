import { firstSaleDay, lastSaleDay } from '@shared/packages';
import { formatShortDate } from '../../ui/format';

// Sale boundaries as the owner reads them. A boundary at 00:00 UTC stands for a calendar day (the
// editor's date-only sale dates), so it is shown as that day whatever the owner's time zone; any
// other instant is shown in the owner's time zone, with its time. The locale is the console's one.

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function format(value: string, now: number): string {
  if (DATE_ONLY.test(value)) return formatShortDate(new Date(`${value}T00:00:00.000Z`), { now, withTime: false, utc: true });
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : formatShortDate(date, { now, withTime: true });
}

/** "Nov 25": the first day of a sale (or its first instant). */
export function formatSaleStart(saleStartsAt: string, now = Date.now()): string {
  return format(firstSaleDay(saleStartsAt)!, now);
}

/** "Nov 30": the last day a sale includes (its stored end is exclusive). */
export function formatSaleLastDay(saleEndsAt: string, now = Date.now()): string {
  return format(lastSaleDay(saleEndsAt)!, now);
}
