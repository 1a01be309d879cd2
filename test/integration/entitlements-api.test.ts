import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { upsertPackageInput } from '../../src-shared/schemas/packages';
import { httpClient } from '../support/clients';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { makeTwoTenants, type TwoTenants } from '../support/two-tenants';
import { expectExactRace, RACE_LIMIT, raceKeys, refusalData, subscribe } from './entitlements-race';

// entitlements.check / consume / release as a mobile app calls them: over HTTP, with a member's token.

describe.each(dialects)('entitlements over HTTP on %s', (dialect) => {
  let core: TestCore;
  let server: RunningServer;
  afterEach(async () => {
    await server?.close();
    await core?.dispose();
  });

  it('50 concurrent consumes from a mobile client: 20 keys count, repeats answer the first, the rest are 403 LIMIT_EXCEEDED', async () => {
    core = await makeTestCore(dialect, { clock: fixedClock('2026-03-31T12:00:00.000Z') });
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: 'mob', name: 'Mob' }, owner);
    const [member] = (await addMembers(core, tenant.id, [{ name: 'Mo Bile', email: 'mo@mob.test', joinSource: 'paid' }])) as [string];
    const pro = (await core.services.packages.upsert(tenant.id, owner, upsertPackageInput.parse({ name: 'Pro', price: 49, maxAiPosts: RACE_LIMIT }))).package;
    await subscribe(core, tenant.id, member, pro.id);
    server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
    const token = await core.services.auth.issue({ tenantId: tenant.id, userId: member, role: 'MEMBER' });
    const app = httpClient(server.url, token, 'mobile');

    await expect(app.entitlements.check.query({ limit: 'maxAiPosts', amount: 5 })).resolves.toEqual({
      limit: 'maxAiPosts', allowed: true, used: 0, max: 20, remaining: 20, resetsAt: '2026-04-01T00:00:00.000Z', overLimitSince: null,
    });
    await expectExactRace(
      raceKeys('mob'),
      (idempotencyKey) => app.entitlements.consume.mutate({ limit: 'maxAiPosts', idempotencyKey }),
      refusalData,
    );
    const row = await core.database.db.selectFrom('usageCounters').select('count').where('userId', '=', member).executeTakeFirstOrThrow();
    expect(Number(row.count)).toBe(RACE_LIMIT);

    // As a plain HTTP client sees a refusal: status 403 and the limit in error.data.
    const res = await fetch(`${server.url}/api/trpc/entitlements.consume`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-client-type': 'mobile', 'content-type': 'application/json' },
      body: JSON.stringify({ json: { limit: 'maxAiPosts', idempotencyKey: 'one-more-0001' } }),
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { json: { message: string; data: Record<string, unknown> } } };
    expect(body.error.json.message).toBe('maxAiPosts: the plan allows 20 AI posts this month and 20 are used');
    expect(body.error.json.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403, reason: 'LIMIT_EXCEEDED', limit: 'maxAiPosts', used: 20, max: 20, resetsAt: '2026-04-01T00:00:00.000Z' });

    // Bad input is a 400 naming the field.
    await expect(app.entitlements.consume.mutate({ limit: 'maxAiPosts', idempotencyKey: 'x' })).rejects.toMatchObject({ data: { httpStatus: 400, fieldErrors: { idempotencyKey: 'must be at least 8 characters' } } });
    await expect(app.entitlements.check.query({ limit: 'maxPosts' as 'maxAiPosts' })).rejects.toMatchObject({ data: { httpStatus: 400, fieldErrors: { limit: expect.stringContaining('must be one of') } } });
  });
});

describe.each(dialects)('who may use and read entitlements on %s', (dialect) => {
  let w: TwoTenants;
  afterEach(async () => w?.dispose());

  it('a MEMBER consumes only their own; an ADMIN reads any member of their tenant, and no other tenant', async () => {
    w = await makeTwoTenants(dialect, { clock: fixedClock('2026-03-10T00:00:00.000Z') });
    const pro = (await w.core.services.packages.upsert(w.alpha.id, w.owner, upsertPackageInput.parse({ name: 'Pro', price: 49, maxSocialAccounts: 3 }))).package;
    await subscribe(w.core, w.alpha.id, w.alphaOnly, pro.id);
    await subscribe(w.core, w.alpha.id, w.shared, pro.id);
    const ann = await w.http(w.alpha.id, w.alphaOnly, 'MEMBER');

    await expect(ann.entitlements.consume.mutate({ limit: 'maxSocialAccounts', idempotencyKey: 'ann-acct-0001' })).resolves.toMatchObject({ used: 1, max: 3 });
    // No way to name another member: the input is strict.
    await expect(
      ann.entitlements.consume.mutate({ limit: 'maxSocialAccounts', idempotencyKey: 'ann-acct-0002', userId: w.shared } as never),
    ).rejects.toMatchObject({ data: { httpStatus: 400, fieldErrors: { userId: 'is not a field of this request' } } });
    // Another member's key is not theirs to release.
    const sam = await w.http(w.alpha.id, w.shared, 'MEMBER');
    await expect(sam.entitlements.release.mutate({ limit: 'maxSocialAccounts', idempotencyKey: 'ann-acct-0001' })).rejects.toMatchObject({ data: { httpStatus: 404 } });
    await expect(sam.entitlements.get.query()).resolves.toMatchObject({ usage: { maxSocialAccounts: 0 } });
    // A member cannot read others' usage.
    await expect(ann.entitlements.ofMember.query({ userId: w.shared })).rejects.toMatchObject({ data: { httpStatus: 403 } });

    const alphaAdmin = await w.http(w.alpha.id, w.alphaAdmin, 'ADMIN');
    await expect(alphaAdmin.entitlements.ofMember.query({ userId: w.alphaOnly })).resolves.toMatchObject({
      packageName: 'Pro', limits: { maxSocialAccounts: 3 }, usage: { maxSocialAccounts: 1 },
    });
    // bravo's ADMIN reaches nobody of alpha, not even a person in both tenants as alpha sees them.
    const bravoAdmin = await w.http(w.bravo.id, w.bravoAdmin, 'ADMIN');
    await expect(bravoAdmin.entitlements.ofMember.query({ userId: w.alphaOnly })).rejects.toMatchObject({ data: { httpStatus: 403 } });
    await expect(bravoAdmin.entitlements.ofMember.query({ userId: w.shared })).resolves.toMatchObject({ source: 'built_in', usage: { maxSocialAccounts: 0 } });
  });
});
