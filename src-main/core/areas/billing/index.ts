import type { AreaPlatform } from '../area';
import type { CatalogSyncService } from '../catalog/catalog-sync';
import type { ProviderConfigService } from '../settings/provider-config';
import { billingService } from './billing';
import { checkoutService } from './checkout';
import { entitlementsService } from './entitlements';
import { lemonSqueezyCatalogService } from './lemonsqueezy-subscriptions';
import { paymentMethodsService } from './payment-methods';

/** Customers and subscriptions, checkout, payment methods, entitlements and usage. */
export function createBillingArea(platform: AreaPlatform, ports: { providers: ProviderConfigService; catalog: CatalogSyncService }) {
  const { db, dialect, clock, events, jobs } = platform;
  const billing = billingService({ db, dialect, clock, events, jobs });
  return {
    billing,
    checkout: checkoutService({ db, clock, providers: ports.providers, catalog: ports.catalog }),
    paymentMethods: paymentMethodsService({ db, clock, providers: ports.providers }),
    lemonSqueezyCatalog: lemonSqueezyCatalogService({ db, clock, providers: ports.providers, billing }),
    entitlements: entitlementsService({ db, clock }),
  };
}

export type BillingArea = ReturnType<typeof createBillingArea>;
