import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { ADMIN_PACKAGE_KEYS, PUBLIC_PACKAGE_KEYS } from '../../src-shared/schemas/packages';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

// The seed's four REST endpoints over real HTTP, with Bearer tokens as an external client sends them.
const SEED_KEYS = [
  'id', 'name', 'description', 'price', 'interval', 'currency', 'maxUsers', 'maxAiPosts', 'displayFeatures',
  'salePrice', 'saleStartsAt', 'saleEndsAt', 'variantId', 'isActive', 'isPopular',
];

const seedExample = {
  name: 'Professional',
  description: 'For growing communities',
  price: 29.0,
  interval: 'month',
  currency: 'USD',
  maxUsers: 3,
  maxAiPosts: 200,
  displayFeatures: ['200 AI posts', '3 team members'],
  salePrice: 19.0,
  saleStartsAt: '2024-11-25',
  saleEndsAt: '2024-11-30',
  variantId: '123456',
  isActive: true,
  isPopular: true,
};

describe.each(dialects)('REST /public/packages and /admin/packages on %s', (dialect) => {
  let core: TestCore;
  let server: RunningServer;
  let tenantId: string;
  let adminToken: string;
  let memberToken: string;
  const clock = fixedClock('2024-11-26T10:00:00.000Z');

  async function call(method: string, path: string, { token, body }: { token?: string; body?: unknown } = {}) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const adminList = async () => (await call('GET', '/admin/packages', { token: adminToken })).body as Record<string, unknown>[];

  beforeAll(async () => {
    core = await makeTestCore(dialect, { clock });
    const owner = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'tend', name: 'Tend' }, owner)).id;
    const [memberId] = await addMembers(core, tenantId, [{ name: 'Mia', email: 'mia@tend.test' }]);
    adminToken = await core.services.auth.issue({ tenantId, userId: owner, role: 'ADMIN' });
    memberToken = await core.services.auth.issue({ tenantId, userId: memberId!, role: 'MEMBER' });
    server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await core?.dispose();
  });
  beforeEach(async () => {
    await core.database.db.deleteFrom('subscriptions').execute();
    await core.database.db.deleteFrom('packages').execute();
  });

  it('POST creates (201) in the seed\'s shape; GET /public/packages answers the same fields', async () => {
    const created = await call('POST', '/admin/packages', { token: adminToken, body: seedExample });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual([...ADMIN_PACKAGE_KEYS].sort());
    expect(created.body).toMatchObject({
      ...seedExample,
      price: 29,
      salePrice: 19,
      saleStartsAt: '2024-11-25T00:00:00.000Z',
      saleEndsAt: '2024-12-01T00:00:00.000Z',
      maxSocialAccounts: 1,
      maxCampaigns: 1,
      saleState: 'active',
      effectivePrice: 19,
      syncState: 'local',
      syncError: null,
      archivedAt: null,
    });

    const pub = await call('GET', '/public/packages?tenant=tend');
    expect(pub.status).toBe(200);
    expect(pub.body).toHaveLength(1);
    expect(Object.keys(pub.body[0]).sort()).toEqual([...PUBLIC_PACKAGE_KEYS].sort());
    for (const key of SEED_KEYS) expect(pub.body[0], key).toHaveProperty(key);
    expect(typeof pub.body[0].price).toBe('number');
    expect(pub.body[0]).toMatchObject({ id: created.body.id, price: 29, salePrice: 19, saleState: 'active', effectivePrice: 19 });
  });

  it('POST with id updates (200) only that tenant\'s package; GET /admin lists inactive ones too', async () => {
    const { body: pkg } = await call('POST', '/admin/packages', { token: adminToken, body: seedExample });
    const updated = await call('POST', '/admin/packages', { token: adminToken, body: { id: pkg.id, price: 39, isActive: false } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: pkg.id, price: 39, salePrice: 19, isActive: false, name: 'Professional' });
    expect((await call('GET', '/public/packages?tenant=tend')).body).toEqual([]);
    expect((await adminList()).map((p) => [p.id, p.isActive])).toEqual([[pkg.id, false]]);

    // A client may post back what GET answered: derived fields are ignored and nothing changes.
    const [listed] = await adminList();
    const again = await call('POST', '/admin/packages', { token: adminToken, body: listed });
    expect(again).toEqual({ status: 200, body: listed });

    const unknown = await call('POST', '/admin/packages', { token: adminToken, body: { id: 'pkg_doesnotexist000', price: 1 } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'NOT_FOUND', field: 'id' });
  });

  it('answers 401 without a token and 403 for a MEMBER', async () => {
    for (const [method, path] of [['GET', '/admin/packages'], ['POST', '/admin/packages'], ['DELETE', '/admin/packages/pkg_abcdefgh12345678']] as const) {
      const body = method === 'POST' ? seedExample : undefined;
      const anon = await call(method, path, { body });
      expect(anon.status, `${method} ${path}`).toBe(401);
      expect(anon.body).toMatchObject({ error: 'UNAUTHORIZED' });
      const member = await call(method, path, { token: memberToken, body });
      expect(member.status, `${method} ${path}`).toBe(403);
      expect(member.body).toMatchObject({ error: 'FORBIDDEN' });
    }
    expect(await adminList()).toEqual([]);
  });

  it('400 naming the field, and nothing saved', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...seedExample, salePrice: 29 }, 'salePrice', 'salePrice: must be below price'],
      [{ ...seedExample, price: -1, salePrice: null, saleStartsAt: null, saleEndsAt: null }, 'price', 'price: must not be negative'],
      [{ ...seedExample, price: 29.999 }, 'price', 'price: must have at most two decimals'],
      [{ ...seedExample, saleStartsAt: '2024-12-01' }, 'saleEndsAt', 'saleEndsAt: the sale must end after it starts'],
      [{ ...seedExample, interval: 'weekly' }, 'interval', 'interval: must be one of month, year'],
      [{ ...seedExample, currency: 'EUR' }, 'currency', 'currency: must be one of USD'],
      [{ ...seedExample, maxUsers: 1.5 }, 'maxUsers', 'maxUsers: must be a whole number'],
      [{ ...seedExample, name: '' }, 'name', 'name: is required'],
      [{ ...seedExample, displayFeatures: ['ok', ''] }, 'displayFeatures.1', 'displayFeatures.1: must not be empty'],
      [{ ...seedExample, salePrice: undefined }, 'salePrice', 'salePrice: is required when a sale date is set'],
      // Strict: a misspelt key used to be dropped silently (isPopluar: true saved a package that was not popular).
      [{ ...seedExample, isPopluar: true }, 'isPopluar', 'isPopluar: is not a field of this request'],
      [{ ...seedExample, name: 'Pro\u0000' }, 'name', 'name: must not contain control characters'],
      [{ ...seedExample, displayFeatures: ['ok', 'bell\u0007'] }, 'displayFeatures.1', 'displayFeatures.1: must not contain control characters'],
    ];
    for (const [body, field, message] of cases) {
      const res = await call('POST', '/admin/packages', { token: adminToken, body });
      expect(res.status, message).toBe(400);
      expect(res.body, message).toEqual({ error: 'VALIDATION', message, field });
    }
    const notAnObject = await call('POST', '/admin/packages', { token: adminToken, body: [seedExample] });
    expect(notAnObject).toMatchObject({ status: 400, body: { field: 'body' } });
    expect(await adminList()).toEqual([]);

    // An update that would break a rule leaves the package as it was.
    const { body: pkg } = await call('POST', '/admin/packages', { token: adminToken, body: seedExample });
    const lower = await call('POST', '/admin/packages', { token: adminToken, body: { id: pkg.id, price: 10 } });
    expect(lower).toMatchObject({ status: 400, body: { field: 'salePrice', message: 'salePrice: must be below price' } });
    expect((await adminList())[0]).toMatchObject({ price: 29 });
  });

  it('409 naming `name` on a duplicate, nothing saved', async () => {
    await call('POST', '/admin/packages', { token: adminToken, body: seedExample });
    const dup = await call('POST', '/admin/packages', { token: adminToken, body: { ...seedExample, name: 'professional', price: 99 } });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ error: 'CONFLICT', field: 'name', message: expect.stringMatching(/^name: /) });
    expect((await adminList()).map((p) => p.price)).toEqual([29]);
  });

  it('DELETE answers 204 for an unused package and archives one that has subscriptions', async () => {
    const { body: unused } = await call('POST', '/admin/packages', { token: adminToken, body: { ...seedExample, name: 'Unused' } });
    const { body: used } = await call('POST', '/admin/packages', { token: adminToken, body: seedExample });
    const at = clock.nowIso();
    await core.database.db
      .insertInto('subscriptions')
      .values({
        id: `sub_t${randomBytes(6).toString('hex')}`, tenantId, userId: null, customerId: null, packageId: used.id, provider: 'stripe',
        providerSubscriptionId: 'sub_rest_1', planId: null, status: 'active', amountMinor: 2900, startedAt: at, canceledAt: null,
        providerUpdatedAt: at, createdAt: at, updatedAt: at,
      })
      .execute();

    const gone = await call('DELETE', `/admin/packages/${unused.id}`, { token: adminToken });
    expect(gone).toEqual({ status: 204, body: undefined });
    const archived = await call('DELETE', `/admin/packages/${used.id}`, { token: adminToken });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ archived: true, reason: expect.stringContaining('1 subscription'), package: { id: used.id, isActive: false, archivedAt: at } });

    expect((await adminList()).map((p) => [p.id, p.isActive, p.archivedAt])).toEqual([[used.id, false, at]]);
    expect((await call('GET', '/public/packages?tenant=tend')).body).toEqual([]);
    expect((await call('DELETE', `/admin/packages/${unused.id}`, { token: adminToken })).status).toBe(404);
    expect((await call('DELETE', '/admin/packages/not-an-id', { token: adminToken })).status).toBe(404);
  });

  it('GET /public/packages: 400 naming `tenant` when missing, 404 when unknown', async () => {
    for (const path of ['/public/packages', '/public/packages?tenant=', '/public/packages?tenant=%20']) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(400);
      expect(res.body, path).toMatchObject({ error: 'VALIDATION', field: 'tenant', message: expect.stringMatching(/^tenant: is required/) });
    }
    const unknown = await call('GET', '/public/packages?tenant=nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'NOT_FOUND', field: 'tenant' });
  });
});
