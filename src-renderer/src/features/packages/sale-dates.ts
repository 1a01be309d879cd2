import { firstSaleDay, lastSaleDay } from '../../../../src-shared/packages';

// Sale boundaries as the owner reads them. A boundary at 00:00 UTC stands for a calendar day (the
// editor's date-only sale dates), so it is shown as that day whatever the owner's time zone; any
// other instant is shown in the owner's time zone, with its time.

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function formatDay(day: string, now: number, locale: string | undefined): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  const sameYear = date.getUTCFullYear() === new Date(now).getUTCFullYear();
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }), timeZone: 'UTC' }).format(date);
}

function formatInstant(iso: string, now: number, locale: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  }).format(date);
}

function format(value: string, now: number, locale: string | undefined): string {
  return DATE_ONLY.test(value) ? formatDay(value, now, locale) : formatInstant(value, now, locale);
}

/** "Nov 25": the first day of a sale (or its first instant). */
export function formatSaleStart(saleStartsAt: string, now = Date.now(), locale?: string): string {
  return format(firstSaleDay(saleStartsAt)!, now, locale);
}

/** "Nov 30": the last day a sale includes (its stored end is exclusive). */
export function formatSaleLastDay(saleEndsAt: string, now = Date.now(), locale?: string): string {
  return format(lastSaleDay(saleEndsAt)!, now, locale);
}
