import { sql, type Kysely, type Selectable } from 'kysely';
import type { BillingInterval, Currency } from '@shared/domain';
import type { PackageRecord } from '@shared/schemas/packages';
import type { Database, PackagesTable } from '@core/platform/db/schema';

type PackageRow = Selectable<PackagesTable>;

/** The row as the app thinks of it: real booleans and the features list parsed. */
export function toPackageRecord(row: PackageRow): PackageRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    description: row.description,
    priceMinor: Number(row.priceMinor),
    interval: row.interval as BillingInterval,
    currency: row.currency as Currency,
    maxUsers: Number(row.maxUsers),
    maxAiPosts: Number(row.maxAiPosts),
    maxSocialAccounts: Number(row.maxSocialAccounts),
    maxCampaigns: Number(row.maxCampaigns),
    displayFeatures: JSON.parse(row.displayFeatures) as string[],
    salePriceMinor: row.salePriceMinor === null ? null : Number(row.salePriceMinor),
    saleStartsAt: row.saleStartsAt,
    saleEndsAt: row.saleEndsAt,
    variantId: row.variantId,
    isActive: Number(row.isActive) === 1,
    isPopular: Number(row.isPopular) === 1,
    syncState: row.syncState,
    syncError: row.syncError,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The columns an owner edits; sync and archive state are written by their own operations. */
export type PackageFields = Pick<
  PackageRecord,
  | 'name' | 'description' | 'priceMinor' | 'interval' | 'currency' | 'maxUsers' | 'maxAiPosts'
  | 'maxSocialAccounts' | 'maxCampaigns' | 'displayFeatures' | 'salePriceMinor' | 'saleStartsAt'
  | 'saleEndsAt' | 'variantId' | 'isActive' | 'isPopular'
>;

function toColumns(f: PackageFields) {
  return {
    name: f.name,
    description: f.description,
    priceMinor: f.priceMinor,
    interval: f.interval,
    currency: f.currency,
    maxUsers: f.maxUsers,
    maxAiPosts: f.maxAiPosts,
    maxSocialAccounts: f.maxSocialAccounts,
    maxCampaigns: f.maxCampaigns,
    displayFeatures: JSON.stringify(f.displayFeatures),
    salePriceMinor: f.salePriceMinor,
    saleStartsAt: f.saleStartsAt,
    saleEndsAt: f.saleEndsAt,
    variantId: f.variantId,
    isActive: f.isActive ? 1 : 0,
    isPopular: f.isPopular ? 1 : 0,
  };
}

export function packagesRepository(db: Kysely<Database>) {
  const ofTenant = (tenantId: string) => db.selectFrom('packages').selectAll().where('tenantId', '=', tenantId);

  return {
    /** A tenant's packages, cheapest first as a pricing page lists them. */
    async list(tenantId: string, { publicOnly }: { publicOnly: boolean }): Promise<PackageRecord[]> {
      let q = ofTenant(tenantId);
      if (publicOnly) q = q.where('isActive', '=', 1).where('archivedAt', 'is', null);
      const rows = await q.orderBy('priceMinor').orderBy('name').orderBy('id').execute();
      return rows.map(toPackageRecord);
    },

    async find(tenantId: string, id: string): Promise<PackageRecord | undefined> {
      const row = await ofTenant(tenantId).where('id', '=', id).executeTakeFirst();
      return row && toPackageRecord(row);
    },

    /** Another package of the tenant with this name, ignoring case ("Pro" and "pro" would confuse a pricing page). */
    async findByName(tenantId: string, name: string, exceptId?: string) {
      let q = db
        .selectFrom('packages')
        .select(['id', 'name', 'archivedAt'])
        .where('tenantId', '=', tenantId)
        .where(sql<string>`lower(name)`, '=', name.toLowerCase());
      if (exceptId) q = q.where('id', '!=', exceptId);
      return q.executeTakeFirst();
    },

    async insert(row: { id: string; tenantId: string; at: string } & PackageFields): Promise<void> {
      await db
        .insertInto('packages')
        .values({ id: row.id, tenantId: row.tenantId, ...toColumns(row), createdAt: row.at, updatedAt: row.at })
        .execute();
    },

    /** Saves the edited fields; `archivedAt` is written too so that reactivating un-archives. */
    async update(tenantId: string, id: string, fields: PackageFields & { archivedAt: string | null }, at: string): Promise<void> {
      await db
        .updateTable('packages')
        .set({ ...toColumns(fields), archivedAt: fields.archivedAt, updatedAt: at })
        .where('tenantId', '=', tenantId)
        .where('id', '=', id)
        .execute();
    },

    async archive(tenantId: string, id: string, at: string): Promise<void> {
      await db
        .updateTable('packages')
        .set((eb) => ({ isActive: 0, archivedAt: eb.fn.coalesce('archivedAt', eb.val(at)), updatedAt: at }))
        .where('tenantId', '=', tenantId)
        .where('id', '=', id)
        .execute();
    },

    async delete(tenantId: string, id: string): Promise<void> {
      await db.deleteFrom('packages').where('tenantId', '=', tenantId).where('id', '=', id).execute();
    },

    /** Subscriptions of any status: canceled ones are revenue history and must keep their package. */
    async countSubscriptions(tenantId: string, id: string): Promise<number> {
      const row = await db
        .selectFrom('subscriptions')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenantId', '=', tenantId)
        .where('packageId', '=', id)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
export type PackagesRepository = ReturnType<typeof packagesRepository>;
