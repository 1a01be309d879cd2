import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrations } from '../../db/migrations';
import { seedDemoData } from '../../db/seed';
import { readSeedState } from '../../db/seed/state';
import { createCore, type Core } from '../../src-main/core/create-core';
import { silentLogger } from '../../src-main/core/platform/logger';

// The benchmark's data: one SQLite data dir per size under .bench-data/ (gitignored), seeded once
// with a fixed seed and "now" and reused. Beside it, a stamp records the schema (the migrations the
// data was built with), the seed and how long seeding took. A data set of another schema is built
// again rather than migrated: migrating a million rows forward is not the data a fresh checkout gets.

export const BENCH_ROOT = fileURLToPath(new URL('../../.bench-data', import.meta.url));
const TENANT = 'bench';
const SEED = 1;
// Fixed, so that every bench data dir of a given size holds the same rows.
const NOW = '2026-11-22T00:00:00.000Z';

interface Stamp {
  members: number;
  seed: number;
  now: string;
  /** The migrations the data set was built with, in order. */
  migrations: string[];
  seededSeconds: number | null;
  seededAt: string | null;
}

export interface BenchData {
  core: Core;
  tenantId: string;
  dir: string;
  /** Seconds seeding took (in this run, or when the data set was built). */
  seededSeconds: number;
  /** Whether this run built the data set. */
  seededNow: boolean;
  seededAt: string;
  /** The newest migration of the data set and how many there are. */
  schema: string;
}

export const benchDir = (members: number) => `${BENCH_ROOT}/members-${members}`;
const stampPath = (members: number) => `${benchDir(members)}.json`;
const schemaOf = (names: string[]) => `${names.at(-1) ?? 'none'} (${names.length} migrations)`;

function readStamp(members: number): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(stampPath(members), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

export async function prepareBenchData(members: number, log: (line: string) => void): Promise<BenchData> {
  const dir = benchDir(members);
  const expected = Object.keys(migrations);
  const stamp = readStamp(members);
  const sameBuild = stamp && stamp.seed === SEED && stamp.now === NOW && stamp.members === members && stamp.migrations.join() === expected.join();
  if (existsSync(dir) && !sameBuild) {
    log(stamp ? `${dir} was built with schema ${schemaOf(stamp.migrations)}, now ${schemaOf(expected)}: building it again` : `${dir} has no stamp: building it again`);
    rmSync(dir, { recursive: true, force: true });
  }
  if (!sameBuild) writeStamp(members, { members, seed: SEED, now: NOW, migrations: expected, seededSeconds: null, seededAt: null });

  const core = await createCore({ dataDir: dir, logger: silentLogger });
  const tenant = await core.database.db.selectFrom('tenants').select('id').where('slug', '=', TENANT).executeTakeFirst();
  const state = tenant ? await readSeedState(core.database.db, tenant.id) : undefined;
  const current = readStamp(members)!;
  if (tenant && state?.complete && current.seededSeconds !== null) {
    log(`reusing ${dir} (${members.toLocaleString('en-US')} members, schema ${schemaOf(current.migrations)})`);
    return { core, tenantId: tenant.id, dir, seededSeconds: current.seededSeconds, seededNow: false, seededAt: current.seededAt!, schema: schemaOf(current.migrations) };
  }

  // An interrupted seed of the same build carries on where it stopped (db/seed keeps its state).
  log(`${state ? 'resuming the seed of' : 'seeding'} ${members.toLocaleString('en-US')} members into ${dir} (seed ${SEED})`);
  const started = performance.now();
  const report = await seedDemoData(core.database, {
    tenantSlug: TENANT,
    members,
    seed: SEED,
    ownerUserId: await core.services.owner.id(),
    now: NOW,
    onProgress: (done, total) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      log(`  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} members (${seconds} s)`);
    },
  });
  const seededSeconds = (performance.now() - started) / 1000;
  const seededAt = new Date().toISOString();
  writeStamp(members, { ...current, seededSeconds, seededAt });
  return { core, tenantId: report.tenantId, dir, seededSeconds, seededNow: true, seededAt, schema: schemaOf(current.migrations) };
}

function writeStamp(members: number, stamp: Stamp): void {
  mkdirSync(BENCH_ROOT, { recursive: true });
  writeFileSync(stampPath(members), `${JSON.stringify(stamp, null, 2)}\n`);
}
