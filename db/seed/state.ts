import type { Kysely } from 'kysely';
import type { Database } from '../../src-main/core/platform/db/schema';
import type { Row } from './writer';

// What has been seeded into a tenant, kept as a tenant setting and written in the same transaction
// as each batch of rows. After a crash or Ctrl-C it says exactly which members are in, so a second
// run carries on from there with the same options and produces the rows a single run would have.

const KEY = 'demo_seed';

export interface SeedState {
  version: 1;
  seed: number;
  members: number;
  now: string;
  /** Members 0 … done-1 are written, with their users, groups, spaces and billing. */
  done: number;
  /** Posts, comments and reactions are written too: nothing is left to do. */
  complete: boolean;
}

export async function readSeedState(db: Kysely<Database>, tenantId: string): Promise<SeedState | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('scope', '=', tenantId)
    .where('key', '=', KEY)
    .executeTakeFirst();
  if (!row) return undefined;
  const state = JSON.parse(row.value) as SeedState;
  if (state.version !== 1) throw new Error(`demo data of this tenant was written by a newer version (${state.version})`);
  return state;
}

/** The settings row that records the state (an upsert, see writer.ts). */
export function seedStateRow(tenantId: string, state: SeedState): Row {
  return [tenantId, KEY, JSON.stringify(state), 0, state.now];
}
