import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core';
import { backupDatabase } from '../../../src-main/core/platform/db/backup';
import { silentLogger } from '../../../src-main/core/platform/logger';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

// The database holds members' names and emails, the key file opens every stored secret: on a
// shared machine, other users must not read them, whatever umask the console was started with.
describe.skipIf(process.platform === 'win32')('files in the data folder (SQLite)', () => {
  const parent = mkdtempSync(join(tmpdir(), 'tc-perm-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('the folder is 0700 and the database, WAL, SHM, master key and backup 0600, even with umask 000', async () => {
    const dataDir = join(parent, 'data');
    const before = process.umask(0o000);
    try {
      const core = await createCore({ dataDir, logger: silentLogger });
      try {
        const owner = await core.services.owner.id();
        await core.services.tenants.create({ slug: 'perm', name: 'Perm' }, owner);
        const db = join(dataDir, 'tenant-console.sqlite');
        expect(mode(dataDir)).toBe('700');
        expect(mode(db)).toBe('600');
        expect(mode(`${db}-wal`)).toBe('600');
        expect(mode(`${db}-shm`)).toBe('600');
        expect(mode(join(dataDir, 'master.key'))).toBe('600');
        const out = join(parent, 'backup.sqlite');
        await backupDatabase(core.database, out);
        expect(mode(out)).toBe('600');
      } finally {
        await core.close();
      }
      // A second start finds the WAL gone (removed on close) and SQLite makes a new one.
      const again = await createCore({ dataDir, logger: silentLogger });
      try {
        await again.services.tenants.create({ slug: 'perm-two', name: 'Perm two' }, await again.services.owner.id());
        expect(mode(join(dataDir, 'tenant-console.sqlite-wal'))).toBe('600');
      } finally {
        await again.close();
      }
    } finally {
      process.umask(before);
    }
  });
});
