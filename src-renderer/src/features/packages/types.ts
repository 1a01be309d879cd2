import type { RouterInputs, RouterOutputs } from '../../api/types';

export type PackageView = RouterOutputs['packages']['list'][number];
export type UpsertRequest = RouterInputs['packages']['upsert'];
export type DeleteOutcome = RouterOutputs['packages']['delete'];
export type WhatIfRequest = RouterInputs['packages']['whatIf'];
export type WhatIfView = RouterOutputs['packages']['whatIf'];
export type Interval = PackageView['interval'];

export type PackageStatus = 'active' | 'inactive' | 'archived';

/** Archived wins: an archived package is also inactive, but the owner needs to know why. */
export function statusOf(p: Pick<PackageView, 'isActive' | 'archivedAt'>): PackageStatus {
  if (p.archivedAt) return 'archived';
  return p.isActive ? 'active' : 'inactive';
}

/** What a pricing page shows: active packages that are not archived. */
export function isOnPricingPage(p: PackageView): boolean {
  return statusOf(p) === 'active';
}

export const INTERVAL_LABEL: Record<Interval, { adjective: string; per: string }> = {
  month: { adjective: 'Monthly', per: 'month' },
  year: { adjective: 'Yearly', per: 'year' },
};
