import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import type { UpsertPackageRequest } from '../../src-shared/schemas/packages';
import { upsertPackageInput } from '../../src-shared/schemas/packages';
import { httpClient } from '../support/clients';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

const starter: UpsertPackageRequest = {
  name: 'Starter',
  description: 'For small communities',
  price: 29,
  interval: 'month',
  currency: 'USD',
  maxUsers: 1,
  maxAiPosts: 50,
  displayFeatures: ['50 AI posts / month', 'Email support'],
  isActive: true,
  isPopular: false,
};

async function setup(dialect: 'sqlite' | 'postgres', clockIso = '2024-11-20T12:00:00.000Z') {
  const clock = fixedClock(clockIso);
  const core = await makeTestCore(dialect, { clock });
  const owner = await core.services.owner.id();
  const tenant = await core.services.tenants.create({ slug: 'acme', name: 'Acme' }, owner);
  const upsert = (input: UpsertPackageRequest, tenantId = tenant.id) => core.services.packages.upsert(tenantId, owner, upsertPackageInput.parse(input));
  return { core, clock, owner, tenant, upsert };
}

async function addSubscription(core: TestCore, tenantId: string, userId: string, packageId: string, status = 'active') {
  const at = '2024-11-01T00:00:00.000Z';
  await core.database.db
    .insertInto('subscriptions')
    .values({
      id: `sub_t${randomBytes(8).toString('hex')}`,
      tenantId,
      userId,
      customerId: null,
      packageId,
      provider: 'stripe',
      providerSubscriptionId: `sub_${randomBytes(6).toString('hex')}`,
      planId: null,
      status: status as 'active',
      startedAt: at,
      canceledAt: null,
      providerUpdatedAt: at,
      createdAt: at,
      updatedAt: at,
    })
    .execute();
}

describe.each(dialects)('packages on %s', (dialect) => {
  let core: TestCore;
  afterEach(async () => core?.dispose());

  it('creates with the seed\'s defaults, lists for admins and for the pricing page', async () => {
    const s = await setup(dialect);
    core = s.core;
    const { created, package: pkg } = await s.upsert({ name: '  Starter ', price: 29 });
    expect(created).toBe(true);
    expect(pkg).toMatchObject({
      name: 'Starter', price: 29, interval: 'month', currency: 'USD', maxUsers: 1, maxAiPosts: 50,
      maxSocialAccounts: 1, maxCampaigns: 1, displayFeatures: [], salePrice: null, isActive: true, isPopular: false,
      description: '', saleState: 'none', effectivePrice: 29, syncState: 'local', archivedAt: null,
    });
    expect(pkg.id).toMatch(/^pkg_/);
    await s.upsert({ ...starter, name: 'Agency', price: 199 });
    await s.upsert({ ...starter, name: 'Hidden', price: 9, isActive: false });

    expect((await core.services.packages.list(s.tenant.id)).map((p) => p.name)).toEqual(['Hidden', 'Starter', 'Agency']);
    expect((await core.services.packages.listPublic('acme')).map((p) => p.name)).toEqual(['Starter', 'Agency']);
    await expect(core.services.packages.listPublic('nobody')).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'tenant: no tenant has the slug "nobody"' });
  });

  it('updates only the fields given; null clears a sale', async () => {
    const s = await setup(dialect);
    core = s.core;
    const { package: pkg } = await s.upsert({ ...starter, salePrice: 19, saleStartsAt: '2024-11-25', saleEndsAt: '2024-11-30' });
    expect(pkg).toMatchObject({ salePrice: 19, saleStartsAt: '2024-11-25T00:00:00.000Z', saleEndsAt: '2024-12-01T00:00:00.000Z', saleState: 'upcoming' });

    const moved = await s.upsert({ id: pkg.id, isPopular: true, maxAiPosts: 100 });
    expect(moved.created).toBe(false);
    expect(moved.package).toMatchObject({ name: 'Starter', price: 29, salePrice: 19, isPopular: true, maxAiPosts: 100, displayFeatures: starter.displayFeatures });

    const cleared = await s.upsert({ id: pkg.id, salePrice: null, saleStartsAt: null, saleEndsAt: null });
    expect(cleared.package).toMatchObject({ salePrice: null, saleStartsAt: null, saleEndsAt: null, saleState: 'none', isPopular: true });
  });

  it('checks the merged package: a lower price under the stored sale is refused and nothing is saved', async () => {
    const s = await setup(dialect);
    core = s.core;
    const { package: pkg } = await s.upsert({ ...starter, salePrice: 19 });
    await expect(s.upsert({ id: pkg.id, price: 15 })).rejects.toMatchObject({ code: 'VALIDATION', message: 'salePrice: must be below price', details: { field: 'salePrice' } });
    expect(await core.services.packages.get(s.tenant.id, pkg.id)).toMatchObject({ price: 29, salePrice: 19 });
    // A sale date on a package that has no sale price.
    const { package: plain } = await s.upsert({ ...starter, name: 'Plain' });
    await expect(s.upsert({ id: plain.id, saleEndsAt: '2024-11-30', maxUsers: 5 })).rejects.toMatchObject({ message: 'salePrice: is required when a sale date is set', details: { field: 'salePrice' } });
    expect(await core.services.packages.get(s.tenant.id, plain.id)).toMatchObject({ saleEndsAt: null, maxUsers: 1 });
    await expect(s.upsert({ description: 'no name, no price' })).rejects.toMatchObject({ message: 'name: is required; price: is required' });
    expect(await core.services.packages.list(s.tenant.id)).toHaveLength(2);
  });

  it('keeps names unique within a tenant, ignoring case, and answers with a conflict naming `name`', async () => {
    const s = await setup(dialect);
    core = s.core;
    await s.upsert(starter);
    const { package: pro } = await s.upsert({ ...starter, name: 'Pro', price: 49 });
    await expect(s.upsert({ ...starter, name: 'starter', price: 10 })).rejects.toMatchObject({ code: 'CONFLICT', details: { field: 'name' }, message: expect.stringMatching(/^name: .*"Starter"/) });
    await expect(s.upsert({ id: pro.id, name: 'STARTER' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await core.services.packages.list(s.tenant.id)).map((p) => p.name)).toEqual(['Starter', 'Pro']);
    // Renaming a package to its own name in another case is fine, and other tenants are separate.
    await expect(s.upsert({ id: pro.id, name: 'PRO' })).resolves.toMatchObject({ package: { name: 'PRO' } });
    const other = await core.services.tenants.create({ slug: 'other', name: 'Other' }, s.owner);
    await expect(s.upsert(starter, other.id)).resolves.toMatchObject({ created: true });
  });

  it('will not touch another tenant\'s package', async () => {
    const s = await setup(dialect);
    core = s.core;
    const other = await core.services.tenants.create({ slug: 'other', name: 'Other' }, s.owner);
    const { package: theirs } = await s.upsert(starter, other.id);
    await expect(s.upsert({ id: theirs.id, price: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND', details: { field: 'id' } });
    await expect(core.services.packages.remove(s.tenant.id, s.owner, theirs.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await core.services.packages.get(other.id, theirs.id)).toMatchObject({ price: 29 });
  });

  it('deletes unused packages, archives ones with subscriptions or that are the free tier', async () => {
    const s = await setup(dialect);
    core = s.core;
    const [memberId] = await addMembers(core, s.tenant.id, [{ name: 'Sue', email: 'sue@x.io' }]);
    const { package: unused } = await s.upsert({ ...starter, name: 'Unused' });
    const { package: used } = await s.upsert({ ...starter, name: 'Used' });
    const { package: free } = await s.upsert({ ...starter, name: 'Free', price: 0 });
    await addSubscription(core, s.tenant.id, memberId!, used.id, 'canceled');
    await core.database.db.updateTable('tenants').set({ freePackageId: free.id }).where('id', '=', s.tenant.id).execute();

    await expect(core.services.packages.remove(s.tenant.id, s.owner, unused.id)).resolves.toEqual({ deleted: true });
    const archived = await core.services.packages.remove(s.tenant.id, s.owner, used.id);
    expect(archived).toMatchObject({ archived: true, reason: expect.stringContaining('1 subscription belongs'), package: { isActive: false, archivedAt: '2024-11-20T12:00:00.000Z' } });
    await expect(core.services.packages.remove(s.tenant.id, s.owner, free.id)).resolves.toMatchObject({ archived: true, reason: expect.stringContaining('free tier') });

    expect((await core.services.packages.list(s.tenant.id)).map((p) => [p.name, p.isActive, p.archivedAt !== null])).toEqual([
      ['Free', false, true],
      ['Used', false, true],
    ]);
    expect(await core.services.packages.listPublic('acme')).toEqual([]);
    const sub = await core.database.db.selectFrom('subscriptions').select('packageId').executeTakeFirstOrThrow();
    expect(sub.packageId).toBe(used.id);

    // Deleting again keeps the first archive time; activating brings it back.
    s.clock.advance(60_000);
    await expect(core.services.packages.remove(s.tenant.id, s.owner, used.id)).resolves.toMatchObject({ package: { archivedAt: '2024-11-20T12:00:00.000Z' } });
    await expect(s.upsert({ id: used.id, isActive: true })).resolves.toMatchObject({ package: { isActive: true, archivedAt: null } });
    expect((await core.services.packages.listPublic('acme')).map((p) => p.name)).toEqual(['Used']);
  });

  it('audits every change with who, when, before and after', async () => {
    const s = await setup(dialect);
    core = s.core;
    const { package: pkg } = await s.upsert(starter);
    s.clock.advance(1000);
    await s.upsert({ id: pkg.id, price: 39 });
    s.clock.advance(1000);
    await core.services.packages.remove(s.tenant.id, s.owner, pkg.id);
    const rows = await core.database.db.selectFrom('auditLog').selectAll().where('targetType', '=', 'package').orderBy('createdAt').execute();
    expect(rows.map((r) => [r.action, r.actorUserId, r.createdAt, r.targetId])).toEqual([
      ['package.created', s.owner, '2024-11-20T12:00:00.000Z', pkg.id],
      ['package.updated', s.owner, '2024-11-20T12:00:01.000Z', pkg.id],
      ['package.deleted', s.owner, '2024-11-20T12:00:02.000Z', pkg.id],
    ]);
    expect(rows[0]!.before).toBeNull();
    expect(JSON.parse(rows[1]!.before!)).toMatchObject({ priceMinor: 2900 });
    expect(JSON.parse(rows[1]!.after!)).toMatchObject({ priceMinor: 3900 });
    expect(JSON.parse(rows[2]!.before!)).toMatchObject({ name: 'Starter', priceMinor: 3900 });
    expect(rows[2]!.after).toBeNull();
  });

  it('change hooks run inside the change\'s transaction: a failing hook undoes the change', async () => {
    const s = await setup(dialect);
    core = s.core;
    const seen: string[] = [];
    const off = core.services.packages.onChange(async (_trx, change) => {
      seen.push(`${change.kind}:${change.after?.name ?? change.before?.name}`);
      if (change.after?.name === 'Boom') throw new Error('sync refused');
    });
    await s.upsert(starter);
    await expect(s.upsert({ ...starter, name: 'Boom' })).rejects.toThrow('sync refused');
    off();
    expect(seen).toEqual(['created:Starter', 'created:Boom']);
    expect((await core.services.packages.list(s.tenant.id)).map((p) => p.name)).toEqual(['Starter']);
  });

  it('judges the sale window on the server clock at its edges (date-only end includes the whole day)', async () => {
    const s = await setup(dialect, '2024-11-24T23:59:59.999Z');
    core = s.core;
    await s.upsert({ ...starter, salePrice: 19, saleStartsAt: '2024-11-25', saleEndsAt: '2024-11-30' });
    const seen = async () => {
      const [p] = await core.services.packages.listPublic('acme');
      return [p!.saleState, p!.effectivePrice];
    };
    expect(await seen()).toEqual(['upcoming', 29]);
    s.clock.set('2024-11-25T00:00:00.000Z');
    expect(await seen()).toEqual(['active', 19]);
    s.clock.set('2024-11-30T23:59:59.999Z');
    expect(await seen()).toEqual(['active', 19]);
    s.clock.set('2024-12-01T00:00:00.000Z');
    expect(await seen()).toEqual(['ended', 29]);
  });
});

describe('packages over tRPC', () => {
  let core: TestCore;
  let server: RunningServer;
  afterEach(async () => {
    await server?.close();
    await core?.dispose();
  });

  it('serves list, upsert, delete and publicList with the same rules as REST', async () => {
    const s = await setup('sqlite');
    core = s.core;
    server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
    const [memberId] = await addMembers(core, s.tenant.id, [{ name: 'Mo', email: 'mo@x.io' }]);
    const admin = httpClient(server.url, await core.services.auth.issue({ tenantId: s.tenant.id, userId: s.owner, role: 'ADMIN' }));
    const member = httpClient(server.url, await core.services.auth.issue({ tenantId: s.tenant.id, userId: memberId!, role: 'MEMBER' }));
    const anonymous = httpClient(server.url, null);

    const { created, package: pkg } = await admin.packages.upsert.mutate({ ...starter, saleStartsAt: new Date('2024-11-25T00:00:00Z'), salePrice: 19 });
    expect(created).toBe(true);
    expect(pkg.saleStartsAt).toBe('2024-11-25T00:00:00.000Z');
    expect(await admin.packages.list.query()).toHaveLength(1);
    expect((await anonymous.packages.publicList.query({ tenant: 'acme' }))[0]).toMatchObject({ name: 'Starter', price: 29, saleState: 'upcoming' });

    const bad = await admin.packages.upsert.mutate({ ...starter, name: 'Cheap', salePrice: 30 }).catch((e) => e);
    expect(bad.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(bad.message).toBe('salePrice: must be below price');
    const dup = await admin.packages.upsert.mutate({ ...starter }).catch((e) => e);
    expect(dup.data).toMatchObject({ code: 'CONFLICT', field: 'name' });

    const forbidden = await member.packages.list.query().catch((e) => e);
    expect(forbidden.data.code).toBe('FORBIDDEN');
    const unauthorized = await anonymous.packages.upsert.mutate(starter).catch((e) => e);
    expect(unauthorized.data.code).toBe('UNAUTHORIZED');

    await expect(admin.packages.delete.mutate({ id: pkg.id })).resolves.toEqual({ deleted: true });
    expect(await anonymous.packages.publicList.query({ tenant: 'acme' })).toEqual([]);
  });
});
