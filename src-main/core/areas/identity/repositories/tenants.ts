import type { Kysely } from 'kysely';
import type { Database, Tenant } from '@core/platform/db/schema';

export function tenantsRepository(db: Kysely<Database>) {
  return {
    async insert(row: Tenant): Promise<void> {
      await db.insertInto('tenants').values(row).execute();
    },
    findById(id: string): Promise<Tenant | undefined> {
      return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findBySlug(slug: string): Promise<Tenant | undefined> {
      return db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
    /** Tenants where the user holds an active membership, with their role there. */
    listForUser(userId: string) {
      return db
        .selectFrom('tenants as t')
        .innerJoin('memberships as m', 'm.tenantId', 't.id')
        .select(['t.id', 't.slug', 't.name', 't.createdAt', 'm.role'])
        .where('m.userId', '=', userId)
        .where('m.status', '=', 'active')
        .orderBy('t.name')
        .execute();
    },
    async countActiveMembers(tenantId: string): Promise<number> {
      const row = await db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenantId', '=', tenantId)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
export type TenantsRepository = ReturnType<typeof tenantsRepository>;
