// Prices as the owner (and their customers) read them, in the owner's own locale.

const formats = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, decimals: 0 | 2, signed: boolean, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}|${decimals}|${signed}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: decimals,
      maximumFractionDigits: 2,
      ...(signed ? { signDisplay: 'exceptZero' as const } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

/** A price tag: "$29" for whole amounts, "$29.50" otherwise. */
export function formatPrice(amount: number, currency: string, locale?: string): string {
  return formatter(currency, Number.isInteger(amount) ? 0 : 2, false, locale).format(amount);
}

/** An amount of money in a report: always with cents, "+$120.00" when `signed`. */
export function formatMoney(amount: number, currency: string, options: { signed?: boolean; locale?: string } = {}): string {
  return formatter(currency, 2, options.signed ?? false, options.locale).format(amount);
}

/** "+12.5%", "−3%", or null when there is nothing to compare with. */
export function formatChange(delta: number, base: number, locale?: string): string | null {
  if (base === 0) return null;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(delta / base);
}

/** A limit as a count: "1,000". */
export function formatLimit(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(n);
}
