import type { PackageView } from './types';

/** A package as packages.list answers it, with overrides. */
export function aPackage(overrides: Partial<PackageView> = {}): PackageView {
  return {
    id: 'pkg_starter',
    name: 'Starter',
    description: 'For solo creators.',
    price: 29,
    interval: 'month',
    currency: 'USD',
    maxUsers: 1,
    maxAiPosts: 50,
    maxSocialAccounts: 3,
    maxCampaigns: 1,
    displayFeatures: ['3 social accounts', 'Community access'],
    salePrice: null,
    saleStartsAt: null,
    saleEndsAt: null,
    variantId: null,
    isActive: true,
    isPopular: false,
    saleState: 'none',
    effectivePrice: 29,
    syncState: 'synced',
    syncError: null,
    archivedAt: null,
    membersAtLimit: 0,
    subscribers: 0,
    ...overrides,
  };
}
