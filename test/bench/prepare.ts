import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seedDemoData } from '../../db/seed';
import { readSeedState } from '../../db/seed/state';
import { createCore, type Core } from '../../src-main/core/create-core';
import { silentLogger } from '../../src-main/core/logger';

// The benchmark's data: one SQLite data dir under .bench-data/ (gitignored), seeded once and reused
// while it holds the size asked for. Another size, or data of unknown origin, is thrown away.

export const BENCH_DIR = fileURLToPath(new URL('../../.bench-data/members', import.meta.url));
const TENANT = 'bench';
// Fixed, so that every bench data dir of a given size holds the same rows.
const NOW = '2026-11-22T00:00:00.000Z';

export interface BenchData {
  core: Core;
  tenantId: string;
  /** Seconds spent seeding in this run, or null when the data was reused. */
  seededSeconds: number | null;
}

export async function prepareBenchData(members: number, log: (line: string) => void): Promise<BenchData> {
  let core: Core;
  try {
    core = await openBenchCore();
  } catch (err) {
    // Typically a schema from an older checkout that migrations cannot bring forward: the data is
    // only a benchmark's, so it is made again.
    log(`cannot open ${BENCH_DIR} (${err instanceof Error ? err.message : String(err)}); starting afresh`);
    rmSync(BENCH_DIR, { recursive: true, force: true });
    core = await openBenchCore();
  }
  const tenant = await core.database.db.selectFrom('tenants').select('id').where('slug', '=', TENANT).executeTakeFirst();
  const state = tenant ? await readSeedState(core.database.db, tenant.id) : undefined;
  if (tenant && state?.complete && state.members === members) {
    log(`reusing ${BENCH_DIR} (${members.toLocaleString('en-US')} members)`);
    return { core, tenantId: tenant.id, seededSeconds: null };
  }
  const resumable = state !== undefined && !state.complete && state.members === members;
  if (tenant && !resumable) {
    log(`${BENCH_DIR} holds ${state ? `${state.members.toLocaleString('en-US')} members` : 'other data'}; starting afresh`);
    await core.close();
    rmSync(BENCH_DIR, { recursive: true, force: true });
    core = await openBenchCore();
  }

  log(`${resumable ? 'resuming the seed of' : 'seeding'} ${members.toLocaleString('en-US')} members into ${BENCH_DIR}`);
  const started = performance.now();
  const report = await seedDemoData(core.database, {
    tenantSlug: TENANT,
    members,
    ownerUserId: await core.services.owner.id(),
    now: NOW,
    onProgress: (done, total) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      log(`  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} members (${seconds} s)`);
    },
  });
  const seededSeconds = (performance.now() - started) / 1000;
  return { core, tenantId: report.tenantId, seededSeconds };
}

function openBenchCore(): Promise<Core> {
  return createCore({ dataDir: BENCH_DIR, logger: silentLogger });
}
