import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { PaymentProvider, SubscriptionStatus } from '@shared/domain';
import type { Dialect } from '@core/platform/db/connect';
import type { Database, SubscriptionsTable } from '@core/platform/db/schema';
import { newId } from '@core/platform/ids';

export type Subscription = Selectable<SubscriptionsTable>;
export type NewSubscription = Insertable<SubscriptionsTable>;
export type SubscriptionUpdate = Updateable<SubscriptionsTable>;

export function subscriptionsRepository(db: Kysely<Database>, dialect: Dialect) {
  return {
    /**
     * The subscription with this provider id. `forUpdate` locks the row on PostgreSQL so that two
     * consoles applying events to it take turns (SQLite transactions are serial already).
     */
    async findByProviderId(
      tenantId: string,
      provider: PaymentProvider,
      providerSubscriptionId: string,
      options: { forUpdate?: boolean } = {},
    ): Promise<Subscription | undefined> {
      let q = db
        .selectFrom('subscriptions')
        .selectAll()
        .where('tenantId', '=', tenantId)
        .where('provider', '=', provider)
        .where('providerSubscriptionId', '=', providerSubscriptionId);
      if (options.forUpdate && dialect === 'postgres') q = q.forUpdate();
      return q.executeTakeFirst();
    },

    findById(id: string): Promise<Subscription | undefined> {
      return db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insert(row: NewSubscription): Promise<void> {
      await db.insertInto('subscriptions').values(row).execute();
    },

    async update(id: string, set: SubscriptionUpdate): Promise<void> {
      await db.updateTable('subscriptions').set(set).where('id', '=', id).execute();
    },

    /** What decides a member's paid access: every subscription they hold in the tenant. */
    listForMember(tenantId: string, userId: string) {
      return db
        .selectFrom('subscriptions')
        .select(['id', 'status', 'graceEndsAt'])
        .where('tenantId', '=', tenantId)
        .where('userId', '=', userId)
        .execute();
    },

    /** One row of the append-only history (member timeline, analytics). */
    async recordEvent(input: {
      tenantId: string;
      subscriptionId: string;
      kind: string;
      status: SubscriptionStatus;
      amountMinor: number;
      occurredAt: string;
    }): Promise<void> {
      await db
        .insertInto('subscriptionEvents')
        .values({ id: newId('subscriptionEvent'), ...input })
        .execute();
    },
  };
}
export type SubscriptionsRepository = ReturnType<typeof subscriptionsRepository>;
