import { describe, expect, it } from 'vitest';
import { aPackage } from './fixtures.test-util';
import { formatChange, formatMoney, formatPrice } from './money';
import { saleBadge } from './sale-badge';

const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const sale = { salePrice: 19, saleStartsAt: '2026-11-25T00:00:00.000Z', saleEndsAt: '2026-12-01T00:00:00.000Z' };

describe('sale badges follow the server’s saleState, with dates in the owner’s locale', () => {
  it('upcoming: when it starts', () => {
    expect(saleBadge(aPackage({ ...sale, saleState: 'upcoming' }), NOW, 'en-US')?.text).toBe('Sale starts Nov 25');
    expect(saleBadge(aPackage({ ...sale, saleState: 'upcoming' }), NOW, 'de-DE')?.text).toBe('Sale starts 25. Nov.');
  });

  it('active: through its last day (the stored end is exclusive)', () => {
    const badge = saleBadge(aPackage({ ...sale, saleState: 'active' }), NOW, 'en-US');
    expect(badge).toMatchObject({ text: 'Sale through Nov 30', title: '$19 instead of $29' });
    expect(saleBadge(aPackage({ salePrice: 19, saleState: 'active' }), NOW, 'en-US')?.text).toBe('On sale');
  });

  it('ended, none, and a date in another year', () => {
    expect(saleBadge(aPackage({ ...sale, saleState: 'ended' }), NOW, 'en-US')?.text).toBe('Sale ended');
    expect(saleBadge(aPackage(), NOW, 'en-US')).toBeNull();
    expect(saleBadge(aPackage({ ...sale, saleStartsAt: '2027-01-04T00:00:00.000Z', saleState: 'upcoming' }), NOW, 'en-US')?.text).toBe('Sale starts Jan 4, 2027');
  });
});

describe('money as the owner reads it', () => {
  it('price tags drop .00, reports keep cents and a sign', () => {
    expect(formatPrice(29, 'USD', 'en-US')).toBe('$29');
    expect(formatPrice(29.5, 'USD', 'en-US')).toBe('$29.50');
    expect(formatMoney(1234.5, 'USD', { locale: 'en-US' })).toBe('$1,234.50');
    expect(formatMoney(120, 'USD', { signed: true, locale: 'en-US' })).toBe('+$120.00');
    expect(formatMoney(-40, 'USD', { signed: true, locale: 'en-US' })).toBe('-$40.00');
    expect(formatChange(25, 200, 'en-US')).toBe('+12.5%');
    expect(formatChange(5, 0, 'en-US')).toBeNull();
  });
});
