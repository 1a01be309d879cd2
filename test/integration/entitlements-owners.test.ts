import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { upsertPackageInput } from '../../src-shared/schemas/packages';
import { httpClient } from '../support/clients';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { subscribe } from './entitlements-race';

// What an owner sees of limits: the Members filter "near or over a limit" and, per package, how
// many of its members are at a limit.

describe.each(dialects)('owners see who is near a limit on %s', (dialect) => {
  let core: TestCore;
  let server: RunningServer;
  afterEach(async () => {
    await server?.close();
    await core?.dispose();
  });

  it('filters members at 80% or more (or over after a downgrade) and counts members at a limit per package', async () => {
    const clock = fixedClock('2026-03-20T10:00:00.000Z');
    core = await makeTestCore(dialect, { clock });
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: 'lim', name: 'Lim' }, owner);
    const pkg = async (name: string, maxAiPosts: number, maxSocialAccounts: number) =>
      (await core.services.packages.upsert(tenant.id, owner, upsertPackageInput.parse({ name, price: 19, maxAiPosts, maxSocialAccounts }))).package;
    const pro = await pkg('Pro', 10, 5);
    const small = await pkg('Small', 2, 1);
    const [near, full, calm, over, idle] = (await addMembers(core, tenant.id, [
      { name: 'Nina Near', email: 'nina@lim.test', joinSource: 'paid' },
      { name: 'Fay Full', email: 'fay@lim.test', joinSource: 'paid' },
      { name: 'Cal Calm', email: 'cal@lim.test', joinSource: 'paid' },
      { name: 'Otto Over', email: 'otto@lim.test', joinSource: 'paid' },
      { name: 'Ida Idle', email: 'ida@lim.test' },
    ])) as [string, string, string, string, string];
    for (const u of [near, full, calm, over]) await subscribe(core, tenant.id, u, pro.id);
    const ent = core.services.entitlements;
    const use = (userId: string, limit: 'maxAiPosts' | 'maxSocialAccounts', amount: number) =>
      ent.consume(tenant.id, userId, { limit, amount, idempotencyKey: `${userId}-${limit}-${amount}` });
    await use(near, 'maxAiPosts', 8); // 8 of 10: near
    await use(full, 'maxSocialAccounts', 5); // 5 of 5: at the limit
    await use(calm, 'maxAiPosts', 7); // 7 of 10: not yet
    await use(over, 'maxSocialAccounts', 2);
    // Otto downgrades to Small: 2 social accounts of 1.
    await core.database.db.updateTable('subscriptions').set({ status: 'canceled' }).where('userId', '=', over).execute();
    await subscribe(core, tenant.id, over, small.id, '2026-03-10T00:00:00.000Z');

    server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
    const admin = httpClient(server.url, await core.services.auth.issue({ tenantId: tenant.id, userId: owner, role: 'ADMIN' }));
    const names = async (input: Parameters<typeof admin.members.list.query>[0]) =>
      (await admin.members.list.query(input)).items.map((m) => m.name).sort();
    await expect(names({ nearLimit: true, limit: 50 })).resolves.toEqual(['Fay Full', 'Nina Near', 'Otto Over']);
    await expect(names({ nearLimit: true, search: 'otto' })).resolves.toEqual(['Otto Over']);
    await expect(admin.members.list.query({ nearLimit: true })).resolves.toMatchObject({ total: 3 });
    await expect(admin.members.list.query({ nearLimit: false as true })).rejects.toMatchObject({ data: { httpStatus: 400, fieldErrors: { nearLimit: expect.any(String) } } });

    // Per package: Pro has Fay at a limit (Nina is near, not at it); Small has Otto over.
    const list = await admin.packages.list.query();
    expect(Object.fromEntries(list.map((p) => [p.name, p.membersAtLimit]))).toEqual({ Pro: 1, Small: 1 });

    // A new month: metered use starts again, so Nina is no longer near; Fay's held count stays.
    clock.advance(15 * 86_400_000);
    await expect(names({ nearLimit: true })).resolves.toEqual(['Fay Full', 'Otto Over']);
    expect(idle).toBeTruthy();
  });
});
