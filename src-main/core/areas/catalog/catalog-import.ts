import type { Kysely } from 'kysely';
import { fromMinorUnits } from '@shared/money';
import type { ImportAction, ImportFromStripeInput, ImportFromStripeResult, ImportItem } from '@shared/schemas/billing';
import { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, MAX_PRICE, upsertPackageInput } from '@shared/schemas/packages';
import type { Database } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors';
import type { StripePrice } from '../../integrations/stripe';
import type { CatalogSyncService } from './catalog-sync';
import type { PackageService } from './packages';
import type { ProviderConfigService } from '../settings/provider-config';

/**
 * packages.importFromStripe: Stripe's active products as packages. A preview says, per product,
 * whether a package would be created, an existing package of the same name (not yet linked)
 * would be linked, or why it is skipped; `commit: true` does it. A created package takes its
 * amount and interval from the product's active recurring USD price (monthly before yearly,
 * then the newest) and starts linked to that product and price, so the sync that follows only
 * stamps our metadata on the product and makes no new price.
 */
export function catalogImportService(deps: { db: Kysely<Database>; packages: PackageService; catalog: CatalogSyncService; providers: ProviderConfigService; poke: () => void }) {
  function choosePrice(prices: StripePrice[]): StripePrice | undefined {
    const usable = prices.filter(
      (p) => p.active && p.unitAmount !== null && p.currency === 'usd' && (p.interval === 'month' || p.interval === 'year') && (p.intervalCount ?? 1) === 1,
    );
    // Sale prices this console made for a package are not the package's price.
    const regular = usable.filter((p) => p.metadata.kind !== 'sale');
    return regular.sort((a, b) => (a.interval === b.interval ? b.createdAt.localeCompare(a.createdAt) : a.interval === 'month' ? -1 : 1))[0];
  }

  async function plan(tenantId: string, input: ImportFromStripeInput): Promise<ImportItem[]> {
    const stripe = await deps.providers.requireStripe();
    const [products, prices] = await Promise.all([stripe.listProducts({ active: true }), stripe.listPrices({ active: true })]);
    const linked = await deps.db.selectFrom('packages').select(['id', 'tenantId', 'name', 'stripeProductId', 'priceMinor', 'interval']).execute();
    const byProduct = new Map(linked.filter((p) => p.stripeProductId).map((p) => [p.stripeProductId!, p]));
    const byId = new Map(linked.map((p) => [p.id, p]));
    const byName = new Map(linked.filter((p) => p.tenantId === tenantId).map((p) => [p.name.toLowerCase(), p]));
    const wanted = input.productIds ? new Set(input.productIds) : null;

    return products
      .filter((product) => !wanted || wanted.has(product.id))
      .map((product) => {
        const own = prices.filter((p) => p.productId === product.id);
        const price = choosePrice(own);
        const name = product.name.trim().slice(0, MAX_NAME_LENGTH).trim();
        const item: ImportItem = {
          productId: product.id,
          productName: product.name,
          description: product.description,
          price: price ? { id: price.id, amount: fromMinorUnits(price.unitAmount!), currency: 'USD', interval: price.interval as 'month' | 'year' } : null,
          otherPrices: own.filter((p) => p.active && p.id !== price?.id).length,
          action: 'skip',
          packageId: null,
          packageName: null,
          reason: null,
        };
        const holder = byProduct.get(product.id) ?? (product.metadata.packageId ? byId.get(product.metadata.packageId) : undefined);
        if (holder) {
          item.packageId = holder.tenantId === tenantId ? holder.id : null;
          item.packageName = holder.tenantId === tenantId ? holder.name : null;
          item.reason = holder.tenantId === tenantId ? `already linked to the package "${holder.name}"` : 'linked to a package of another tenant of this console';
          return item;
        }
        if (!price) return { ...item, reason: 'has no active monthly or yearly USD price to take the amount from' };
        if (item.price!.amount > MAX_PRICE) return { ...item, reason: `its price is above the largest package price (${MAX_PRICE})` };
        if (!name) return { ...item, reason: 'has no name' };
        const same = byName.get(name.toLowerCase());
        if (same?.stripeProductId) return { ...item, reason: `a package named "${same.name}" exists and is linked to another Stripe product` };
        if (same) {
          const differs = Number(same.priceMinor) !== price.unitAmount || same.interval !== price.interval;
          const note = differs
            ? `; its price (${fromMinorUnits(Number(same.priceMinor))}/${same.interval}) is kept, so Stripe gets a new price and ${price.id} is archived`
            : '; its price matches Stripe\'s';
          return { ...item, action: 'link', packageId: same.id, packageName: same.name, reason: `links the existing package "${same.name}"${note}` };
        }
        return { ...item, action: 'create', packageName: name };
      });
  }

  async function createPackage(tenantId: string, actorUserId: string | null, item: ImportItem): Promise<string> {
    const input = upsertPackageInput.parse({
      name: item.packageName!,
      description: item.description ? item.description.slice(0, MAX_DESCRIPTION_LENGTH) : null,
      price: item.price!.amount,
      interval: item.price!.interval,
      currency: 'USD',
      isActive: true,
    });
    const link = { productId: item.productId, priceId: item.price!.id };
    const { package: pkg } = await deps.catalog.createLinked(tenantId, input.name!, link, () => deps.packages.upsert(tenantId, actorUserId, input));
    return pkg.id;
  }

  return {
    async run(tenantId: string, actorUserId: string | null, input: ImportFromStripeInput): Promise<ImportFromStripeResult> {
      const items = await plan(tenantId, input);
      if (input.commit) {
        for (const item of items) {
          try {
            if (item.action === 'create') item.packageId = await createPackage(tenantId, actorUserId, item);
            else if (item.action === 'link') await deps.catalog.linkExisting(tenantId, actorUserId, item.packageId!, { productId: item.productId, priceId: item.price!.id });
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            Object.assign(item, { action: 'skip', packageId: null, reason: `not imported: ${err.message}` });
          }
        }
        deps.poke();
      }
      const counts: Record<ImportAction, number> = { create: 0, link: 0, skip: 0 };
      for (const item of items) counts[item.action] += 1;
      return { committed: input.commit, items, counts };
    },
  };
}
export type CatalogImportService = ReturnType<typeof catalogImportService>;
