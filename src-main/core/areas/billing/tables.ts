import type { Generated } from 'kysely';
import type { PaymentProvider, SubscriptionStatus } from '@shared/domain';
import type { TablesOf, Bool } from '../../platform/db/table-columns';

// Tables of the billing area (customers, subscriptions, metered use), as the row types Kysely sees (camelCase; the database names are snake_case).

export interface CustomersTable {
  id: string;
  tenantId: string;
  userId: string | null;
  provider: PaymentProvider;
  providerCustomerId: string;
  email: string | null;
  createdAt: string;
}

export interface SubscriptionsTable {
  id: string;
  tenantId: string;
  userId: string | null;
  customerId: string | null;
  packageId: string | null;
  provider: PaymentProvider;
  providerSubscriptionId: string;
  planId: string | null;
  status: SubscriptionStatus;
  amountMinor: Generated<number>;
  currency: Generated<string>;
  interval: Generated<string>;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: Generated<Bool>;
  startedAt: string;
  canceledAt: string | null;
  /** Paid access continues until then after a failed payment (owner's grace period). */
  graceEndsAt: string | null;
  providerUpdatedAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface SubscriptionEventsTable {
  id: string;
  tenantId: string;
  subscriptionId: string;
  kind: string;
  status: SubscriptionStatus;
  amountMinor: number;
  occurredAt: string;
}

/** Metered use per member, metric and calendar month ('YYYY-MM', UTC). */
export interface UsageCountersTable {
  tenantId: string;
  userId: string;
  metric: string;
  period: string;
  count: Generated<number>;
  updatedAt: string;
  overLimitSince: string | null;
}

/** One accepted entitlements.consume by idempotency key, with the answer it got. */
export interface EntitlementConsumptionsTable {
  tenantId: string;
  userId: string;
  idempotencyKey: string;
  metric: string;
  period: string;
  amount: number;
  used: number;
  max: number;
  resetsAt: string | null;
  createdAt: string;
  releasedAt: string | null;
}

export interface BillingTables {
  customers: CustomersTable;
  subscriptions: SubscriptionsTable;
  subscriptionEvents: SubscriptionEventsTable;
  usageCounters: UsageCountersTable;
  entitlementConsumptions: EntitlementConsumptionsTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const BILLING_TABLES: TablesOf<BillingTables> = {
  customers: { id: true, tenantId: true, userId: true, provider: true, providerCustomerId: true, email: true, createdAt: true },
  subscriptions: {
    id: true, tenantId: true, userId: true, customerId: true, packageId: true, provider: true, providerSubscriptionId: true, planId: true,
    status: true, amountMinor: true, currency: true, interval: true, currentPeriodEnd: true, cancelAtPeriodEnd: true, startedAt: true,
    canceledAt: true, graceEndsAt: true, providerUpdatedAt: true, createdAt: true, updatedAt: true,
  },
  subscriptionEvents: { id: true, tenantId: true, subscriptionId: true, kind: true, status: true, amountMinor: true, occurredAt: true },
  usageCounters: { tenantId: true, userId: true, metric: true, period: true, count: true, updatedAt: true, overLimitSince: true },
  entitlementConsumptions: {
    tenantId: true, userId: true, idempotencyKey: true, metric: true, period: true, amount: true, used: true, max: true, resetsAt: true,
    createdAt: true, releasedAt: true,
  },
};
