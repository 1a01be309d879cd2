import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CamelCasePlugin, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../src-main/core/platform/db/connect';
import { migrateToLatest } from '../../../src-main/core/platform/db/migrate';
import { startReadPool, type ReadPool } from '../../../src-main/core/platform/db/read-pool';
import { silentLogger } from '../../../src-main/core/platform/logger';

describe('the read pool (SQLite reads in worker threads)', () => {
  let dir: string;
  let handle: DatabaseHandle;
  let pool: ReadPool;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tc-read-pool-'));
    handle = openDatabase({ sqlitePath: join(dir, 'console.sqlite'), logger: silentLogger });
    await migrateToLatest(handle.db);
    pool = startReadPool({ file: join(dir, 'console.sqlite'), size: 2, plugins: [new CamelCasePlugin()], logger: silentLogger });
  });
  afterEach(async () => {
    await pool.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const addTenant = (slug: string) =>
    handle.db.insertInto('tenants').values({ id: `tenant_${slug}`, slug, name: slug.toUpperCase(), createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }).execute();

  it('reads what the main connection committed, right after the commit, with the same column names', async () => {
    await addTenant('alpha');
    expect(await pool.db.selectFrom('tenants').select(['id', 'slug', 'createdAt']).execute()).toEqual([
      { id: 'tenant_alpha', slug: 'alpha', createdAt: '2026-01-01T00:00:00.000Z' },
    ]);
    await addTenant('bravo');
    const slugs = await pool.db.selectFrom('tenants').select('slug').orderBy('slug').execute();
    expect(slugs.map((r) => r.slug)).toEqual(['alpha', 'bravo']);
  });

  it('keeps the event loop free while a heavy read runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 2);
    const heavy = sql<{ n: number }>`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 400000) SELECT count(*) AS n FROM c`;
    let ticksWhenDone = -1;
    const result = await heavy.execute(pool.db).finally(() => (ticksWhenDone = ticks));
    clearInterval(timer);
    expect(result.rows[0]?.n).toBe(400_000);
    // On the main connection the same query would let no timer run until it returned.
    expect(ticksWhenDone).toBeGreaterThan(0);
  });

  it('sends each read to the least busy worker, so a second read is not queued behind a long one', async () => {
    const finished: string[] = [];
    const long = sql`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 400000) SELECT count(*) AS n FROM c`
      .execute(pool.db)
      .then(() => finished.push('long'));
    const short = pool.db.selectFrom('tenants').select('id').execute().then(() => finished.push('short'));
    await Promise.all([long, short]);
    expect(finished).toEqual(['short', 'long']);
    expect(pool.load()).toEqual([0, 0]);
  });

  it('refuses writes and reports SQL errors with their message', async () => {
    await expect(
      pool.db.insertInto('tenants').values({ id: 'tenant_x', slug: 'x', name: 'X', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }).execute(),
    ).rejects.toThrow(/read/);
    await expect(sql`SELECT * FROM no_such_table`.execute(pool.db)).rejects.toThrow(/no such table/);
    expect(await handle.db.selectFrom('tenants').select('id').execute()).toEqual([]);
  });
});
