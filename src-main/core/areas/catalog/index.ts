import type { AreaPlatform } from '../area';
import type { ProviderConfigService } from '../settings/provider-config';
import { catalogImportService } from './catalog-import';
import { catalogSyncService } from './catalog-sync';
import { packageService } from './packages';
import { pricingWhatIfService } from './pricing-what-if';

/** Subscription packages, their sync to Stripe and Lemon Squeezy, imports from Stripe, what-if pricing. */
export function createCatalogArea(platform: AreaPlatform, ports: { providers: ProviderConfigService }) {
  const { db, clock, jobs } = platform;
  const packages = packageService({ db, clock });
  const catalogSync = catalogSyncService({ db, clock, jobs, packages, providers: ports.providers });
  return {
    packages,
    catalogSync,
    catalogImport: catalogImportService({ db, packages, catalog: catalogSync, providers: ports.providers, poke: () => jobs.poke() }),
    pricingWhatIf: pricingWhatIfService({ db, clock }),
  };
}

export type CatalogArea = ReturnType<typeof createCatalogArea>;
