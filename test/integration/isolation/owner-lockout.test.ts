import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../../support/core';
import { makeTwoTenants, membershipIn, personOf, type TwoTenants } from '../../support/two-tenants';

// Finding: the console owner could demote themselves (one click, no confirmation) and then every
// page said "this needs an ADMIN of the tenant", with no way back. The owner now keeps ADMIN in
// every tenant, whoever asks.

describe.each(dialects)('console owner lockout on %s', (dialect) => {
  let w: TwoTenants;
  beforeEach(async () => {
    w = await makeTwoTenants(dialect);
  });
  afterEach(async () => w?.dispose());

  async function ownerIsIntact() {
    for (const tenant of [w.alpha.id, w.bravo.id]) expect(await membershipIn(w.core, tenant, w.owner)).toMatchObject({ role: 'ADMIN', status: 'active' });
    expect(await personOf(w.core, w.owner)).toMatchObject({ erasedAt: null, name: 'Console owner' });
  }

  it('is not demoted, removed or erased by a tenant ADMIN, nor by themselves: a 409 that says why', async () => {
    const callers = [await w.http(w.bravo.id, w.bravoAdmin), await w.http(w.bravo.id, w.owner), await w.http(w.alpha.id, w.owner)];
    for (const api of callers) {
      for (const attempt of [
        () => api.members.changeRole.mutate({ userId: w.owner, role: 'MEMBER' }),
        () => api.members.remove.mutate({ userId: w.owner }),
        () => api.members.erase.mutate({ userId: w.owner }),
      ]) {
        const err = await attempt().catch((e) => e);
        expect(err.data).toMatchObject({ httpStatus: 409, field: 'userId' });
        expect(err.message).toMatch(/is the console owner, who cannot be (demoted|removed|erased) in any community/);
      }
    }
    const self = await w.http(w.alpha.id, w.owner);
    const everywhere = await self.members.eraseEverywhere.mutate({ userId: w.owner }).catch((e) => e);
    expect(everywhere.data).toMatchObject({ httpStatus: 409 });
    await ownerIsIntact();
    // And the owner still administers both tenants.
    expect((await self.members.list.query({})).total).toBe(5);
  });

  it('is left out of bulk demotions and removals, with the reason', async () => {
    const bea = await w.caller(w.bravo.id, w.bravoAdmin);
    for (const action of [{ type: 'change_role', role: 'MEMBER' }, { type: 'remove' }] as const) {
      const op = await bea.members.bulk.start({ action, target: { userIds: [w.owner] } });
      await w.core.jobs.drain();
      expect(await bea.members.bulk.get({ id: op.id })).toMatchObject({
        changed: 0,
        failed: 1,
        failures: [{ userId: w.owner, reason: expect.stringMatching(/console owner/) }],
      });
    }
    await ownerIsIntact();
  });

  it('is not demoted by an import row: the dry run marks the row as an error', async () => {
    const bea = await w.caller(w.bravo.id, w.bravoAdmin);
    const up = await bea.members.import.upload({ chunk: 'email,role\nowner@tenant-console.local,MEMBER\n', last: true });
    const preview = await bea.members.import.preview({ importId: up.importId });
    expect(preview.rows).toEqual([expect.objectContaining({ status: 'error', error: 'role: the console owner cannot be demoted in any community' })]);
    await ownerIsIntact();
  });
});
