import type { Generated } from 'kysely';
import type { TablesOf, Bool } from '../../platform/db/table-columns';

// Tables of the catalog area (packages), as the row types Kysely sees (camelCase; the database names are snake_case).

export interface PackagesTable {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  priceMinor: number;
  interval: Generated<'month' | 'year'>;
  currency: Generated<string>;
  maxUsers: Generated<number>;
  maxAiPosts: Generated<number>;
  maxSocialAccounts: Generated<number>;
  maxCampaigns: Generated<number>;
  displayFeatures: Generated<string>;
  salePriceMinor: number | null;
  saleStartsAt: string | null;
  saleEndsAt: string | null;
  variantId: string | null;
  stripeProductId: string | null;
  stripePriceId: string | null;
  isActive: Generated<Bool>;
  isPopular: Generated<Bool>;
  syncState: Generated<string>;
  syncError: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CatalogTables {
  packages: PackagesTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const CATALOG_TABLES: TablesOf<CatalogTables> = {
  packages: {
    id: true, tenantId: true, name: true, description: true, priceMinor: true, interval: true, currency: true, maxUsers: true,
    maxAiPosts: true, maxSocialAccounts: true, maxCampaigns: true, displayFeatures: true, salePriceMinor: true, saleStartsAt: true,
    saleEndsAt: true, variantId: true, stripeProductId: true, stripePriceId: true, isActive: true, isPopular: true, syncState: true,
    syncError: true, archivedAt: true, createdAt: true, updatedAt: true,
  },
};
