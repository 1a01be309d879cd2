import { describe, expect, it } from 'vitest';
import { effectivePriceMinor, saleState } from '../../src-shared/sale-window';

const sale = { salePriceMinor: 1900, saleStartsAt: '2024-11-25T00:00:00.000Z', saleEndsAt: '2024-12-01T00:00:00.000Z' };

describe('sale window', () => {
  it('is upcoming until the first millisecond of the start', () => {
    expect(saleState(sale, '2024-11-24T23:59:59.999Z')).toBe('upcoming');
    expect(saleState(sale, '2024-11-25T00:00:00.000Z')).toBe('active');
  });

  it('ends exactly at saleEndsAt', () => {
    expect(saleState(sale, '2024-11-30T23:59:59.999Z')).toBe('active');
    expect(saleState(sale, '2024-12-01T00:00:00.000Z')).toBe('ended');
  });

  it('open-ended windows and no sale price', () => {
    expect(saleState({ ...sale, saleStartsAt: null }, '2000-01-01T00:00:00Z')).toBe('active');
    expect(saleState({ ...sale, saleEndsAt: null }, '2099-01-01T00:00:00Z')).toBe('active');
    expect(saleState({ ...sale, salePriceMinor: null }, '2024-11-26T00:00:00Z')).toBe('none');
  });

  it('charges the sale price only while the sale is active', () => {
    expect(effectivePriceMinor(2900, sale, '2024-11-26T00:00:00Z')).toBe(1900);
    expect(effectivePriceMinor(2900, sale, '2024-12-02T00:00:00Z')).toBe(2900);
  });
});
