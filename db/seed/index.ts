import type BetterSqlite3 from 'better-sqlite3';
import type { DatabaseHandle } from '../../src-main/core/platform/db/connect';
import { generateCatalog } from './catalog';
import { generateContent } from './content';
import { tenantIds } from './ids';
import { generateMembers } from './members';
import { makePlan } from './plan';
import { readSeedState, seedStateRow, type SeedState } from './state';
import { iso } from './time';
import { postgresWriter, sqliteWriter, type RowCounts, type RowSink, type RowWriter } from './writer';

export interface SeedOptions {
  tenantSlug: string;
  tenantName?: string;
  members: number;
  /** The console owner: made an ADMIN of the seeded tenant. */
  ownerUserId: string;
  /** "Today" for the generated history (ISO). */
  now: string;
  /** PRNG seed; the same seed and options give the same data. */
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  /** Members written per transaction (default 100,000); the data does not depend on it. */
  batchSize?: number;
}

export interface SeedReport {
  tenantId: string;
  /** Members of the tenant's demo data (not counting the owner). */
  members: number;
  /**
   * The tenant already held complete demo data, and nothing was written. A tenant is seeded once:
   * its members' join dates are spread by their count and the seed's "now", so topping up would
   * rewrite everyone. To get a bigger demo, seed another tenant.
   */
  alreadySeeded: boolean;
  /** An interrupted earlier run was carried on, with the seed, size and "now" that run recorded. */
  resumed: boolean;
  seed: number;
  /** Rows this call inserted (or, for its own progress record, updated), per table. */
  rowsWritten: RowCounts;
}

/**
 * Members generated and written per transaction: a few seconds of work on SQLite. Fewer, bigger
 * transactions are faster (each commit rewrites the index pages it touched), and after a crash the
 * next run resumes from the last one committed.
 */
const DEFAULT_BATCH = 100_000;

/**
 * Fills a tenant with a realistic, deterministic community: the same options (seed, slug, size and
 * "now") give the same rows, ids included. Creates the tenant if the slug is new. A tenant that
 * already holds complete demo data is left alone (see SeedReport.alreadySeeded); a run that was
 * interrupted is resumed; a tenant that holds other data is refused.
 */
export async function seedDemoData(database: DatabaseHandle, options: SeedOptions): Promise<SeedReport> {
  if (!Number.isInteger(options.members) || options.members < 0) {
    throw new Error(`members must be a whole number, got ${options.members}`);
  }
  if (Number.isNaN(Date.parse(options.now))) throw new Error(`now must be an ISO date, got "${options.now}"`);
  const { db } = database;
  const slug = options.tenantSlug;
  const ids = tenantIds(slug);

  const existing = await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst();
  const tenantId = existing?.id ?? ids.tenant();
  const recorded = existing ? await readSeedState(db, tenantId) : undefined;
  if (recorded?.complete) {
    return { tenantId, members: recorded.members, alreadySeeded: true, resumed: false, seed: recorded.seed, rowsWritten: {} };
  }
  if (existing && !recorded) await refuseIfInUse(database, tenantId, slug, options.ownerUserId);

  let state: SeedState = recorded ?? {
    version: 1,
    seed: options.seed ?? 1,
    members: options.members,
    now: options.now,
    done: 0,
    complete: false,
  };
  const plan = makePlan({ tenantId, tenantSlug: slug, ownerUserId: options.ownerUserId, ...state });
  const writer: RowWriter = database.sqlite ? sqliteWriter(database.sqlite) : postgresWriter(db);
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
  const rowsWritten: RowCounts = {};
  const write = async (fill: (sink: RowSink) => void) => {
    const counts = await writer.write(fill);
    for (const [name, n] of Object.entries(counts) as [keyof RowCounts, number][]) {
      rowsWritten[name] = (rowsWritten[name] ?? 0) + n;
    }
  };

  const restorePragmas = database.sqlite ? tuneForBulkLoad(database.sqlite) : () => {};
  try {
    if (!recorded) {
      const createdAt = iso(plan.t.tenantCreatedMs);
      const ownerNeedsMembership = await ensureOwnerIsAdmin(database, tenantId, options.ownerUserId);
      const first = state;
      await write((sink) => {
        if (!existing) sink.push('tenants', [tenantId, slug, options.tenantName ?? titleOf(slug), null, createdAt, createdAt]);
        if (ownerNeedsMembership) {
          // Sort keys left null: the trigger copies them from the owner's user row.
          sink.push('memberships', [ids.membership(0), tenantId, options.ownerUserId, 'ADMIN', 'invite_link', 'active', null, null, 0, createdAt, first.now, null, null, null]);
        }
        generateCatalog(tenantId, ids, plan.t, sink);
        sink.push('settings', seedStateRow(tenantId, first));
      });
    }

    options.onProgress?.(state.done, state.members);
    while (state.done < state.members) {
      const from = state.done;
      const next: SeedState = { ...state, done: Math.min(from + batchSize, state.members) };
      await write((sink) => {
        generateMembers(plan, from, next.done, sink);
        sink.push('settings', seedStateRow(tenantId, next));
      });
      state = next;
      options.onProgress?.(state.done, state.members);
    }

    const last: SeedState = { ...state, complete: true };
    await write((sink) => {
      generateContent(plan, sink);
      sink.push('audit_log', [
        ids.audit(0),
        tenantId,
        options.ownerUserId,
        'tenant.demo_data_seeded',
        'tenant',
        tenantId,
        null,
        JSON.stringify({ members: last.members, seed: last.seed }),
        last.now,
      ]);
      sink.push('settings', seedStateRow(tenantId, last));
    });
    state = last;
    if (database.sqlite) finishBulkLoad(database.sqlite);
  } finally {
    restorePragmas();
  }
  return { tenantId, members: state.members, alreadySeeded: false, resumed: recorded !== undefined, seed: state.seed, rowsWritten };
}

function titleOf(slug: string): string {
  return slug
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/** Demo data goes into a new or empty tenant only: never among an owner's real members and plans. */
async function refuseIfInUse(database: DatabaseHandle, tenantId: string, slug: string, ownerUserId: string) {
  const { db } = database;
  const member = await db
    .selectFrom('memberships')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where('userId', '!=', ownerUserId)
    .limit(1)
    .executeTakeFirst();
  const pkg = await db.selectFrom('packages').select('id').where('tenantId', '=', tenantId).limit(1).executeTakeFirst();
  if (member || pkg) {
    throw new Error(`tenant "${slug}" already has members or packages of its own; demo data only goes into a new or empty tenant`);
  }
}

/** Makes the owner an active ADMIN; returns true when they still need a membership row. */
async function ensureOwnerIsAdmin(database: DatabaseHandle, tenantId: string, ownerUserId: string): Promise<boolean> {
  const { db } = database;
  const current = await db
    .selectFrom('memberships')
    .select(['role', 'status'])
    .where('tenantId', '=', tenantId)
    .where('userId', '=', ownerUserId)
    .executeTakeFirst();
  if (!current) return true;
  if (current.role !== 'ADMIN' || current.status !== 'active') {
    await db
      .updateTable('memberships')
      .set({ role: 'ADMIN', status: 'active', leftAt: null })
      .where('tenantId', '=', tenantId)
      .where('userId', '=', ownerUserId)
      .execute();
  }
  return false;
}

/**
 * Connection settings for the load, put back afterwards. A bigger page cache keeps the indexes being
 * appended to in memory. Checkpoints wait for the end: after every batch they would copy the index
 * pages into the database file only for the next batch to change most of them again.
 */
function tuneForBulkLoad(sqlite: BetterSqlite3.Database): () => void {
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  const autoCheckpoint = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  sqlite.pragma('cache_size = -262144');
  sqlite.pragma('wal_autocheckpoint = 0');
  return () => {
    sqlite.pragma(`cache_size = ${cacheSize}`);
    sqlite.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
  };
}

function finishBulkLoad(sqlite: BetterSqlite3.Database): void {
  // Batches leave the search index in many segments; merging them makes prefix searches faster.
  sqlite.prepare(`INSERT INTO member_search (member_search) VALUES ('optimize')`).run();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
}
