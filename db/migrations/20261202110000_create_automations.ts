import type { Kysely } from 'kysely';

// Automations (issue 11 §7): a tenant's automations (a trigger and an ordered list of steps, JSON),
// their runs (one per member and trigger occurrence: the unique (automation_id, user_id,
// trigger_key) is what keeps one trigger from starting the same automation twice for a member),
// and each run's step log. Never import app code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('automations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('builtin', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One row per built-in per tenant (NULL builtin: owner-made, any number).
  await db.schema.createIndex('automations_builtin_uq').on('automations').columns(['tenant_id', 'builtin']).unique().execute();

  await db.schema
    .createTable('automation_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('automation_id', 'text', (c) => c.notNull().references('automations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('trigger_key', 'text', (c) => c.notNull())
    .addColumn('trigger_data', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('current_step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ended_reason', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('automation_runs_trigger_uq').on('automation_runs').columns(['automation_id', 'user_id', 'trigger_key']).unique().execute();
  await db.schema.createIndex('automation_runs_by_automation').on('automation_runs').columns(['tenant_id', 'automation_id', 'started_at', 'id']).execute();
  await db.schema.createIndex('automation_runs_by_member').on('automation_runs').columns(['tenant_id', 'user_id', 'started_at', 'id']).execute();

  await db.schema
    .createTable('automation_run_steps')
    .addColumn('run_id', 'text', (c) => c.notNull().references('automation_runs.id').onDelete('cascade'))
    .addColumn('step_index', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('detail', 'text')
    .addColumn('error', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addPrimaryKeyConstraint('automation_run_steps_pk', ['run_id', 'step_index'])
    .execute();
}
