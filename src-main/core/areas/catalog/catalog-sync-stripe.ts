import type { Kysely } from 'kysely';
import type { BillingInterval } from '@shared/domain';
import { saleState } from '@shared/sale-window';
import type { Database } from '../../platform/db/schema';
import { ProviderError } from '../../integrations/provider-error';
import type { StripeGateway, StripePrice } from '../../integrations/stripe';

// One package made true in Stripe: its Product (name, description, active) and the Prices it
// sells at. Stripe is read first and what is already there is adopted, so a sync that runs again
// after a crash (the work done, the answer lost) finds its product and price instead of making
// second ones; idempotency keys cover the retries inside one attempt.

/** A package as catalog sync reads it: the owner's fields plus the Stripe links. */
export interface CatalogPackage {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  priceMinor: number;
  interval: BillingInterval;
  currency: string;
  salePriceMinor: number | null;
  saleStartsAt: string | null;
  saleEndsAt: string | null;
  isActive: boolean;
  archivedAt: string | null;
  updatedAt: string;
  /** Lemon Squeezy's variant, for checkouts there. */
  variantId: string | null;
  stripeProductId: string | null;
  stripePriceId: string | null;
  syncState: string;
}

export async function readCatalogPackage(db: Kysely<Database>, packageId: string): Promise<CatalogPackage | undefined> {
  const row = await db
    .selectFrom('packages')
    .select([
      'id', 'tenantId', 'name', 'description', 'priceMinor', 'interval', 'currency', 'salePriceMinor', 'saleStartsAt', 'saleEndsAt',
      'isActive', 'archivedAt', 'updatedAt', 'variantId', 'stripeProductId', 'stripePriceId', 'syncState',
    ])
    .where('id', '=', packageId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row,
    priceMinor: Number(row.priceMinor),
    salePriceMinor: row.salePriceMinor === null ? null : Number(row.salePriceMinor),
    isActive: Number(row.isActive) === 1,
    interval: row.interval as BillingInterval,
  };
}

/** The lookup key of a package's regular price: one per package, moved to each new price. */
export const regularLookupKey = (packageId: string) => packageId;
/** The lookup key of a sale price, as `<package>-sale-<amount in minor units>`. */
export const saleLookupKey = (packageId: string, amountMinor: number) => `${packageId}-sale-${amountMinor}`;

const metadataOf = (pkg: CatalogPackage) => ({ tenantId: pkg.tenantId, packageId: pkg.id });

function isMissing(err: unknown): boolean {
  return err instanceof ProviderError && (err.status === 404 || err.code === 'resource_missing');
}

function sells(p: StripePrice, amountMinor: number, pkg: CatalogPackage): boolean {
  return p.active && p.unitAmount === amountMinor && p.currency === pkg.currency.toLowerCase() && p.interval === pkg.interval && (p.intervalCount ?? 1) === 1;
}

const isOurSale = (p: StripePrice, pkg: CatalogPackage) => p.metadata.packageId === pkg.id && p.metadata.kind === 'sale';
const isOurRegular = (p: StripePrice, pkg: CatalogPackage) => p.metadata.packageId === pkg.id && p.metadata.kind !== 'sale';

/** The sale a package should have a Stripe price for: one that is on now or still to come. */
function wantedSaleMinor(pkg: CatalogPackage, nowIso: string): number | null {
  const state = saleState(pkg, nowIso);
  return state === 'active' || state === 'upcoming' ? pkg.salePriceMinor : null;
}

export interface SyncOptions {
  /** Makes the idempotency keys of this attempt: package version, job and attempt. */
  version: string;
  nowIso: string;
  /**
   * Stores a product id the moment it exists, before anything else can fail; false means the
   * package is gone (deleted while we worked) and the product should be archived again.
   */
  recordProductId(productId: string | null): Promise<boolean>;
}

export interface SyncResult {
  productId: string | null;
  priceId: string | null;
  /** The package disappeared during the sync; its product was archived. */
  orphaned?: boolean;
}

/**
 * Makes Stripe match the package: the product exists with the package's name, description and
 * active flag (inactive or archived packages have an inactive product); its current price sells
 * the package's amount/interval/currency (a new price when that changed, the old one archived);
 * a sale that is on or upcoming has its own price, and sale prices of past sales are archived.
 */
export async function syncPackageToStripe(stripe: StripeGateway, pkg: CatalogPackage, options: SyncOptions): Promise<SyncResult> {
  const key = (step: string) => `tc:${pkg.id}:${options.version}:${step}`;
  const active = pkg.isActive && !pkg.archivedAt;
  const fields = { name: pkg.name, description: pkg.description, active, metadata: metadataOf(pkg) };

  let productId = pkg.stripeProductId;
  let lost: string | null = null;
  if (productId) {
    try {
      await stripe.updateProduct({ productId, ...fields, idempotencyKey: key('product-update') });
    } catch (err) {
      // Deleted in the Dashboard, or a key of another account: make the product again.
      if (!isMissing(err)) throw err;
      lost = productId;
      productId = null;
    }
  }
  if (!productId) {
    if (pkg.archivedAt) {
      if (lost) await options.recordProductId(null);
      return { productId: null, priceId: null };
    }
    const adopted = (await stripe.listProducts()).find((p) => p.metadata.packageId === pkg.id && p.id !== lost);
    if (adopted) {
      productId = adopted.id;
      await stripe.updateProduct({ productId, ...fields, idempotencyKey: key('product-adopt') });
    } else {
      productId = (await stripe.createProduct({ ...fields, idempotencyKey: key(`product-create${lost ? `-after-${lost}` : ''}`) })).id;
    }
    if (!(await options.recordProductId(productId))) {
      await stripe.updateProduct({ productId, active: false, idempotencyKey: key('product-orphaned') });
      return { productId, priceId: null, orphaned: true };
    }
  }
  const previousPriceId = lost ? null : pkg.stripePriceId;
  // An archived package keeps its prices as they are: its subscribers still pay them.
  if (pkg.archivedAt) return { productId, priceId: previousPriceId };

  const prices = await stripe.listPrices({ productId });
  let target =
    prices.find((p) => p.lookupKey === regularLookupKey(pkg.id) && sells(p, pkg.priceMinor, pkg)) ??
    prices.find((p) => p.id === previousPriceId && sells(p, pkg.priceMinor, pkg)) ??
    prices.find((p) => isOurRegular(p, pkg) && sells(p, pkg.priceMinor, pkg));
  if (!target) {
    target = await stripe.createPrice({
      productId,
      unitAmount: pkg.priceMinor,
      currency: pkg.currency,
      interval: pkg.interval,
      lookupKey: regularLookupKey(pkg.id),
      transferLookupKey: true,
      nickname: `${pkg.name} (${pkg.interval}ly)`,
      metadata: { ...metadataOf(pkg), kind: 'regular' },
      idempotencyKey: key(`price-create-${pkg.priceMinor}-${pkg.currency}-${pkg.interval}`),
    });
  }
  // Prices never change in Stripe: the old one is archived (existing subscriptions keep it).
  for (const p of prices) {
    if (!p.active || p.id === target.id) continue;
    if (p.id === previousPriceId || isOurRegular(p, pkg)) {
      await stripe.setPriceActive({ priceId: p.id, active: false, idempotencyKey: key(`price-archive-${p.id}`) });
    }
  }

  const saleMinor = wantedSaleMinor(pkg, options.nowIso);
  for (const p of prices) {
    if (isOurSale(p, pkg) && p.active && !(saleMinor !== null && sells(p, saleMinor, pkg))) {
      await stripe.setPriceActive({ priceId: p.id, active: false, idempotencyKey: key(`sale-archive-${p.id}`) });
    }
  }
  if (saleMinor !== null && !prices.some((p) => isOurSale(p, pkg) && sells(p, saleMinor, pkg))) {
    await createSalePrice(stripe, pkg, productId, saleMinor, key('sale-create'));
  }
  return { productId, priceId: target.id };
}

function createSalePrice(stripe: StripeGateway, pkg: CatalogPackage, productId: string, amountMinor: number, idempotencyKey: string): Promise<StripePrice> {
  return stripe.createPrice({
    productId,
    unitAmount: amountMinor,
    currency: pkg.currency,
    interval: pkg.interval,
    lookupKey: saleLookupKey(pkg.id, amountMinor),
    transferLookupKey: true,
    nickname: `${pkg.name} sale (${pkg.interval}ly)`,
    metadata: { ...metadataOf(pkg), kind: 'sale' },
    idempotencyKey,
  });
}

/**
 * The Stripe price for the package's sale amount, for a checkout during a sale: the one catalog
 * sync made ahead, or a new one made now the same way (a second one made by two buyers at once
 * is harmless: the lookup key moves to the newest and both sell the same amount).
 */
export async function salePriceId(stripe: StripeGateway, pkg: CatalogPackage & { stripeProductId: string }, amountMinor: number, requestId: string): Promise<string> {
  const prices = await stripe.listPrices({ productId: pkg.stripeProductId, active: true });
  const found =
    prices.find((p) => p.lookupKey === saleLookupKey(pkg.id, amountMinor) && sells(p, amountMinor, pkg)) ??
    prices.find((p) => isOurSale(p, pkg) && sells(p, amountMinor, pkg));
  if (found) return found.id;
  return (await createSalePrice(stripe, pkg, pkg.stripeProductId, amountMinor, `tc:${pkg.id}:checkout-${requestId}:sale-create`)).id;
}
