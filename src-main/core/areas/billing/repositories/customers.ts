import type { Kysely, Selectable } from 'kysely';
import type { PaymentProvider } from '@shared/domain';
import type { CustomersTable, Database } from '@core/platform/db/schema';
import { newId } from '@core/platform/ids';

export type Customer = Selectable<CustomersTable>;

/** A payment provider's customer, linked to one of our users once we know who they are. */
export function customersRepository(db: Kysely<Database>) {
  const find = (tenantId: string, provider: PaymentProvider, providerCustomerId: string) =>
    db
      .selectFrom('customers')
      .selectAll()
      .where('tenantId', '=', tenantId)
      .where('provider', '=', provider)
      .where('providerCustomerId', '=', providerCustomerId)
      .executeTakeFirst();

  return {
    find,

    /** Tenants that already know this provider customer (usually one). */
    async tenantsOf(provider: PaymentProvider, providerCustomerId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('customers')
        .select('tenantId')
        .where('provider', '=', provider)
        .where('providerCustomerId', '=', providerCustomerId)
        .execute();
      return rows.map((r) => r.tenantId);
    },

    /**
     * Inserts the customer if new; links it to the user if it had none. Returns the row and
     * whether it was created or linked by this call (for the event's change list).
     */
    async upsert(input: {
      tenantId: string;
      provider: PaymentProvider;
      providerCustomerId: string;
      userId: string | null;
      email: string | null;
      at: string;
    }): Promise<{ customer: Customer; created: boolean; linked: boolean }> {
      const inserted = await db
        .insertInto('customers')
        .values({
          id: newId('customer'),
          tenantId: input.tenantId,
          userId: input.userId,
          provider: input.provider,
          providerCustomerId: input.providerCustomerId,
          email: input.email,
          createdAt: input.at,
        })
        .onConflict((oc) => oc.columns(['tenantId', 'provider', 'providerCustomerId']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { customer: inserted, created: true, linked: false };
      const existing = (await find(input.tenantId, input.provider, input.providerCustomerId))!;
      if (existing.userId || !input.userId) return { customer: existing, created: false, linked: false };
      await db
        .updateTable('customers')
        .set({ userId: input.userId, email: existing.email ?? input.email })
        .where('id', '=', existing.id)
        .where('userId', 'is', null)
        .execute();
      return { customer: { ...existing, userId: input.userId }, created: false, linked: true };
    },
  };
}
export type CustomersRepository = ReturnType<typeof customersRepository>;
