import { z } from 'zod';
import { BILLING_INTERVALS, CURRENCIES, type BillingInterval, type Currency } from '../domain';
import { hasAtMostTwoDecimals } from '../money';
import type { SaleState } from '../sale-window';
import { CONTROL_CHARS_MESSAGE, hasNoControlChars, hasNoControlCharsButLines, idSchema, nameSchema } from './common';

/**
 * A package (the seed's PackageConfig) as the owner edits it, and the rules a pricing page can
 * trust. One set of rules serves REST, tRPC and the renderer's editor.
 *
 * Sale dates:
 * - a date-only `saleStartsAt` ("2024-11-25") starts at 00:00:00.000 UTC that day;
 * - a date-only `saleEndsAt` ("2024-11-30") includes that whole day: it is stored as the
 *   exclusive end, 00:00:00.000 UTC the next day ("2024-12-01T00:00:00.000Z");
 * - full ISO timestamps must carry a time zone (Z or ±hh:mm) and are taken as given;
 * - `salePrice` alone: the sale is always on; with `saleStartsAt` alone it runs from then on until
 *   edited; with `saleEndsAt` alone it is on now until then. A sale date needs a `salePrice`.
 */

export const packageIdSchema = idSchema('pkg');

/** Stripe's largest USD unit_amount is 99,999,999 cents. */
export const MAX_PRICE = 999_999.99;
/** Limits are stored as integers; this keeps them inside PostgreSQL's `integer`. */
export const MAX_LIMIT = 1_000_000_000;
export const MAX_NAME_LENGTH = 80;
export const MAX_DESCRIPTION_LENGTH = 2000;
export const MAX_DISPLAY_FEATURES = 20;
export const MAX_FEATURE_LENGTH = 200;

const DAY_MS = 86_400_000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Milliseconds of 00:00 UTC of a calendar date, or null for "2024-02-30" and other non-dates. */
function utcMidnight(date: string): number | null {
  const m = DATE_ONLY.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === date ? ms : null;
}

/**
 * A sale boundary as the instant it stands for (see the rules above), or null when the text is
 * neither a calendar date nor an ISO timestamp with a time zone.
 */
export function saleBoundaryToIso(value: string, edge: 'start' | 'end'): string | null {
  const midnight = utcMidnight(value);
  if (midnight !== null) return new Date(edge === 'end' ? midnight + DAY_MS : midnight).toISOString();
  const ts = TIMESTAMP_WITH_ZONE.exec(value);
  if (!ts || utcMidnight(ts[1]!) === null) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const moneySchema = z
  .number({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a number') })
  .min(0, 'must not be negative')
  .max(MAX_PRICE, `must be at most ${MAX_PRICE}`)
  .refine(hasAtMostTwoDecimals, 'must have at most two decimals');

const limitSchema = z
  .number({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a number') })
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`);

const booleanSchema = z.boolean({ error: 'must be true or false' });

/** Optional text where "" means "none" (an emptied editor field); `lines` allows tabs and newlines. */
const optionalText = (max: number, lines = false) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine(lines ? hasNoControlCharsButLines : hasNoControlChars, CONTROL_CHARS_MESSAGE)
    .nullable()
    .transform((v) => (v === '' ? null : v));

const saleBoundarySchema = (edge: 'start' | 'end') =>
  z
    .union([z.string().trim(), z.date()], { error: 'must be a date ("2024-11-25") or an ISO timestamp' })
    .nullable()
    .transform((v, ctx) => {
      if (v === null || v === '') return null;
      const iso = v instanceof Date ? (Number.isNaN(v.getTime()) ? null : v.toISOString()) : saleBoundaryToIso(v, edge);
      if (iso === null) {
        ctx.addIssue({ code: 'custom', message: 'must be a date ("2024-11-25") or an ISO timestamp with a time zone' });
        return z.NEVER;
      }
      return iso;
    });

const packageShape = {
  name: nameSchema(MAX_NAME_LENGTH),
  description: optionalText(MAX_DESCRIPTION_LENGTH, true),
  price: moneySchema,
  interval: z.enum(BILLING_INTERVALS, { error: `must be one of ${BILLING_INTERVALS.join(', ')}` }),
  currency: z.enum(CURRENCIES, { error: `must be one of ${CURRENCIES.join(', ')}` }),
  maxUsers: limitSchema,
  maxAiPosts: limitSchema,
  maxSocialAccounts: limitSchema,
  maxCampaigns: limitSchema,
  displayFeatures: z
    .array(
      z
        .string({ error: 'must be text' })
        .trim()
        .min(1, 'must not be empty')
        .max(MAX_FEATURE_LENGTH, `must be at most ${MAX_FEATURE_LENGTH} characters`)
        .refine(hasNoControlChars, CONTROL_CHARS_MESSAGE),
      { error: 'must be a list of strings' },
    )
    .max(MAX_DISPLAY_FEATURES, `must have at most ${MAX_DISPLAY_FEATURES} items`),
  salePrice: moneySchema.nullable(),
  saleStartsAt: saleBoundarySchema('start'),
  saleEndsAt: saleBoundarySchema('end'),
  variantId: optionalText(64),
  isActive: booleanSchema,
  isPopular: booleanSchema,
};

interface SaleFields {
  price?: number;
  salePrice?: number | null;
  saleStartsAt?: string | null;
  saleEndsAt?: string | null;
}

/** The rules between fields. `undefined` means "not given" (kept as stored) and is not judged here. */
function checkSale(v: SaleFields, ctx: z.RefinementCtx, prefix: string[] = [], priceName = 'price'): void {
  if (typeof v.salePrice === 'number' && typeof v.price === 'number' && v.salePrice >= v.price) {
    ctx.addIssue({ code: 'custom', path: [...prefix, 'salePrice'], message: `must be below ${priceName}` });
  }
  if (v.salePrice === null && (v.saleStartsAt || v.saleEndsAt)) {
    ctx.addIssue({ code: 'custom', path: [...prefix, 'salePrice'], message: 'is required when a sale date is set' });
  }
  if (v.saleStartsAt && v.saleEndsAt && Date.parse(v.saleEndsAt) <= Date.parse(v.saleStartsAt)) {
    ctx.addIssue({ code: 'custom', path: [...prefix, 'saleEndsAt'], message: 'the sale must end after it starts' });
  }
}

/** A whole package: what is stored, and what the editor holds. */
export const packageConfigSchema = z.strictObject(packageShape).superRefine((v, ctx) => checkSale(v, ctx));
export type PackageConfig = z.output<typeof packageConfigSchema>;
export type PackageConfigInput = z.input<typeof packageConfigSchema>;

/** What a new package gets for each field the request leaves out (the seed's Prisma defaults). */
export const PACKAGE_DEFAULTS: Omit<PackageConfig, 'name' | 'price'> = {
  description: null,
  interval: 'month',
  currency: 'USD',
  maxUsers: 1,
  maxAiPosts: 50,
  maxSocialAccounts: 1,
  maxCampaigns: 1,
  displayFeatures: [],
  salePrice: null,
  saleStartsAt: null,
  saleEndsAt: null,
  variantId: null,
  isActive: true,
  isPopular: false,
};

/**
 * Fields of the answer (AdminPackage) that no request sets: a client may post back what GET
 * answered, so they are accepted and ignored. Any other key is refused (inputs are strict): a
 * misspelt `isPopluar` used to be dropped silently.
 */
const ANSWER_ONLY_FIELDS = ['saleState', 'effectivePrice', 'syncState', 'syncError', 'archivedAt'] as const;

function withoutAnswerOnlyFields(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const request = { ...(v as Record<string, unknown>) };
  for (const key of ANSWER_ONLY_FIELDS) delete request[key];
  return request;
}

/**
 * The seed's upsert request (POST /admin/packages, packages.upsert). Without `id` it creates:
 * `name` and `price` are required and other fields left out take PACKAGE_DEFAULTS. With `id` it
 * updates that package: fields left out keep their stored value, `null` clears a nullable one
 * (e.g. `salePrice: null` ends a sale). The merged package is checked again with
 * packageConfigSchema before anything is saved.
 */
const upsertRequestSchema = z
  .strictObject(packageShape)
  .partial()
  .extend({ id: packageIdSchema.optional() })
  .superRefine((v, ctx) => checkSale(v, ctx));
export const upsertPackageInput = z.preprocess(
  (v: z.input<typeof upsertRequestSchema>) => withoutAnswerOnlyFields(v),
  upsertRequestSchema,
);
export type UpsertPackageInput = z.output<typeof upsertPackageInput>;
export type UpsertPackageRequest = z.input<typeof upsertPackageInput>;

export const deletePackageInput = z.strictObject({ id: packageIdSchema });
export const publicPackagesInput = z.strictObject({
  tenant: z.string({ error: 'is required (the tenant\'s slug)' }).trim().min(1, 'is required (the tenant\'s slug)'),
});

export const WHAT_IF_MODES = ['grandfather', 'move'] as const;
export type WhatIfMode = (typeof WHAT_IF_MODES)[number];

/**
 * packages.whatIf: a new price and/or a sale for one package. `sale` left out keeps the package's
 * current sale; `sale: null` prices without any sale.
 */
export const whatIfInput = z
  .strictObject({
    packageId: packageIdSchema,
    newPrice: moneySchema.optional(),
    sale: z
      .strictObject({
        salePrice: moneySchema,
        saleStartsAt: saleBoundarySchema('start').optional(),
        saleEndsAt: saleBoundarySchema('end').optional(),
      })
      .nullable()
      .optional(),
    mode: z.enum(WHAT_IF_MODES, { error: `must be one of ${WHAT_IF_MODES.join(', ')}` }),
  })
  .superRefine((v, ctx) => {
    if (v.sale) checkSale({ price: v.newPrice, ...v.sale }, ctx, ['sale'], 'newPrice');
  });
export type WhatIfInput = z.output<typeof whatIfInput>;

// ---- What the API answers -------------------------------------------------------------------

/** A stored package in the app's own units (minor units, ISO strings, real booleans). */
export interface PackageRecord {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  priceMinor: number;
  interval: BillingInterval;
  currency: Currency;
  maxUsers: number;
  maxAiPosts: number;
  maxSocialAccounts: number;
  maxCampaigns: number;
  displayFeatures: string[];
  salePriceMinor: number | null;
  saleStartsAt: string | null;
  saleEndsAt: string | null;
  variantId: string | null;
  isActive: boolean;
  isPopular: boolean;
  /** Catalog sync with the payment provider: 'local' until a sync runs (see the sync service). */
  syncState: string;
  syncError: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * GET /public/packages: the seed's fields, the two further limits of the seed's limits table, and
 * two derived fields: `saleState` (none|upcoming|active|ended on the server's clock) and
 * `effectivePrice` (what a checkout charges now). Never leaks sync details.
 */
export interface PublicPackage {
  id: string;
  name: string;
  description: string;
  price: number;
  interval: BillingInterval;
  currency: Currency;
  maxUsers: number;
  maxAiPosts: number;
  displayFeatures: string[];
  salePrice: number | null;
  saleStartsAt: string | null;
  saleEndsAt: string | null;
  variantId: string | null;
  isActive: boolean;
  isPopular: boolean;
  maxSocialAccounts: number;
  maxCampaigns: number;
  saleState: SaleState;
  effectivePrice: number;
}

/** GET /admin/packages and the tRPC procedures: the public shape plus sync and archive state. */
export interface AdminPackage extends PublicPackage {
  syncState: string;
  syncError: string | null;
  archivedAt: string | null;
}

export const PUBLIC_PACKAGE_KEYS = [
  'id', 'name', 'description', 'price', 'interval', 'currency', 'maxUsers', 'maxAiPosts',
  'displayFeatures', 'salePrice', 'saleStartsAt', 'saleEndsAt', 'variantId', 'isActive', 'isPopular',
  'maxSocialAccounts', 'maxCampaigns', 'saleState', 'effectivePrice',
] as const satisfies readonly (keyof PublicPackage)[];
export const ADMIN_PACKAGE_KEYS = [...PUBLIC_PACKAGE_KEYS, 'syncState', 'syncError', 'archivedAt'] as const satisfies readonly (keyof AdminPackage)[];

export type DeletePackageResult = { deleted: true } | { archived: true; reason: string; package: AdminPackage };

/** packages.whatIf's answer, in the seed's major units. */
export interface WhatIfResult {
  packageId: string;
  mode: WhatIfMode;
  currency: Currency;
  interval: BillingInterval;
  /** The server's clock the sale window was judged on. */
  asOf: string;
  /** Active and trialing subscriptions of the package counted; `otherCurrency` ones are left out of the sums. */
  subscribers: { total: number; active: number; trialing: number; otherCurrency: number };
  current: { price: number; effectivePrice: number; saleState: SaleState; mrr: number };
  proposed: { price: number; effectivePrice: number; saleState: SaleState; mrr: number };
  mrrDelta: number;
  /** What one new subscriber adds to MRR, now and with the proposal, and the difference. */
  perNewSubscriber: { currentMonthly: number; proposedMonthly: number; delta: number };
}
