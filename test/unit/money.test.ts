import { describe, expect, it } from 'vitest';
import { fromMinorUnits, hasAtMostTwoDecimals, toMinorUnits } from '../../src-shared/money';

describe('money', () => {
  it('converts the seed\'s prices to minor units and back without float drift', () => {
    expect(toMinorUnits(29)).toBe(2900);
    expect(toMinorUnits(19.99)).toBe(1999);
    expect(toMinorUnits(0.07)).toBe(7);
    expect(fromMinorUnits(2900)).toBe(29);
  });

  it('refuses amounts with more than two decimals instead of rounding them', () => {
    expect(() => toMinorUnits(19.999)).toThrow(/two decimals/);
    expect(hasAtMostTwoDecimals(19.999)).toBe(false);
    expect(hasAtMostTwoDecimals(1.1)).toBe(true);
  });
});
