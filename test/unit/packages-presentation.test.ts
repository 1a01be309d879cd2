import { describe, expect, it } from 'vitest';
import { lastSaleDay, monthlyAmountMinor, toAdminPackage, toPackageForm, toPublicPackage } from '../../src-shared/packages';
import { packageConfigSchema, PUBLIC_PACKAGE_KEYS, ADMIN_PACKAGE_KEYS, type PackageRecord } from '../../src-shared/schemas/packages';

const record: PackageRecord = {
  id: 'pkg_abcdefgh12345678',
  tenantId: 'tenant_x',
  name: 'Starter',
  description: null,
  priceMinor: 2900,
  interval: 'month',
  currency: 'USD',
  maxUsers: 1,
  maxAiPosts: 50,
  maxSocialAccounts: 2,
  maxCampaigns: 3,
  displayFeatures: ['50 AI posts'],
  salePriceMinor: 1900,
  saleStartsAt: '2024-11-25T00:00:00.000Z',
  saleEndsAt: '2024-12-01T00:00:00.000Z',
  variantId: '12345',
  isActive: true,
  isPopular: true,
  syncState: 'local',
  syncError: null,
  archivedAt: null,
  createdAt: '2024-11-01T00:00:00.000Z',
  updatedAt: '2024-11-01T00:00:00.000Z',
};

describe('package presentation', () => {
  it('answers in the seed\'s shape and major units, with the sale judged at the given time', () => {
    const before = toPublicPackage(record, '2024-11-24T23:59:59.999Z');
    expect(Object.keys(before).sort()).toEqual([...PUBLIC_PACKAGE_KEYS].sort());
    expect(before).toMatchObject({ price: 29, salePrice: 19, description: '', saleState: 'upcoming', effectivePrice: 29 });
    expect(toPublicPackage(record, '2024-11-25T00:00:00.000Z')).toMatchObject({ saleState: 'active', effectivePrice: 19 });
    expect(toPublicPackage(record, '2024-11-30T23:59:59.999Z')).toMatchObject({ saleState: 'active', effectivePrice: 19 });
    expect(toPublicPackage(record, '2024-12-01T00:00:00.000Z')).toMatchObject({ saleState: 'ended', effectivePrice: 29 });
    expect(toPublicPackage({ ...record, salePriceMinor: null, saleStartsAt: null, saleEndsAt: null }, '2024-11-26T00:00:00Z')).toMatchObject({ salePrice: null, saleState: 'none', effectivePrice: 29 });
  });

  it('admin views add sync and archive state; public views never carry them', () => {
    const admin = toAdminPackage({ ...record, syncState: 'failed', syncError: 'No such price' }, '2024-11-26T00:00:00Z');
    expect(Object.keys(admin).sort()).toEqual([...ADMIN_PACKAGE_KEYS].sort());
    expect(admin).toMatchObject({ syncState: 'failed', syncError: 'No such price', archivedAt: null });
    expect(toPublicPackage(record, '2024-11-26T00:00:00Z')).not.toHaveProperty('syncError');
  });

  it('counts a yearly amount as one twelfth of monthly revenue', () => {
    expect(monthlyAmountMinor(29000, 'year')).toBeCloseTo(2416.667, 3);
    expect(monthlyAmountMinor(2900, 'month')).toBe(2900);
  });

  it('shows a midnight sale end as the last day it includes, the inverse of a date-only saleEndsAt', () => {
    expect(lastSaleDay('2024-12-01T00:00:00.000Z')).toBe('2024-11-30');
    expect(lastSaleDay('2024-11-30T18:00:00.000Z')).toBe('2024-11-30T18:00:00.000Z');
    expect(lastSaleDay(null)).toBeNull();
  });

  it('the editor\'s form saves back to the same package', () => {
    const form = toPackageForm(toAdminPackage(record, '2024-11-26T00:00:00Z'));
    expect(form).toMatchObject({ saleStartsAt: '2024-11-25', saleEndsAt: '2024-11-30', price: 29, salePrice: 19, description: null });
    const saved = packageConfigSchema.parse(form);
    expect(saved.saleStartsAt).toBe(record.saleStartsAt);
    expect(saved.saleEndsAt).toBe(record.saleEndsAt);
  });
});
