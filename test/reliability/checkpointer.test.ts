import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sqlitePathIn } from '../../src-main/core/config';
import { createCore, type Core } from '../../src-main/core/create-core';
import { silentLogger } from '../../src-main/core/platform/logger';

// WAL checkpoints run in a worker thread (src-main/core/platform/db/checkpointer.ts); the app's connection
// checkpoints on commit only past a 64 MB cap. These check what that must not cost: the WAL stays
// bounded even under writes without a pause, the file stays intact, and closing the app leaves no
// WAL behind (the worker's connection is closed first).

const MB = 1024 * 1024;

describe('WAL checkpoints off the event loop (SQLite)', () => {
  let core: Core | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await core?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    core = undefined;
    dir = undefined;
  });

  /** Writes about `megabytes` of values (more of WAL), 256 KB a transaction, yielding between them as a server does. */
  async function write(c: Core, megabytes: number, tag: string, onEach?: () => void) {
    const value = randomBytes(1024).toString('hex'); // 2 KB a row
    for (let k = 0; k < megabytes * 4; k++) {
      await c.database.db.transaction().execute(async (trx) => {
        const rows = Array.from({ length: 128 }, (_, j) => ({ scope: `checkpoint-test-${tag}`, key: `${k}-${j}`, value, isSecret: 0, updatedAt: '2026-11-22T00:00:00.000Z' }));
        await trx.insertInto('settings').values(rows).execute();
      });
      onEach?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('keeps the WAL bounded under writes without a pause, and the file intact', { timeout: 60_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'tc-checkpoint-'));
    core = await createCore({ dataDir: dir, logger: silentLogger, masterKey: randomBytes(32).toString('base64') });
    const sqlite = core.database.sqlite!;
    const wal = `${sqlitePathIn(dir)}-wal`;
    // The app's connection checkpoints on commit only past the cap (SQLite's default: 1,000 pages).
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(16384);

    // 160 MB of values is over 300 MB of WAL: without checkpoints it would all stay in the WAL; with
    // them it stays near the cap (a little over it when the worker holds the checkpoint at that commit).
    let largest = 0;
    await write(core, 160, 'sustained', () => (largest = Math.max(largest, statSync(wal).size)));
    process.stdout.write(`WAL at most ${(largest / MB).toFixed(1)} MB while 160 MB of rows were written\n`);
    expect(largest).toBeLessThan(128 * MB);
    // The worker kept running: the connection did not fall back to SQLite's default.
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(16384);
    expect(sqlite.prepare(`SELECT count(*) FROM settings WHERE scope = 'checkpoint-test-sustained'`).pluck().get()).toBe(160 * 4 * 128);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('closes its own connection first: after close no WAL is left behind', { timeout: 60_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'tc-checkpoint-'));
    const masterKey = randomBytes(32).toString('base64');
    const c = await createCore({ dataDir: dir, logger: silentLogger, masterKey });
    await write(c, 8, 'close');
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the worker has started by now
    await c.close();
    // The app's connection was the last one open, so SQLite folded the WAL in and removed it.
    expect(existsSync(`${sqlitePathIn(dir)}-wal`)).toBe(false);
    core = await createCore({ dataDir: dir, logger: silentLogger, masterKey });
    expect(core.database.sqlite!.prepare(`SELECT count(*) FROM settings WHERE scope = 'checkpoint-test-close'`).pluck().get()).toBe(8 * 4 * 128);
  });
});
