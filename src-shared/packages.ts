import type { BillingInterval } from './domain';
import { fromMinorUnits } from './money';
import { effectivePriceMinor, saleState } from './sale-window';
import type { AdminPackage, PackageConfig, PackageRecord, PublicPackage } from './schemas/packages';

// How a package is shown: the seed's API shapes, the pricing page and the editor read these.

/** The seed's limits table: the feature limits every package defines. */
export const LIMIT_NAMES = ['maxUsers', 'maxAiPosts', 'maxSocialAccounts', 'maxCampaigns'] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];
export type PackageLimits = Record<LimitName, number>;

/** Limits counted per calendar month (UTC) and consumed one use at a time; the others are counts. */
export const METERED_LIMITS = ['maxAiPosts'] as const satisfies readonly LimitName[];
export type MeteredLimit = (typeof METERED_LIMITS)[number];

/** What a free member gets when the tenant names no free-tier package: one seat and nothing else. */
export const BUILT_IN_FREE_LIMITS: PackageLimits = { maxUsers: 1, maxAiPosts: 0, maxSocialAccounts: 0, maxCampaigns: 0 };

export const LIMIT_LABELS: Record<LimitName, string> = {
  maxUsers: 'team members',
  maxAiPosts: 'AI posts this month',
  maxSocialAccounts: 'connected social accounts',
  maxCampaigns: 'active campaigns',
};

export function limitsOf(p: PackageLimits): PackageLimits {
  return { maxUsers: p.maxUsers, maxAiPosts: p.maxAiPosts, maxSocialAccounts: p.maxSocialAccounts, maxCampaigns: p.maxCampaigns };
}

/** The public shape of a package at `nowIso` (the server's clock). */
export function toPublicPackage(p: PackageRecord, nowIso: string): PublicPackage {
  return {
    id: p.id,
    name: p.name,
    description: p.description ?? '',
    price: fromMinorUnits(p.priceMinor),
    interval: p.interval,
    currency: p.currency,
    maxUsers: p.maxUsers,
    maxAiPosts: p.maxAiPosts,
    displayFeatures: [...p.displayFeatures],
    salePrice: p.salePriceMinor === null ? null : fromMinorUnits(p.salePriceMinor),
    saleStartsAt: p.saleStartsAt,
    saleEndsAt: p.saleEndsAt,
    variantId: p.variantId,
    isActive: p.isActive,
    isPopular: p.isPopular,
    maxSocialAccounts: p.maxSocialAccounts,
    maxCampaigns: p.maxCampaigns,
    saleState: saleState(p, nowIso),
    effectivePrice: fromMinorUnits(effectivePriceMinor(p.priceMinor, p, nowIso)),
  };
}

export function toAdminPackage(p: PackageRecord, nowIso: string): AdminPackage {
  return { ...toPublicPackage(p, nowIso), syncState: p.syncState, syncError: p.syncError, archivedAt: p.archivedAt };
}

/** A subscription amount as monthly recurring revenue: a yearly amount counts one twelfth. */
export function monthlyAmountMinor(amountMinor: number, interval: BillingInterval | string): number {
  return interval === 'year' ? amountMinor / 12 : amountMinor;
}

/**
 * The last day a sale includes, for showing and editing a stored exclusive end: an end at
 * 00:00 UTC ("2024-12-01T00:00:00.000Z") is shown as the day before ("2024-11-30"), the inverse
 * of how a date-only saleEndsAt is read. Other ends are returned unchanged.
 */
export function lastSaleDay(saleEndsAt: string | null): string | null {
  if (saleEndsAt === null) return null;
  const ms = Date.parse(saleEndsAt);
  if (Number.isNaN(ms) || ms % 86_400_000 !== 0) return saleEndsAt;
  return new Date(ms - 86_400_000).toISOString().slice(0, 10);
}

/** A sale start at 00:00 UTC shown as its date; other starts unchanged. */
export function firstSaleDay(saleStartsAt: string | null): string | null {
  if (saleStartsAt === null) return null;
  const ms = Date.parse(saleStartsAt);
  return !Number.isNaN(ms) && ms % 86_400_000 === 0 ? new Date(ms).toISOString().slice(0, 10) : saleStartsAt;
}

/** The editor's values for a package: saving them unchanged stores the same package again. */
export function toPackageForm(p: AdminPackage): PackageConfig {
  return {
    name: p.name,
    description: p.description === '' ? null : p.description,
    price: p.price,
    interval: p.interval,
    currency: p.currency,
    maxUsers: p.maxUsers,
    maxAiPosts: p.maxAiPosts,
    maxSocialAccounts: p.maxSocialAccounts,
    maxCampaigns: p.maxCampaigns,
    displayFeatures: [...p.displayFeatures],
    salePrice: p.salePrice,
    saleStartsAt: firstSaleDay(p.saleStartsAt),
    saleEndsAt: lastSaleDay(p.saleEndsAt),
    variantId: p.variantId,
    isActive: p.isActive,
    isPopular: p.isPopular,
  };
}
