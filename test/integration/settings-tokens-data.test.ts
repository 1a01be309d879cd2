import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { fixedClock, type Clock } from '../../src-main/core/platform/clock';
import { httpClient } from '../support/clients';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

describe.each(dialects)('settings tokens and data on %s', (dialect) => {
  let core: TestCore | undefined;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    await core?.dispose();
    core = undefined;
  });

  async function setup(clock?: Clock) {
    core = await makeTestCore(dialect, clock ? { clock } : {});
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: `t${randomBytes(3).toString('hex')}`, name: 'Acme' }, owner);
    const other = await core.services.tenants.create({ slug: `o${randomBytes(3).toString('hex')}`, name: 'Other' }, owner);
    const [adminId] = await addMembers(core, other.id, [{ name: 'Otto Admin', email: 'otto@other.io', role: 'ADMIN' }]);
    await addMembers(core, tenant.id, [{ name: 'Mia Member', email: 'mia@acme.io' }]);
    server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
    const asOwner = httpClient(server.url, await core.services.auth.issue({ tenantId: tenant.id, userId: owner, role: 'ADMIN' }));
    const asOtherAdmin = httpClient(server.url, await core.services.auth.issue({ tenantId: other.id, userId: adminId!, role: 'ADMIN' }));
    return { asOwner, asOtherAdmin, tenant, other, url: server.url };
  }

  it('creates a token shown once, records its last use at most once a minute, and revokes it (401 after)', async () => {
    const time = fixedClock('2026-03-01T10:00:00.000Z');
    const s = await setup(time);
    const created = await s.asOwner.settings.tokens.create.mutate({ label: 'Zapier', role: 'ADMIN', expiresInDays: 30 });
    expect(created.token.split('.')).toHaveLength(3);
    const listed = await s.asOwner.settings.tokens.list.query();
    const row = listed.find((t) => t.id === created.id)!;
    expect(row).toMatchObject({ label: 'Zapier', role: 'ADMIN', state: 'active', lastUsedAt: null, expiresAt: '2026-03-31T10:00:00.000Z', userName: 'Console owner' });
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const script = httpClient(s.url, created.token);
    expect((await script.members.list.query({})).items.map((m) => m.email)).toContain('mia@acme.io');
    await expect.poll(async () => (await s.asOwner.settings.tokens.list.query()).find((t) => t.id === created.id)?.lastUsedAt).toBe('2026-03-01T10:00:00.000Z');
    time.advance(30_000);
    await script.members.list.query({});
    time.advance(40_000);
    await script.members.list.query({});
    await expect.poll(async () => (await s.asOwner.settings.tokens.list.query()).find((t) => t.id === created.id)?.lastUsedAt).toBe('2026-03-01T10:01:10.000Z');

    // Another tenant's ADMIN neither sees nor revokes it.
    expect((await s.asOtherAdmin.settings.tokens.list.query()).map((t) => t.id)).not.toContain(created.id);
    await expect(s.asOtherAdmin.settings.tokens.revoke.mutate({ id: created.id })).rejects.toThrow(/id: no API token/);

    expect(await s.asOwner.settings.tokens.revoke.mutate({ id: created.id })).toEqual({ revoked: true });
    await expect(script.members.list.query({})).rejects.toMatchObject({ data: { httpStatus: 401 } });
    expect((await s.asOwner.settings.tokens.list.query()).find((t) => t.id === created.id)?.state).toBe('revoked');
    await expect(s.asOwner.settings.tokens.create.mutate({ label: '', role: 'ADMIN', expiresInDays: 0 })).rejects.toThrow(/label: is required; expiresInDays: must be at least 1 day/);
  });

  it('exports everything of the tenant and nothing of another, without secrets', async () => {
    const s = await setup();
    const bundle = await s.asOwner.settings.data.export.mutate();
    const doc = JSON.parse(bundle.json) as Record<string, unknown> & { people: { email: string }[]; tenant: { id: string } };
    expect(doc.tenant.id).toBe(s.tenant.id);
    expect(doc.people.map((p) => p.email)).toContain('mia@acme.io');
    expect(doc.people.map((p) => p.email)).not.toContain('otto@other.io');
    expect(bundle.counts).toMatchObject({ memberships: 2, people: 2 });
    expect(bundle.fileName).toMatch(/-export-\d{4}-\d{2}-\d{2}\.json$/);
    expect(bundle.json).not.toMatch(/secretEncrypted|tokenHash/);
  });

  // Each dialect's case is defined only for it, rather than reported skipped on the other.
  if (dialect === 'sqlite') it('backs up, then restores a backup after checking it, keeping the current database aside', async () => {
    const s = await setup();
    const backup = await s.asOwner.settings.data.backup.mutate();
    await addMembers(core!, s.tenant.id, [{ name: 'Late Larry', email: 'larry@acme.io' }]);
    const emails = async () => (await s.asOwner.members.list.query({ limit: 50 })).items.map((m) => m.email);
    expect(await emails()).toContain('larry@acme.io');

    const restored = await s.asOwner.settings.data.restore.mutate({ name: backup.name });
    expect(restored.keptAside).toMatch(/^before-restore-.*\.sqlite$/);
    expect(await emails()).not.toContain('larry@acme.io');
    expect(await emails()).toContain('mia@acme.io');
    const data = await s.asOwner.settings.data.get.query();
    expect(data.backups.map((b) => b.name)).toEqual(expect.arrayContaining([backup.name, restored.keptAside]));

    // The copy kept aside holds what was replaced.
    await s.asOwner.settings.data.restore.mutate({ name: restored.keptAside });
    expect(await emails()).toContain('larry@acme.io');

    await expect(s.asOwner.settings.data.restore.mutate({ name: '../tenant-console.sqlite' })).rejects.toThrow(/name: must be the name of a backup/);
    await expect(s.asOwner.settings.data.restore.mutate({ name: 'missing.sqlite' })).rejects.toThrow(/name: there is no backup called missing.sqlite/);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${data.backupsDir}/broken.sqlite`, 'not a database at all');
    await expect(s.asOwner.settings.data.restore.mutate({ name: 'broken.sqlite' })).rejects.toThrow(/name: the backup (could not be opened|failed its integrity check)|not a Tenant Console backup/);
    expect(await emails()).toContain('larry@acme.io');
  });

  if (dialect === 'postgres') it('says that PostgreSQL is backed up and restored with pg tools', async () => {
    const s = await setup();
    expect(await s.asOwner.settings.data.get.query()).toMatchObject({ dialect: 'postgres', canBackUp: false, backups: [] });
    await expect(s.asOwner.settings.data.restore.mutate({ name: 'x.sqlite' })).rejects.toThrow(/PostgreSQL, so back up and restore with pg_dump and pg_restore/);
  });
});
