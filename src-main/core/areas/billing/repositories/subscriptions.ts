import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { PaymentProvider, SubscriptionStatus } from '@shared/domain';
import { compiledStatement } from '@core/platform/db/compiled';
import type { Dialect } from '@core/platform/db/connect';
import type { Database, SubscriptionsTable } from '@core/platform/db/schema';
import { newId } from '@core/platform/ids';

export type Subscription = Selectable<SubscriptionsTable>;
export type NewSubscription = Insertable<SubscriptionsTable>;
export type SubscriptionUpdate = Updateable<SubscriptionsTable>;

// What every applied subscription event runs, compiled once (compiledStatement).
type ByProviderId = { tenantId: string; provider: string; providerSubscriptionId: string };
const byProviderId = (db: Kysely<Database>, p: ByProviderId) =>
  db
    .selectFrom('subscriptions')
    .selectAll()
    .where('tenantId', '=', p.tenantId)
    .where('provider', '=', p.provider as PaymentProvider)
    .where('providerSubscriptionId', '=', p.providerSubscriptionId);
const findByProviderIdStatement = compiledStatement(byProviderId);
const findByProviderIdForUpdate = compiledStatement((db, p: ByProviderId) => byProviderId(db, p).forUpdate());
const insertStatement = compiledStatement((db, p: Subscription) =>
  db.insertInto('subscriptions').values({
    id: p.id,
    tenantId: p.tenantId,
    userId: p.userId,
    customerId: p.customerId,
    packageId: p.packageId,
    provider: p.provider,
    providerSubscriptionId: p.providerSubscriptionId,
    planId: p.planId,
    status: p.status,
    amountMinor: p.amountMinor,
    currency: p.currency,
    interval: p.interval,
    currentPeriodEnd: p.currentPeriodEnd,
    cancelAtPeriodEnd: p.cancelAtPeriodEnd,
    startedAt: p.startedAt,
    canceledAt: p.canceledAt,
    graceEndsAt: p.graceEndsAt,
    providerUpdatedAt: p.providerUpdatedAt,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  }),
);
const updateStatement = compiledStatement((db, p: Record<string, unknown>, columns: string) =>
  db
    .updateTable('subscriptions')
    .set(Object.fromEntries(columns.split(',').map((c) => [c, p[c]])) as SubscriptionUpdate)
    .where('id', '=', p.id as string),
);
type SubscriptionEvent = { id: string; tenantId: string; subscriptionId: string; kind: string; status: SubscriptionStatus; amountMinor: number; occurredAt: string };
const recordEventStatement = compiledStatement((db, p: SubscriptionEvent) =>
  db.insertInto('subscriptionEvents').values({
    id: p.id,
    tenantId: p.tenantId,
    subscriptionId: p.subscriptionId,
    kind: p.kind,
    status: p.status,
    amountMinor: p.amountMinor,
    occurredAt: p.occurredAt,
  }),
);

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
      const statement = options.forUpdate && dialect === 'postgres' ? findByProviderIdForUpdate : findByProviderIdStatement;
      const { rows } = await statement.execute(db, { tenantId, provider, providerSubscriptionId });
      return rows[0];
    },

    findById(id: string): Promise<Subscription | undefined> {
      return db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insert(row: NewSubscription): Promise<void> {
      // A whole row (every column given) goes by the compiled statement; a partial one as built.
      if (isWholeRow(row)) await insertStatement.execute(db, row);
      else await db.insertInto('subscriptions').values(row).execute();
    },

    async update(id: string, set: SubscriptionUpdate): Promise<void> {
      // Compiled once per set of columns changed (a handful: status, period, links…).
      const columns = Object.keys(set).filter((k) => set[k as keyof SubscriptionUpdate] !== undefined);
      const values = set as Record<string, unknown>;
      if (columns.some((c) => !(COLUMNS as readonly string[]).includes(c) || (typeof values[c] === 'object' && values[c] !== null))) {
        await db.updateTable('subscriptions').set(set).where('id', '=', id).execute();
        return;
      }
      await updateStatement.execute(db, { ...values, id }, columns.join(','));
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
      await recordEventStatement.execute(db, { id: newId('subscriptionEvent'), ...input });
    },
  };
}
const COLUMNS = ['id', 'tenantId', 'userId', 'customerId', 'packageId', 'provider', 'providerSubscriptionId', 'planId', 'status', 'amountMinor', 'currency', 'interval', 'currentPeriodEnd', 'cancelAtPeriodEnd', 'startedAt', 'canceledAt', 'graceEndsAt', 'providerUpdatedAt', 'createdAt', 'updatedAt'] as const satisfies readonly (keyof Subscription)[];
const isWholeRow = (row: NewSubscription): row is Subscription => COLUMNS.every((c) => row[c] !== undefined);

export type SubscriptionsRepository = ReturnType<typeof subscriptionsRepository>;
