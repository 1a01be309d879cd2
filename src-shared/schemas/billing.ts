import { z } from 'zod';
import type { BillingInterval, SubscriptionStatus } from '../domain';
import { idSchema } from './common';
import { packageIdSchema } from './packages';

// Payment providers' settings, catalog sync, checkout and Lemon Squeezy linking: the inputs the
// API validates and the shapes it answers. Money in answers is in major units (29.00), as the seed.

// ---- settings.providers ----------------------------------------------------------------------

/** `null` or "" removes a stored value; a field left out keeps it. */
const clearable = <T extends z.ZodType<string | null>>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v), schema).optional();

const stripeSecretKey = z
  .string({ error: 'must be text' })
  .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,250}$/, 'must be a Stripe secret key (sk_test_…, sk_live_…) or restricted key (rk_…)')
  .nullable();

const lemonSqueezyApiKey = z
  .string({ error: 'must be text' })
  .min(20, 'must be a Lemon Squeezy API key (Settings → API in Lemon Squeezy)')
  .max(4096, 'is too long to be a Lemon Squeezy API key')
  .regex(/^\S+$/, 'must not contain spaces')
  .nullable();

const lemonSqueezyStoreId = z
  .string({ error: 'must be text' })
  .regex(/^\d{1,20}$/, 'must be the numeric id of a Lemon Squeezy store')
  .nullable();

const checkoutBaseUrl = z
  .string({ error: 'must be text' })
  .max(500, 'must be at most 500 characters')
  .refine((v) => /^https?:\/\/[^\s/]+/i.test(v) && URL.canParse(v), 'must be an http(s) URL such as https://community.example.com')
  .transform((v) => v.replace(/\/+$/, ''))
  .nullable();

/** settings.providers.set: console-wide provider keys, and this tenant's public site for checkout redirects. */
export const setProvidersInput = z.strictObject({
  stripeSecretKey: clearable(stripeSecretKey),
  lemonSqueezyApiKey: clearable(lemonSqueezyApiKey),
  lemonSqueezyStoreId: clearable(lemonSqueezyStoreId),
  checkoutBaseUrl: clearable(checkoutBaseUrl),
});
export type SetProvidersInput = z.output<typeof setProvidersInput>;
/** settings.checkout.set: the tenant's own checkout site (a tenant ADMIN may change it). */
export const setCheckoutSiteInput = z.strictObject({ checkoutBaseUrl: clearable(checkoutBaseUrl) });
export type SetProvidersRequest = z.input<typeof setProvidersInput>;

/** Where a provider setting's value comes from: the environment wins over the console's setting. */
export type SettingSource = 'environment' | 'settings';

/** settings.providers.get: never a secret in clear, only a hint to recognise it by. */
export interface ProvidersView {
  stripe: {
    configured: boolean;
    /** `sk_test_…4242`; null when not configured. */
    keyHint: string | null;
    mode: 'test' | 'live' | null;
    source: SettingSource | null;
    apiBase: string;
  };
  lemonSqueezy: {
    configured: boolean;
    keyHint: string | null;
    source: SettingSource | null;
    apiBase: string;
    storeId: string | null;
    storeIdSource: SettingSource | null;
  };
  /** This tenant's site: checkout success/cancel URLs default to `<base>/welcome` and `<base>/pricing`. */
  checkoutBaseUrl: string | null;
}

// ---- packages.retrySync / packages.importFromStripe ------------------------------------------

export const SYNC_STATES = ['local', 'pending', 'synced', 'failed'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

export const retrySyncInput = z.strictObject({ id: packageIdSchema });

export const importFromStripeInput = z
  .strictObject({
    /** false (default): only preview. true: create and link as previewed. */
    commit: z.boolean({ error: 'must be true or false' }).default(false),
    /** Limit the import to these Stripe products; all by default. */
    productIds: z.array(z.string().regex(/^prod_[A-Za-z0-9]+$/, 'must be a Stripe product id (prod_…)')).max(500).optional(),
  })
  .default({ commit: false });
export type ImportFromStripeInput = z.output<typeof importFromStripeInput>;

export type ImportAction = 'create' | 'link' | 'skip';

export interface ImportItem {
  productId: string;
  productName: string;
  description: string | null;
  /** The active recurring price the package takes its amount and interval from. */
  price: { id: string; amount: number; currency: string; interval: BillingInterval } | null;
  /** Further active prices of the product that the package does not use. */
  otherPrices: number;
  action: ImportAction;
  /** The package it would link to / is linked to / was created. */
  packageId: string | null;
  packageName: string | null;
  reason: string | null;
}

export interface ImportFromStripeResult {
  committed: boolean;
  items: ImportItem[];
  counts: Record<ImportAction, number>;
}

// ---- billing.checkout ------------------------------------------------------------------------

export const CHECKOUT_PROVIDERS = ['stripe', 'lemonsqueezy'] as const;
export type CheckoutProvider = (typeof CHECKOUT_PROVIDERS)[number];

const httpUrl = z
  .string({ error: 'must be text' })
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), 'must be an http(s) URL');

export const checkoutInput = z
  .strictObject({
    packageId: packageIdSchema,
    /** A member of the tenant who is buying (goes into metadata.userId). */
    userId: idSchema('user').optional(),
    /** Prefills the checkout; defaults to the member's email. */
    email: z.string().trim().toLowerCase().pipe(z.email('must be an email address')).optional(),
    /** A group of the tenant the buyer joins once paid (metadata.groupId). */
    groupId: idSchema('group').optional(),
    provider: z.enum(CHECKOUT_PROVIDERS, { error: `must be one of ${CHECKOUT_PROVIDERS.join(', ')}` }).optional(),
    /** Default `<checkoutBaseUrl>/welcome?session_id={CHECKOUT_SESSION_ID}`; the placeholder is added when missing. */
    successUrl: httpUrl.optional(),
    /** Default `<checkoutBaseUrl>/pricing`. */
    cancelUrl: httpUrl.optional(),
  });
export type CheckoutInput = z.output<typeof checkoutInput>;

export interface CheckoutResult {
  url: string;
  provider: CheckoutProvider;
  /** Stripe's checkout session id (cs_…) or Lemon Squeezy's checkout id. */
  sessionId: string;
  /** What the buyer is charged per interval (the sale price while a sale is active), major units. */
  amount: number;
  currency: string;
  interval: BillingInterval;
  onSale: boolean;
  /** The Stripe price used; null for Lemon Squeezy. */
  priceId: string | null;
}

// ---- billing.lemonsqueezy.* ------------------------------------------------------------------

export interface LemonSqueezyVariantView {
  id: string;
  productId: string;
  name: string;
  /** published, pending (Lemon Squeezy's placeholder variant), draft. */
  status: string;
  price: number | null;
  interval: string | null;
  intervalCount: number | null;
  isSubscription: boolean;
  testMode: boolean;
  /** A published subscription variant: what a package can sell. */
  usable: boolean;
  /** The package of this tenant that uses the variant, if any. */
  packageId: string | null;
  packageName: string | null;
}

export const linkSubscriptionsInput = z
  .strictObject({ commit: z.boolean({ error: 'must be true or false' }).default(false) })
  .default({ commit: false });

export type LinkAction = 'create' | 'update' | 'unchanged' | 'skip';

export interface LemonSqueezySubscriptionView {
  id: string;
  status: string;
  /** Our status for it (cancelled-but-running counts as active until ends_at). */
  mappedStatus: SubscriptionStatus | null;
  userEmail: string;
  userName: string;
  variantId: string;
  variantName: string;
  productName: string;
  renewsAt: string | null;
  endsAt: string | null;
  member: { userId: string; name: string; email: string } | null;
  package: { id: string; name: string } | null;
  /** Our subscriptions row for it, if one exists. */
  subscriptionId: string | null;
  action: LinkAction;
  reason: string | null;
}

export interface LinkSubscriptionsResult {
  committed: boolean;
  items: LemonSqueezySubscriptionView[];
  counts: Record<LinkAction, number>;
}
