import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreAdmin } from '../../../src-main/cli/admin-restore';
import { addMembers, dialects, makeTestCore, type TestCore } from '../../support/core';

const BIN = resolve('src-main/cli/bin.ts');

// An owner who demoted or removed themselves saw "this needs an ADMIN of the tenant" everywhere,
// and `token create` refused them: there was no way back short of signing in as someone else.
describe.each(dialects)('admin restore on %s', (dialect) => {
  let core: TestCore;
  let tenantId: string;
  let ownerId: string;
  const membership = () =>
    core.database.db.selectFrom('memberships').select(['role', 'status']).where('tenantId', '=', tenantId).where('userId', '=', ownerId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    core = await makeTestCore(dialect);
    ownerId = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'locked', name: 'Locked' }, ownerId)).id;
    await addMembers(core, tenantId, [{ name: 'Other Admin', email: 'other@example.com', role: 'ADMIN' }]);
  });
  afterAll(() => core?.dispose());

  it('makes a demoted owner an active ADMIN again, then a removed one, and says what it was', async () => {
    await core.database.db.updateTable('memberships').set({ role: 'MEMBER' }).where('tenantId', '=', tenantId).where('userId', '=', ownerId).execute();
    expect((await restoreAdmin(core, tenantId, ownerId)).before).toEqual({ role: 'MEMBER', status: 'active' });
    expect(await membership()).toEqual({ role: 'ADMIN', status: 'active' });

    await core.database.db.updateTable('memberships').set({ status: 'removed', leftAt: core.services.clock.nowIso() }).where('tenantId', '=', tenantId).where('userId', '=', ownerId).execute();
    expect((await restoreAdmin(core, tenantId, ownerId)).before).toEqual({ role: 'ADMIN', status: 'removed' });
    expect(await membership()).toEqual({ role: 'ADMIN', status: 'active' });
    // Signed in again: an ADMIN token for the tenant works.
    const token = await core.services.auth.issue({ tenantId, userId: ownerId, role: 'ADMIN' });
    expect((await core.services.auth.authenticate(token)).role).toBe('ADMIN');
    const audit = await core.database.db.selectFrom('auditLog').select('action').where('tenantId', '=', tenantId).where('action', '=', 'member.admin_restored').execute();
    expect(audit).toHaveLength(2);
  });
});

describe('tenant-console admin restore (the command)', () => {
  let core: TestCore;
  let tenantId: string;
  let ownerId: string;

  beforeAll(async () => {
    core = await makeTestCore('sqlite');
    ownerId = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'locked', name: 'Locked' }, ownerId)).id;
    await core.database.db.updateTable('memberships').set({ role: 'MEMBER' }).where('tenantId', '=', tenantId).where('userId', '=', ownerId).execute();
  });
  afterAll(() => core?.dispose());

  it('prints one line and the owner is ADMIN again', async () => {
    const email = (await core.database.db.selectFrom('users').select('email').where('id', '=', ownerId).executeTakeFirstOrThrow()).email;
    const r = spawnSync(process.execPath, ['--import', 'tsx', BIN, 'admin', 'restore', '--tenant', 'locked', '--user', email, '--data-dir', core.dataDir], {
      encoding: 'utf8',
      // Errors only: a slow-query warning on a busy machine is not the command's output.
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'error' },
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${email} is an active ADMIN of locked (was MEMBER)\n`);
    const m = await core.database.db.selectFrom('memberships').select(['role', 'status']).where('tenantId', '=', tenantId).where('userId', '=', ownerId).executeTakeFirstOrThrow();
    expect(m).toEqual({ role: 'ADMIN', status: 'active' });
  });
});
