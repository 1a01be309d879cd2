// Money is integer minor units inside the app; the seed's API shapes (price: 29.00) are made at the edge.

const MINOR_UNITS_PER_MAJOR = 100;

/** 29.5 -> 2950. Rejects values with more than two decimals instead of silently rounding. */
export function toMinorUnits(major: number): number {
  const minor = Math.round(major * MINOR_UNITS_PER_MAJOR);
  if (!Number.isFinite(major) || Math.abs(minor - major * MINOR_UNITS_PER_MAJOR) > 1e-6) {
    throw new RangeError(`${major} is not an amount with at most two decimals`);
  }
  return minor;
}

export function fromMinorUnits(minor: number): number {
  return minor / MINOR_UNITS_PER_MAJOR;
}

export function hasAtMostTwoDecimals(major: number): boolean {
  return Number.isFinite(major) && Math.abs(Math.round(major * 100) - major * 100) < 1e-6;
}

export function formatMoney(minor: number, currency = 'USD', locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
    fromMinorUnits(minor),
  );
}
