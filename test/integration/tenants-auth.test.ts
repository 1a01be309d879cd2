import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

describe.each(dialects)('tenants and tokens on %s', (dialect) => {
  let core: TestCore;
  afterEach(async () => core?.dispose());

  it('creates a tenant with its creator as ADMIN and refuses a duplicate slug by name', async () => {
    core = await makeTestCore(dialect);
    const owner = await core.services.owner.id();
    await core.services.tenants.create({ slug: 'acme', name: 'Acme' }, owner);
    await expect(core.services.tenants.create({ slug: 'acme', name: 'Other' }, owner)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^slug: .*already exists/),
    });
    const tenants = await core.services.tenants.listForUser(owner);
    expect(tenants).toEqual([expect.objectContaining({ slug: 'acme', name: 'Acme', role: 'ADMIN', memberCount: 1 })]);
  });

  it('issues tokens that carry user, tenant and role, and stop working when revoked', async () => {
    core = await makeTestCore(dialect);
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: 't', name: 'T' }, owner);
    const token = await core.services.auth.issue({ tenantId: tenant.id, userId: owner, role: 'ADMIN' });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ userId: owner, tenantId: tenant.id, role: 'ADMIN' });
    await expect(core.services.auth.authenticate(token)).resolves.toMatchObject({ userId: owner, tenantId: tenant.id, role: 'ADMIN', isConsoleOwner: true });
    await core.services.auth.revoke(claims.jti);
    await expect(core.services.auth.authenticate(token)).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'the token was revoked' });
  });

  it('never grants more than the member\'s current role, and refuses tampered or expired tokens', async () => {
    const clock = fixedClock('2026-06-01T00:00:00.000Z');
    core = await makeTestCore(dialect, { clock });
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: 't2', name: 'T2' }, owner);
    const [memberId] = await addMembers(core, tenant.id, [{ name: 'Mo', email: 'mo@x.io', role: 'MEMBER' }]);
    const asAdmin = await core.services.auth.issue({ tenantId: tenant.id, userId: memberId!, role: 'ADMIN' });
    await expect(core.services.auth.authenticate(asAdmin)).resolves.toMatchObject({ role: 'MEMBER', isConsoleOwner: false });

    const [head, body, sig] = asAdmin.split('.');
    const forged = JSON.parse(Buffer.from(body!, 'base64url').toString());
    forged.userId = owner;
    const tampered = [head, Buffer.from(JSON.stringify(forged)).toString('base64url'), sig].join('.');
    await expect(core.services.auth.authenticate(tampered)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    const shortLived = await core.services.auth.issue({ tenantId: tenant.id, userId: owner, role: 'ADMIN', expiresInSeconds: 60 });
    clock.advance(61_000);
    await expect(core.services.auth.authenticate(shortLived)).rejects.toMatchObject({ message: 'the token has expired' });
  });

  it('getCurrentUser answers in the seed shape with isFreeMember', async () => {
    core = await makeTestCore(dialect);
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: 't3', name: 'T3' }, owner);
    const [freeId] = await addMembers(core, tenant.id, [{ name: 'Fay', email: 'fay@x.io', joinSource: 'free_signup' }]);
    await expect(core.services.users.getCurrentUser(freeId!, tenant.id)).resolves.toEqual({
      id: freeId, email: 'fay@x.io', name: 'Fay', tenantId: tenant.id, role: 'MEMBER', joinSource: 'free_signup', isFreeMember: true,
    });
  });
});
