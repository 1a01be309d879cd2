import { afterEach, describe, expect, it } from 'vitest';
import { upsertPackageInput } from '../../src-shared/schemas/packages';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { subscribe } from './entitlements-race';

// Deleting a package says how many subscribe to it: subscriptions still billed, per package.
describe.each(dialects)('packages: subscribers per package on %s', (dialect) => {
  let core: TestCore;
  afterEach(async () => core?.dispose());

  it('counts billed subscriptions per package, not canceled ones, and never another tenant’s', async () => {
    core = await makeTestCore(dialect);
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: 'subs', name: 'Subs' }, owner);
    const other = await core.services.tenants.create({ slug: 'else', name: 'Else' }, owner);
    const pkg = async (tenantId: string, name: string) =>
      (await core.services.packages.upsert(tenantId, owner, upsertPackageInput.parse({ name, price: 19 }))).package;
    const pro = await pkg(tenant.id, 'Pro');
    await pkg(tenant.id, 'Empty');
    const [a, b, c] = (await addMembers(core, tenant.id, [
      { name: 'A', email: 'a@subs.test' },
      { name: 'B', email: 'b@subs.test' },
      { name: 'C', email: 'c@subs.test' },
    ])) as [string, string, string];
    for (const u of [a, b, c]) await subscribe(core, tenant.id, u, pro.id);
    await core.database.db.updateTable('subscriptions').set({ status: 'canceled' }).where('userId', '=', c).execute();
    const elsewhere = await pkg(other.id, 'Pro');
    const [d] = (await addMembers(core, other.id, [{ name: 'D', email: 'd@else.test' }])) as [string];
    await subscribe(core, other.id, d, elsewhere.id);

    expect(Object.fromEntries(await core.services.packages.subscribersByPackage(tenant.id))).toEqual({ [pro.id]: 2 });
  });
});
