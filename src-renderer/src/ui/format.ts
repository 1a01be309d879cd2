// Formatting for what the owner reads: one locale and one time style across the console. The
// wording is English, so numbers, money and dates are too: mixing "19 $" or "7. Dez." (the system's
// German locale) into English sentences reads wrong, and so would "13:13:55" next to "1:04 PM".
export const LOCALE = 'en-US';

const numberFormat = new Intl.NumberFormat(LOCALE);
const dateFormat = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', year: 'numeric' });
const relativeFormat = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto' });
// The one time style: "1:04 PM"; with seconds where they matter (a live stream): "1:04:05 PM".
const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });
const shortDateTimeSeconds = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', second: '2-digit' });

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** "2,000 members", "1 member". */
export function pluralise(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "Mar 5, 2026". */
export function formatDate(iso: string): string {
  const date = parse(iso);
  return date ? dateFormat.format(date) : '—';
}

/** "Mar 5, 2026, 1:04 PM". */
export function formatDateTime(iso: string | null | undefined): string {
  const date = parse(iso);
  return date ? dateTimeFormat.format(date) : '—';
}

/** "Mar 5, 1:04:05 PM": for a live stream, where seconds matter. */
export function formatDateTimeSeconds(iso: string | null | undefined): string {
  const date = parse(iso);
  return date ? shortDateTimeSeconds.format(date) : '—';
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** "$39.00"; `whole` drops ".00" on whole amounts ("$39"); `signed` gives "+$120.00". */
export function formatMoney(amount: number, currency: string, options: { whole?: boolean; signed?: boolean } = {}): string {
  const decimals = options.whole && Number.isInteger(amount) ? 0 : 2;
  const key = `${currency}|${decimals}|${options.signed ?? false}`;
  let format = moneyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(LOCALE, {
        style: 'currency',
        currency: currency.toUpperCase(),
        minimumFractionDigits: decimals,
        maximumFractionDigits: 2,
        ...(options.signed ? { signDisplay: 'exceptZero' as const } : {}),
      });
    } catch {
      // An unknown currency code: the amount and the code as they are.
      return `${amount.toFixed(decimals)} ${currency.toUpperCase()}`;
    }
    moneyFormats.set(key, format);
  }
  return format.format(amount);
}

/** "+12.5%". */
export function formatPercent(ratio: number, signed = false): string {
  return new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 1, ...(signed ? { signDisplay: 'exceptZero' as const } : {}) }).format(ratio);
}

/** A calendar day or an instant without the year when it is this year: "Dec 7", "Dec 7, 1:04 PM". */
export function formatShortDate(date: Date, options: { now: number; withTime: boolean; utc?: boolean }): string {
  const sameYear = (options.utc ? date.getUTCFullYear() : date.getFullYear()) === (options.utc ? new Date(options.now).getUTCFullYear() : new Date(options.now).getFullYear());
  return new Intl.DateTimeFormat(LOCALE, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
    ...(options.withTime ? { hour: 'numeric', minute: '2-digit' } : {}),
    ...(options.utc ? { timeZone: 'UTC' } : {}),
  }).format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "just now", "5 minutes ago", "yesterday", "3 days ago", "2 months ago". */
export function formatRelative(iso: string | null, now: number = Date.now()): string {
  if (!iso) return 'Never';
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '—';
  const seconds = Math.round((then - now) / 1000);
  if (Math.abs(seconds) < 60) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}
