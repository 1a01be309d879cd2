import { sql, type Kysely } from 'kysely';

// A fair, concurrent job runner needs to know, per job, which kind of work it is (each kind has
// its own concurrency limit) and on whose behalf it runs (tenants take turns within a kind):
// - jobs.work_kind: 'webhooks', 'deliveries', 'bulk', 'sync', 'events', … ('other' by default);
// - jobs.tenant_key: the tenant id, or '' for platform work; never null, so that the runner can
//   walk the distinct tenants of a kind through the index instead of reading every queued row;
// - jobs_fair_idx: the oldest due job of each tenant within a kind, by one index seek.
// Unfinished jobs of the kinds known today are classified; finished ones stay 'other'.
// Never import app code here.

const WORK_KIND_OF_JOB: Record<string, string> = {
  'webhook.process': 'webhooks',
  'webhook.deliver': 'deliveries',
  'webhook.forward': 'deliveries',
  'webhooks.reconcile': 'sync',
  'catalog.sync': 'sync',
  'catalog.archive-deleted': 'sync',
  'members.import.commit': 'bulk',
  'members.bulk': 'bulk',
  'domain-event.dispatch': 'events',
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('work_kind', 'text', (c) => c.notNull().defaultTo('other')).execute();
  await db.schema.alterTable('jobs').addColumn('tenant_key', 'text', (c) => c.notNull().defaultTo('')).execute();
  for (const [kind, workKind] of Object.entries(WORK_KIND_OF_JOB)) {
    await sql`UPDATE jobs SET work_kind = ${workKind} WHERE kind = ${kind} AND status IN ('pending', 'running')`.execute(db);
  }
  await db.schema.createIndex('jobs_fair_idx').on('jobs').columns(['status', 'work_kind', 'tenant_key', 'run_at']).execute();
}
