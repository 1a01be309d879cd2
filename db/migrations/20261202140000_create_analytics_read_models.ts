import type { Kysely } from 'kysely';

// Analytics read models (issue 12), kept by the analytics area from subscription and member events
// and rebuilt by its catch-up pass; never written by anything else. Never import app code here.
// - analytics_movements: one row per subscription event that moved a customer's MRR (ChartMogul's
//   new / expansion / contraction / churned / reactivation), keyed by the event; customer = member.
// - analytics_mrr_days: those movements summed per UTC day (minor units, customer counts).
// - analytics_member_facts: each member's join day, source and leave day as last seen, so a change
//   moves the day counts by exactly the difference.
// - analytics_member_days: joins and leaves per UTC day and join source.
// - analytics_state: per tenant, when the catch-up pass last built or checked the read models.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('analytics_movements')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('customer_key', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_movements_pk', ['tenant_id', 'event_id'])
    .execute();
  await s.createIndex('analytics_movements_customer_idx').on('analytics_movements').columns(['tenant_id', 'customer_key']).execute();
  await s.createIndex('analytics_movements_subscription_idx').on('analytics_movements').columns(['tenant_id', 'subscription_id']).execute();
  await s.createIndex('analytics_movements_kind_day_idx').on('analytics_movements').columns(['tenant_id', 'kind', 'day']).execute();

  await s
    .createTable('analytics_mrr_days')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('new_minor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expansion_minor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('contraction_minor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('churned_minor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reactivation_minor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('new_customers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reactivated_customers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('churned_customers', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('analytics_mrr_days_pk', ['tenant_id', 'day'])
    .execute();

  await s
    .createTable('analytics_member_facts')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('join_source', 'text', (c) => c.notNull())
    .addColumn('joined_day', 'text', (c) => c.notNull())
    .addColumn('left_day', 'text')
    .addPrimaryKeyConstraint('analytics_member_facts_pk', ['tenant_id', 'user_id'])
    .execute();

  await s
    .createTable('analytics_member_days')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('join_source', 'text', (c) => c.notNull())
    .addColumn('joined_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('left_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('analytics_member_days_pk', ['tenant_id', 'day', 'join_source'])
    .execute();

  await s
    .createTable('analytics_state')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('built_at', 'text')
    .addColumn('checked_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
