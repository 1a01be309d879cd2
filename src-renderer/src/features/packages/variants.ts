import { errorCode, messageOf } from '../../api/errors';
import type { ApiClient, RouterOutputs } from '../../api/types';
import { formatPrice } from './money';

type Variant = RouterOutputs['billing']['lemonsqueezy']['variants'][number];

export interface VariantOption {
  id: string;
  label: string;
  /** Only a published subscription variant can be sold by a package. */
  disabled: boolean;
}

export type VariantChoices = { kind: 'list'; variants: Variant[] } | { kind: 'unavailable'; reason: string };

/** Lemon Squeezy's variants to pick a package's variantId from, or why the owner must type it. */
export async function loadVariants(api: ApiClient, signal: AbortSignal): Promise<VariantChoices> {
  try {
    return { kind: 'list', variants: await api.billing.lemonsqueezy.variants.query(undefined, { signal }) };
  } catch (err) {
    if (signal.aborted) throw err;
    const reason =
      errorCode(err) === 'PRECONDITION_FAILED'
        ? 'Lemon Squeezy is not connected yet (Settings → Providers), so its variants cannot be listed.'
        : `Lemon Squeezy's variants could not be listed: ${messageOf(err)}.`;
    return { kind: 'unavailable', reason };
  }
}

/** "Pro monthly · $79/month — 104202 (used by Pro)", for the package `forPackageId`. */
export function variantOption(v: Variant, forPackageId: string | null): VariantOption {
  const price = v.price === null ? '' : ` · ${formatPrice(v.price, 'USD')}${v.interval ? `/${v.interval}` : ''}`;
  const usedElsewhere = v.packageName && v.packageId !== forPackageId ? ` (used by ${v.packageName})` : '';
  const note = !v.usable ? ` (${v.isSubscription ? v.status : 'not a subscription'})` : usedElsewhere;
  return { id: v.id, label: `${v.name}${price}${v.testMode ? ' · test' : ''} — ${v.id}${note}`, disabled: !v.usable };
}
