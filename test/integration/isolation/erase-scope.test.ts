import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../../support/core';
import { makeTwoTenants, membershipIn, PEOPLE, personOf, type TwoTenants } from '../../support/two-tenants';

// Finding: members.erase from bravo on a person who is also in alpha turned them into "Erased
// member" in alpha too. A tenant ADMIN's erasure is now the tenant's; the console owner's
// members.eraseEverywhere is the global one.

describe.each(dialects)('erasure scope on %s', (dialect) => {
  let w: TwoTenants;
  beforeEach(async () => {
    w = await makeTwoTenants(dialect);
  });
  afterEach(async () => w?.dispose());

  it("a bravo ADMIN's erasure of a person also in alpha leaves alpha exactly as it was", async () => {
    const alphaBefore = await membershipIn(w.core, w.alpha.id, w.shared);
    const alphaAdmin = await w.caller(w.alpha.id, w.alphaAdmin);
    const alphaViewBefore = await alphaAdmin.members.get({ userId: w.shared });
    const bea = await w.http(w.bravo.id, w.bravoAdmin);

    expect(await bea.members.erase.mutate({ userId: w.shared })).toEqual({ userId: w.shared, changed: true });

    // Alpha: same person, same name and email, same membership, same page.
    expect(await personOf(w.core, w.shared)).toEqual({ ...PEOPLE.shared, erasedAt: null });
    expect(await membershipIn(w.core, w.alpha.id, w.shared)).toEqual(alphaBefore);
    const alphaView = await alphaAdmin.members.get({ userId: w.shared });
    expect(alphaView.profile).toEqual(alphaViewBefore.profile);
    expect(alphaView.timeline).toEqual(alphaViewBefore.timeline);
    expect((await alphaAdmin.members.list({ search: 'sam' })).items.map((r) => r.name)).toEqual(['Sam Shared']);

    // Bravo: nothing about them any more, neither in the list nor by id nor by search.
    expect(await membershipIn(w.core, w.bravo.id, w.shared)).toBeUndefined();
    expect((await bea.members.list.query({ search: 'sam' })).total).toBe(0);
    const gone = await bea.members.get.query({ userId: w.shared }).catch((e) => e);
    expect(gone.data).toMatchObject({ httpStatus: 404 });
    expect(JSON.stringify(await bea.members.list.query({}))).not.toMatch(/sam@shared|Sam Shared/);
  });

  it('an alpha ADMIN who is also a bravo member keeps their name, email and ADMIN role in alpha', async () => {
    const bea = await w.caller(w.bravo.id, w.bravoAdmin);
    await bea.members.erase({ userId: w.sharedAdmin });
    expect(await personOf(w.core, w.sharedAdmin)).toEqual({ ...PEOPLE.sharedAdmin, erasedAt: null });
    expect(await membershipIn(w.core, w.alpha.id, w.sharedAdmin)).toMatchObject({ role: 'ADMIN', status: 'active' });
    // They still sign in to alpha as its ADMIN.
    const ada = await w.caller(w.alpha.id, w.sharedAdmin);
    expect((await ada.members.list({})).total).toBe(5);
  });

  it("a person only bravo knows is erased as a person: tombstone, membership kept as removed", async () => {
    const bea = await w.caller(w.bravo.id, w.bravoAdmin);
    await bea.members.erase({ userId: w.bravoOnly });
    expect(await personOf(w.core, w.bravoOnly)).toMatchObject({ name: 'Erased member', email: `erased-${w.bravoOnly}@invalid`, erasedAt: expect.any(String) });
    expect(await membershipIn(w.core, w.bravo.id, w.bravoOnly)).toMatchObject({ status: 'removed' });
  });

  it("erasing everywhere is the console owner's: bravo's ADMIN is refused, the owner erases in every tenant", async () => {
    const bea = await w.http(w.bravo.id, w.bravoAdmin);
    const refused = await bea.members.eraseEverywhere.mutate({ userId: w.shared }).catch((e) => e);
    expect(refused.data).toMatchObject({ httpStatus: 403 });
    expect(await personOf(w.core, w.shared)).toEqual({ ...PEOPLE.shared, erasedAt: null });

    const owner = await w.caller(w.bravo.id, w.owner);
    expect(await owner.members.eraseEverywhere({ userId: w.shared })).toEqual({ userId: w.shared, changed: true });
    expect(await personOf(w.core, w.shared)).toMatchObject({ name: 'Erased member', email: `erased-${w.shared}@invalid` });
    for (const tenant of [w.alpha.id, w.bravo.id]) expect(await membershipIn(w.core, tenant, w.shared)).toMatchObject({ status: 'removed' });
    expect(await owner.members.eraseEverywhere({ userId: w.shared })).toEqual({ userId: w.shared, changed: false });
  });

  it('erasing everywhere names only a member of the current tenant, and never leaves a tenant without an ADMIN', async () => {
    const owner = await w.caller(w.bravo.id, w.owner);
    const notHere = await owner.members.eraseEverywhere({ userId: w.alphaOnly }).catch((e) => e);
    expect(notHere).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^userId: /) });
    expect(await personOf(w.core, w.alphaOnly)).toEqual({ ...PEOPLE.alphaOnly, erasedAt: null });

    // Alpha's admins are the owner, Al and Ada; with Al and the owner's ADMIN role gone, Ada is the last.
    await w.core.database.db.updateTable('memberships').set({ role: 'MEMBER' }).where('tenantId', '=', w.alpha.id).where('userId', 'in', [w.owner, w.alphaAdmin]).execute();
    const last = await owner.members.eraseEverywhere({ userId: w.sharedAdmin }).catch((e) => e);
    expect(last).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/last ADMIN/) });
    expect(await personOf(w.core, w.sharedAdmin)).toEqual({ ...PEOPLE.sharedAdmin, erasedAt: null });
    expect(await membershipIn(w.core, w.bravo.id, w.sharedAdmin)).toMatchObject({ status: 'active' });
  });
});
