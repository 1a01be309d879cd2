import { describe, expect, it } from 'vitest';
import {
  packageConfigSchema,
  saleBoundaryToIso,
  upsertPackageInput,
  whatIfInput,
  type PackageConfigInput,
} from '../../src-shared/schemas/packages';

const valid: PackageConfigInput = {
  name: 'Starter',
  description: 'For small communities',
  price: 29,
  interval: 'month',
  currency: 'USD',
  maxUsers: 1,
  maxAiPosts: 50,
  maxSocialAccounts: 2,
  maxCampaigns: 3,
  displayFeatures: ['50 AI posts', 'Email support'],
  salePrice: null,
  saleStartsAt: null,
  saleEndsAt: null,
  variantId: null,
  isActive: true,
  isPopular: false,
};

/** The "field: reason" lines a client would see, in order. */
function problems(input: unknown, schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } } = packageConfigSchema) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('package validation', () => {
  it('accepts the seed\'s example package', () => {
    expect(problems(valid)).toEqual([]);
    expect(problems({ ...valid, price: 29.0, salePrice: 19.0, saleStartsAt: '2024-11-25', saleEndsAt: '2024-11-30' })).toEqual([]);
  });

  it('prices: non-negative, at most two decimals, numbers', () => {
    expect(problems({ ...valid, price: -1 })).toEqual(['price: must not be negative']);
    expect(problems({ ...valid, price: 19.999 })).toEqual(['price: must have at most two decimals']);
    expect(problems({ ...valid, price: '29.00' })).toEqual(['price: must be a number']);
    expect(problems({ ...valid, price: 1_000_000 })).toEqual(['price: must be at most 999999.99']);
    expect(problems({ ...valid, price: 0 })).toEqual([]);
    expect(problems({ ...valid, price: 0.1 + 0.2 })).toEqual([]); // 0.30000000000000004 is 30 cents
    expect(problems({ ...valid, salePrice: -5 })).toContain('salePrice: must not be negative');
    expect(problems({ ...valid, salePrice: 9.995 })).toContain('salePrice: must have at most two decimals');
  });

  it('salePrice strictly below price', () => {
    expect(problems({ ...valid, salePrice: 29 })).toEqual(['salePrice: must be below price']);
    expect(problems({ ...valid, salePrice: 30 })).toEqual(['salePrice: must be below price']);
    expect(problems({ ...valid, salePrice: 28.99 })).toEqual([]);
    expect(problems({ ...valid, price: 0, salePrice: 0 })).toEqual(['salePrice: must be below price']);
  });

  it('interval and currency from the known sets', () => {
    expect(problems({ ...valid, interval: 'week' })).toEqual(['interval: must be one of month, year']);
    expect(problems({ ...valid, interval: 'year' })).toEqual([]);
    expect(problems({ ...valid, currency: 'EUR' })).toEqual(['currency: must be one of USD']);
    expect(problems({ ...valid, currency: 'usd' })).toEqual(['currency: must be one of USD']);
  });

  it('limits are non-negative whole numbers', () => {
    expect(problems({ ...valid, maxUsers: -1 })).toEqual(['maxUsers: must not be negative']);
    expect(problems({ ...valid, maxAiPosts: 2.5 })).toEqual(['maxAiPosts: must be a whole number']);
    expect(problems({ ...valid, maxSocialAccounts: '3' })).toEqual(['maxSocialAccounts: must be a number']);
    expect(problems({ ...valid, maxCampaigns: 0 })).toEqual([]);
  });

  it('name: required, trimmed, at most 80 characters', () => {
    expect(problems({ ...valid, name: '   ' })).toEqual(['name: is required']);
    expect(problems({ ...valid, name: undefined })).toEqual(['name: is required']);
    expect(problems({ ...valid, name: 'x'.repeat(81) })).toEqual(['name: must be at most 80 characters']);
    expect(packageConfigSchema.parse({ ...valid, name: '  Pro  ' }).name).toBe('Pro');
    expect(packageConfigSchema.parse({ ...valid, name: ` ${'x'.repeat(80)} ` }).name).toHaveLength(80);
  });

  it('displayFeatures: up to 20 non-empty strings', () => {
    expect(problems({ ...valid, displayFeatures: ['ok', ' '] })).toEqual(['displayFeatures.1: must not be empty']);
    expect(problems({ ...valid, displayFeatures: Array.from({ length: 21 }, (_, i) => `f${i}`) })).toEqual(['displayFeatures: must have at most 20 items']);
    expect(problems({ ...valid, displayFeatures: Array.from({ length: 20 }, (_, i) => `f${i}`) })).toEqual([]);
    expect(problems({ ...valid, displayFeatures: 'one' })).toEqual(['displayFeatures: must be a list of strings']);
    expect(problems({ ...valid, displayFeatures: [3] })).toEqual(['displayFeatures.0: must be text']);
  });

  it('a sale date needs a salePrice; salePrice alone is an always-on sale', () => {
    expect(problems({ ...valid, saleStartsAt: '2024-11-25' })).toEqual(['salePrice: is required when a sale date is set']);
    expect(problems({ ...valid, saleEndsAt: '2024-11-30' })).toEqual(['salePrice: is required when a sale date is set']);
    expect(problems({ ...valid, salePrice: 19 })).toEqual([]);
    expect(problems({ ...valid, salePrice: 19, saleStartsAt: '2024-11-25' })).toEqual([]);
    expect(problems({ ...valid, salePrice: 19, saleEndsAt: '2024-11-30' })).toEqual([]);
  });

  it('saleEndsAt must come after saleStartsAt', () => {
    const sale = { ...valid, salePrice: 19 };
    expect(problems({ ...sale, saleStartsAt: '2024-11-26', saleEndsAt: '2024-11-25' })).toEqual(['saleEndsAt: the sale must end after it starts']);
    // A one-day sale: both dates the same day covers that whole day.
    expect(problems({ ...sale, saleStartsAt: '2024-11-25', saleEndsAt: '2024-11-25' })).toEqual([]);
    expect(problems({ ...sale, saleStartsAt: '2024-11-25T12:00:00Z', saleEndsAt: '2024-11-25T12:00:00Z' })).toEqual(['saleEndsAt: the sale must end after it starts']);
    expect(problems({ ...sale, saleStartsAt: '2024-11-25T12:00:00Z', saleEndsAt: '2024-11-25T12:00:00.001Z' })).toEqual([]);
  });

  it('refuses dates that are not dates, and timestamps without a time zone', () => {
    const sale = { ...valid, salePrice: 19 };
    for (const bad of ['2024-02-30', '2024-13-01', '25/11/2024', 'tomorrow', '2024-11-25T10:00', '2024-11-25 10:00:00Z']) {
      expect(problems({ ...sale, saleStartsAt: bad }), bad).toEqual(['saleStartsAt: must be a date ("2024-11-25") or an ISO timestamp with a time zone']);
    }
    expect(problems({ ...sale, saleEndsAt: 20241130 })).toEqual(['saleEndsAt: must be a date ("2024-11-25") or an ISO timestamp']);
  });
});

describe('date-only sale boundaries (UTC)', () => {
  it('saleStartsAt "2024-11-25" starts at 00:00:00.000 UTC that day', () => {
    expect(saleBoundaryToIso('2024-11-25', 'start')).toBe('2024-11-25T00:00:00.000Z');
  });

  it('saleEndsAt "2024-11-30" includes Nov 30: the exclusive end is Dec 1 00:00 UTC', () => {
    expect(saleBoundaryToIso('2024-11-30', 'end')).toBe('2024-12-01T00:00:00.000Z');
    expect(saleBoundaryToIso('2024-12-31', 'end')).toBe('2025-01-01T00:00:00.000Z');
    expect(saleBoundaryToIso('2024-02-28', 'end')).toBe('2024-02-29T00:00:00.000Z'); // leap year
    expect(saleBoundaryToIso('2023-02-28', 'end')).toBe('2023-03-01T00:00:00.000Z');
  });

  it('full timestamps are taken as given, normalised to UTC', () => {
    expect(saleBoundaryToIso('2024-11-30T18:00:00-05:00', 'end')).toBe('2024-11-30T23:00:00.000Z');
    expect(saleBoundaryToIso('2024-11-25T00:00:00Z', 'start')).toBe('2024-11-25T00:00:00.000Z');
    expect(saleBoundaryToIso('2024-11-30T00:00:00.000Z', 'end')).toBe('2024-11-30T00:00:00.000Z');
  });

  it('the parsed package holds the instants, and Date objects (superjson) are taken as given', () => {
    const parsed = packageConfigSchema.parse({ ...valid, salePrice: 19, saleStartsAt: '2024-11-25', saleEndsAt: new Date('2024-12-01T00:00:00Z') });
    expect(parsed.saleStartsAt).toBe('2024-11-25T00:00:00.000Z');
    expect(parsed.saleEndsAt).toBe('2024-12-01T00:00:00.000Z');
    // Parsing what was stored gives the same instants again (an update re-checks the stored values).
    expect(packageConfigSchema.parse(parsed)).toEqual(parsed);
  });

  it('an emptied date field means no date', () => {
    expect(packageConfigSchema.parse({ ...valid, salePrice: 19, saleEndsAt: '' }).saleEndsAt).toBeNull();
  });
});

describe('the upsert request', () => {
  it('takes a partial package; fields left out stay undefined for the service to fill', () => {
    const parsed = upsertPackageInput.parse({ id: 'pkg_abcdefgh12345678', isActive: false });
    expect(parsed).toEqual({ id: 'pkg_abcdefgh12345678', isActive: false });
  });

  it('checks the rules between the fields it was given', () => {
    expect(problems({ price: 10, salePrice: 12 }, upsertPackageInput)).toEqual(['salePrice: must be below price']);
    expect(problems({ salePrice: 12 }, upsertPackageInput)).toEqual([]); // judged against the stored price later
    expect(problems({ id: 'nope' }, upsertPackageInput)).toEqual(['id: must be an id starting with "pkg_"']);
  });
});

describe('the what-if request', () => {
  it('validates prices, the sale window and the mode', () => {
    const base = { packageId: 'pkg_abcdefgh12345678', mode: 'move' };
    expect(problems({ ...base, newPrice: 39 }, whatIfInput)).toEqual([]);
    expect(problems({ ...base, newPrice: -1 }, whatIfInput)).toEqual(['newPrice: must not be negative']);
    expect(problems({ ...base, newPrice: 20, sale: { salePrice: 25 } }, whatIfInput)).toEqual(['sale.salePrice: must be below newPrice']);
    expect(problems({ ...base, sale: { salePrice: 5, saleStartsAt: '2024-11-30', saleEndsAt: '2024-11-01' } }, whatIfInput)).toEqual(['sale.saleEndsAt: the sale must end after it starts']);
    expect(problems({ ...base, mode: 'raise' }, whatIfInput)).toEqual(['mode: must be one of grandfather, move']);
  });
});
