import { firstSaleDay, lastSaleDay } from '@shared/packages';
import type { Interval, PackageView, UpsertRequest } from '../types';

// The editor holds what the owner typed, as text; these turn it into the package API's input.

export const LIMIT_FIELDS = ['maxUsers', 'maxAiPosts', 'maxSocialAccounts', 'maxCampaigns'] as const;
export type LimitField = (typeof LIMIT_FIELDS)[number];

export interface PackageFormValues {
  name: string;
  description: string;
  price: string;
  interval: Interval;
  currency: PackageView['currency'];
  maxUsers: string;
  maxAiPosts: string;
  maxSocialAccounts: string;
  maxCampaigns: string;
  displayFeatures: string[];
  salePrice: string;
  saleStartsAt: string;
  saleEndsAt: string;
  variantId: string;
  isActive: boolean;
  isPopular: boolean;
}

export type FormField = keyof PackageFormValues;
export const FORM_FIELDS = [
  'name', 'description', 'price', 'interval', 'currency', ...LIMIT_FIELDS, 'displayFeatures',
  'salePrice', 'saleStartsAt', 'saleEndsAt', 'variantId', 'isActive', 'isPopular',
] as const satisfies readonly FormField[];

/** A new package starts from the seed's defaults (one seat, 50 AI posts, …). */
export function emptyForm(interval: Interval = 'month'): PackageFormValues {
  return {
    name: '',
    description: '',
    price: '',
    interval,
    currency: 'USD',
    maxUsers: '1',
    maxAiPosts: '50',
    maxSocialAccounts: '1',
    maxCampaigns: '1',
    displayFeatures: [],
    salePrice: '',
    saleStartsAt: '',
    saleEndsAt: '',
    variantId: '',
    isActive: true,
    isPopular: false,
  };
}

const amountText = (n: number | null) => (n === null ? '' : Number.isInteger(n) ? String(n) : n.toFixed(2));

/** A stored package as editor values; sale ends are shown as the last day they include. */
export function formFromPackage(p: PackageView): PackageFormValues {
  return {
    name: p.name,
    description: p.description,
    price: amountText(p.price),
    interval: p.interval,
    currency: p.currency,
    maxUsers: String(p.maxUsers),
    maxAiPosts: String(p.maxAiPosts),
    maxSocialAccounts: String(p.maxSocialAccounts),
    maxCampaigns: String(p.maxCampaigns),
    displayFeatures: [...p.displayFeatures],
    salePrice: amountText(p.salePrice),
    saleStartsAt: firstSaleDay(p.saleStartsAt) ?? '',
    saleEndsAt: lastSaleDay(p.saleEndsAt) ?? '',
    variantId: p.variantId ?? '',
    isActive: p.isActive,
    isPopular: p.isPopular,
  };
}

/** Typed text as a number: "" is nothing, "29,50" is 29.5, anything else unreadable is NaN. */
export function numberFrom(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const normalised = /^-?\d+,\d+$/.test(t) ? t.replace(',', '.') : t;
  return /^-?(\d+\.?\d*|\.\d+)$/.test(normalised) ? Number(normalised) : Number.NaN;
}

/** Every field as the package API takes it; the shared schema judges the result. */
export function toPackageInput(v: PackageFormValues): Required<Omit<UpsertRequest, 'id'>> {
  const text = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    name: v.name,
    description: text(v.description),
    price: numberFrom(v.price) as number,
    interval: v.interval,
    currency: v.currency,
    maxUsers: numberFrom(v.maxUsers) as number,
    maxAiPosts: numberFrom(v.maxAiPosts) as number,
    maxSocialAccounts: numberFrom(v.maxSocialAccounts) as number,
    maxCampaigns: numberFrom(v.maxCampaigns) as number,
    displayFeatures: v.displayFeatures,
    salePrice: numberFrom(v.salePrice) ?? null,
    saleStartsAt: text(v.saleStartsAt),
    saleEndsAt: text(v.saleEndsAt),
    variantId: text(v.variantId),
    isActive: v.isActive,
    isPopular: v.isPopular,
  };
}

function same(a: PackageFormValues[FormField], b: PackageFormValues[FormField]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

export function changedFields(initial: PackageFormValues, current: PackageFormValues): FormField[] {
  return FORM_FIELDS.filter((f) => !same(initial[f], current[f]));
}

/**
 * What to send: everything for a new package; for an existing one only what the owner changed,
 * so a field someone else edited meanwhile is not overwritten with what this editor loaded.
 */
export function upsertRequest(id: string | null, initial: PackageFormValues, current: PackageFormValues): UpsertRequest {
  const all = toPackageInput(current);
  if (id === null) return all;
  const request: UpsertRequest = { id };
  for (const field of changedFields(initial, current)) (request as Record<string, unknown>)[field] = all[field];
  return request;
}
