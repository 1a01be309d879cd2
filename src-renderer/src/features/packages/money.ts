import { formatCount, formatMoney as formatAmount, formatPercent } from '../../ui/format';

// Prices as the owner reads them, in the console's one locale (ui/format.ts): an English page
// with "19 $" in it because the system is German reads wrong.

/** A price tag: "$29" for whole amounts, "$29.50" otherwise. */
export function formatPrice(amount: number, currency: string): string {
  return formatAmount(amount, currency, { whole: true });
}

/** An amount of money in a report: always with cents, "+$120.00" when `signed`. */
export function formatMoney(amount: number, currency: string, options: { signed?: boolean } = {}): string {
  return formatAmount(amount, currency, options);
}

/** "+12.5%", "−3%", or null when there is nothing to compare with. */
export function formatChange(delta: number, base: number): string | null {
  if (base === 0) return null;
  return formatPercent(delta / base, true);
}

/** A limit as a count: "1,000". */
export function formatLimit(n: number): string {
  return formatCount(n);
}
