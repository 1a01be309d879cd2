import type { Kysely } from 'kysely';

// Which console process is sending a campaign, until when (renewed while it sends): a second
// process sharing the database (a team server on PostgreSQL) waits instead of sending the same
// campaign at the same time, so at most one process's connections have recipients in flight.
// Never import app code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('campaigns').addColumn('send_lease_owner', 'text').execute();
  await db.schema.alterTable('campaigns').addColumn('send_lease_until', 'text').execute();
}
