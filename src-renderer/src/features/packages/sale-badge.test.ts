import { describe, expect, it } from 'vitest';
import { aPackage } from './fixtures.test-util';
import { formatChange, formatMoney, formatPrice } from './money';
import { saleBadge } from './sale-badge';

const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const sale = { salePrice: 19, saleStartsAt: '2026-11-25T00:00:00.000Z', saleEndsAt: '2026-12-01T00:00:00.000Z' };

describe('sale badges follow the server’s saleState, in the console’s one locale', () => {
  it('upcoming: when it starts', () => {
    expect(saleBadge(aPackage({ ...sale, saleState: 'upcoming' }), NOW)?.text).toBe('Sale starts Nov 25');
  });

  it('active: through its last day (the stored end is exclusive)', () => {
    const badge = saleBadge(aPackage({ ...sale, saleState: 'active' }), NOW);
    expect(badge).toMatchObject({ text: 'Sale through Nov 30', title: '$19 instead of $29' });
    expect(saleBadge(aPackage({ salePrice: 19, saleState: 'active' }), NOW)?.text).toBe('On sale');
  });

  it('ended, none, and a date in another year', () => {
    expect(saleBadge(aPackage({ ...sale, saleState: 'ended' }), NOW)?.text).toBe('Sale ended');
    expect(saleBadge(aPackage(), NOW)).toBeNull();
    expect(saleBadge(aPackage({ ...sale, saleStartsAt: '2027-01-04T00:00:00.000Z', saleState: 'upcoming' }), NOW)?.text).toBe('Sale starts Jan 4, 2027');
  });
});

describe('money as the owner reads it', () => {
  it('price tags drop .00, reports keep cents and a sign', () => {
    expect(formatPrice(29, 'USD')).toBe('$29');
    expect(formatPrice(29.5, 'USD')).toBe('$29.50');
    expect(formatMoney(1234.5, 'USD')).toBe('$1,234.50');
    expect(formatMoney(120, 'USD', { signed: true })).toBe('+$120.00');
    expect(formatMoney(-40, 'USD', { signed: true })).toBe('-$40.00');
    expect(formatChange(25, 200)).toBe('+12.5%');
    expect(formatChange(5, 0)).toBeNull();
  });
});

describe('one locale across the console', () => {
  it('a German system locale does not turn Packages into "19 $" and "7. Dez."', () => {
    // A formatter built without a locale takes the system's: make that German.
    const RealNumber = Intl.NumberFormat;
    const RealDate = Intl.DateTimeFormat;
    const german = (locale: unknown) => (locale === undefined ? 'de-DE' : (locale as string));
    Intl.NumberFormat = function (locale?: string, options?: Intl.NumberFormatOptions) {
      return new RealNumber(german(locale), options);
    } as unknown as typeof Intl.NumberFormat;
    Intl.DateTimeFormat = function (locale?: string, options?: Intl.DateTimeFormatOptions) {
      return new RealDate(german(locale), options);
    } as unknown as typeof Intl.DateTimeFormat;
    try {
      expect(formatPrice(19, 'EUR')).toBe('€19');
      expect(saleBadge(aPackage({ ...sale, saleStartsAt: '2026-12-07T00:00:00.000Z', saleState: 'upcoming' }), NOW)?.text).toBe('Sale starts Dec 7');
    } finally {
      Intl.NumberFormat = RealNumber;
      Intl.DateTimeFormat = RealDate;
    }
  });
});
