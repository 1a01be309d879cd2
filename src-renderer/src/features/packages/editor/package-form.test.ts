import { describe, expect, it } from 'vitest';
import { aPackage } from '../fixtures.test-util';
import { emptyForm, formFromPackage, upsertRequest, type PackageFormValues } from './form-values';
import { validatePackageForm } from './validation';

const filled = (patch: Partial<PackageFormValues> = {}): PackageFormValues => ({ ...emptyForm(), name: 'Creator', price: '49', ...patch });

describe('the package editor judges what the owner typed with the shared schema', () => {
  it('accepts a complete package with a sale', () => {
    expect(validatePackageForm(filled({ salePrice: '39', saleStartsAt: '2026-11-25', saleEndsAt: '2026-11-30' }))).toEqual({});
  });

  it("says what the server would say, on the field it is about", () => {
    expect(validatePackageForm(filled({ salePrice: '59' }))).toEqual({ salePrice: 'must be below price' });
    expect(validatePackageForm(filled({ name: '  ', price: '' }))).toEqual({ name: 'is required', price: 'is required' });
    expect(validatePackageForm(filled({ price: 'abc' })).price).toBe('must be a number');
    expect(validatePackageForm(filled({ price: '9.999' })).price).toBe('must have at most two decimals');
    expect(validatePackageForm(filled({ maxUsers: '1.5' })).maxUsers).toBe('must be a whole number');
    expect(validatePackageForm(filled({ saleStartsAt: '2026-11-25' })).salePrice).toBe('is required when a sale date is set');
    expect(validatePackageForm(filled({ salePrice: '19', saleStartsAt: '2026-11-25', saleEndsAt: '2026-11-24' })).saleEndsAt).toBe('the sale must end after it starts');
    expect(validatePackageForm(filled({ displayFeatures: ['ok', ' '] })).displayFeatures).toBe('feature 2 must not be empty');
  });

  it('reads a comma as the decimal point', () => {
    expect(validatePackageForm(filled({ price: '29,50', salePrice: '19,5' }))).toEqual({});
  });

  it('a one-day sale (start and last day the same) is valid: the last day is included', () => {
    expect(validatePackageForm(filled({ salePrice: '19', saleStartsAt: '2026-11-25', saleEndsAt: '2026-11-25' }))).toEqual({});
  });
});

describe('what the editor sends', () => {
  it('a new package: every field, dates as the days the owner picked', () => {
    const request = upsertRequest(null, emptyForm(), filled({ salePrice: '39', saleStartsAt: '2026-11-25', saleEndsAt: '2026-11-30', displayFeatures: ['A'] }));
    expect(request).toMatchObject({ name: 'Creator', price: 49, salePrice: 39, saleStartsAt: '2026-11-25', saleEndsAt: '2026-11-30', maxUsers: 1, description: null, variantId: null });
    expect(request).not.toHaveProperty('id');
  });

  it('an edit: only the changed fields, and null to clear one', () => {
    const pkg = aPackage({ salePrice: 19, saleStartsAt: '2026-11-25T00:00:00.000Z', saleEndsAt: '2026-12-01T00:00:00.000Z', saleState: 'active' });
    const initial = formFromPackage(pkg);
    expect(initial).toMatchObject({ price: '29', salePrice: '19', saleStartsAt: '2026-11-25', saleEndsAt: '2026-11-30' });
    expect(upsertRequest(pkg.id, initial, initial)).toEqual({ id: pkg.id });
    expect(upsertRequest(pkg.id, initial, { ...initial, salePrice: '', saleStartsAt: '', saleEndsAt: '', price: '35' })).toEqual({
      id: pkg.id,
      price: 35,
      salePrice: null,
      saleStartsAt: null,
      saleEndsAt: null,
    });
  });
});
