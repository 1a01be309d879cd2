import type { Kysely, Selectable } from 'kysely';
import type { PaymentProvider } from '@shared/domain';
import type { CustomersTable, Database } from '@core/platform/db/schema';
import { compiledStatement } from '@core/platform/db/compiled';
import { newId } from '@core/platform/ids';

export type Customer = Selectable<CustomersTable>;

// What every applied subscription event runs, compiled once (compiledStatement).
type Key = { tenantId: string; provider: string; providerCustomerId: string };
const findStatement = compiledStatement((db, p: Key) =>
  db
    .selectFrom('customers')
    .selectAll()
    .where('tenantId', '=', p.tenantId)
    .where('provider', '=', p.provider as PaymentProvider)
    .where('providerCustomerId', '=', p.providerCustomerId),
);
const insertIfNewStatement = compiledStatement((db, p: Customer) =>
  db
    .insertInto('customers')
    .values({ id: p.id, tenantId: p.tenantId, userId: p.userId, provider: p.provider, providerCustomerId: p.providerCustomerId, email: p.email, createdAt: p.createdAt })
    .onConflict((oc) => oc.columns(['tenantId', 'provider', 'providerCustomerId']).doNothing())
    .returningAll(),
);

/** A payment provider's customer, linked to one of our users once we know who they are. */
export function customersRepository(db: Kysely<Database>) {
  const find = async (tenantId: string, provider: PaymentProvider, providerCustomerId: string): Promise<Customer | undefined> =>
    (await findStatement.execute(db, { tenantId, provider, providerCustomerId })).rows[0];

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
      const { rows } = await insertIfNewStatement.execute(db, {
        id: newId('customer'),
        tenantId: input.tenantId,
        userId: input.userId,
        provider: input.provider,
        providerCustomerId: input.providerCustomerId,
        email: input.email,
        createdAt: input.at,
      });
      const inserted = rows[0];
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
