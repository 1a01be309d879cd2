import type { TablesOf } from '../../platform/db/table-columns';

// Tables of the analytics area (read models kept from subscription and member events), as the row
// types Kysely sees (camelCase; the database names are snake_case). Money is integer minor units.

/** One subscription event that moved a customer's (member's) MRR, classified (src-shared/analytics.ts). */
export interface AnalyticsMovementsTable {
  tenantId: string;
  eventId: string;
  /** The member's user id (or `sub:<subscription id>` for a subscription no member is linked to). */
  customerKey: string;
  subscriptionId: string;
  /** 'YYYY-MM-DD' (UTC) of occurredAt. */
  day: string;
  occurredAt: string;
  kind: string;
  amountMinor: number;
}

/** The movements of one UTC day, summed. */
export interface AnalyticsMrrDaysTable {
  tenantId: string;
  day: string;
  newMinor: number;
  expansionMinor: number;
  contractionMinor: number;
  churnedMinor: number;
  reactivationMinor: number;
  newCustomers: number;
  reactivatedCustomers: number;
  churnedCustomers: number;
}

/** A member's join and leave as the read model last counted them. */
export interface AnalyticsMemberFactsTable {
  tenantId: string;
  userId: string;
  joinSource: string;
  joinedDay: string;
  leftDay: string | null;
}

/** Joins and leaves per UTC day and join source. */
export interface AnalyticsMemberDaysTable {
  tenantId: string;
  day: string;
  joinSource: string;
  joinedCount: number;
  leftCount: number;
}

/** When the catch-up pass last built (from nothing) or checked a tenant's read models. */
export interface AnalyticsStateTable {
  tenantId: string;
  builtAt: string | null;
  checkedAt: string | null;
  updatedAt: string;
}

export interface AnalyticsTables {
  analyticsMovements: AnalyticsMovementsTable;
  analyticsMrrDays: AnalyticsMrrDaysTable;
  analyticsMemberFacts: AnalyticsMemberFactsTable;
  analyticsMemberDays: AnalyticsMemberDaysTable;
  analyticsState: AnalyticsStateTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const ANALYTICS_TABLES: TablesOf<AnalyticsTables> = {
  analyticsMovements: { tenantId: true, eventId: true, customerKey: true, subscriptionId: true, day: true, occurredAt: true, kind: true, amountMinor: true },
  analyticsMrrDays: {
    tenantId: true, day: true, newMinor: true, expansionMinor: true, contractionMinor: true, churnedMinor: true, reactivationMinor: true,
    newCustomers: true, reactivatedCustomers: true, churnedCustomers: true,
  },
  analyticsMemberFacts: { tenantId: true, userId: true, joinSource: true, joinedDay: true, leftDay: true },
  analyticsMemberDays: { tenantId: true, day: true, joinSource: true, joinedCount: true, leftCount: true },
  analyticsState: { tenantId: true, builtAt: true, checkedAt: true, updatedAt: true },
};
