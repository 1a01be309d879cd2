import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { createIpcHandler } from '../../src-main/core/platform/ipc/handler';
import { ipcClient } from '../support/clients';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { activeAdmins, addGroup, addSpace, apiAs, auditOf, membershipOf, publicApi, recordEvents } from '../fixtures/member-world';

describe.each(dialects)('member changes on %s', (dialect) => {
  let core: TestCore;
  let clock: ReturnType<typeof fixedClock>;
  let owner: string;
  let tenantId: string;
  let alice: string;
  let bob: string;
  let api: ReturnType<typeof apiAs>;
  let events: ReturnType<typeof recordEvents>;

  beforeEach(async () => {
    clock = fixedClock('2026-03-01T12:00:00.000Z');
    core = await makeTestCore(dialect, { clock });
    owner = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'changes', name: 'Changes' }, owner)).id;
    [alice, bob] = (await addMembers(core, tenantId, [
      { name: 'Alice Admin', email: 'alice@changes.test', role: 'ADMIN' },
      { name: 'Bob Member', email: 'bob@changes.test' },
    ])) as [string, string];
    api = apiAs(core, tenantId, owner);
    events = recordEvents(core);
  });
  afterEach(async () => core?.dispose());

  /** A tenant the console owner is not an ADMIN of (written directly: the API refuses to demote them). */
  async function ownerNotAdmin() {
    await core.database.db.updateTable('memberships').set({ role: 'MEMBER' }).where('tenantId', '=', tenantId).where('userId', '=', owner).execute();
  }

  it('changes a role, audits before/after and publishes member.role_changed; the same change again is a no-op', async () => {
    expect(await api.members.changeRole({ userId: bob, role: 'ADMIN' })).toEqual({ userId: bob, role: 'ADMIN', changed: true });
    expect((await membershipOf(core, tenantId, bob))?.role).toBe('ADMIN');
    const [entry] = await auditOf(core, tenantId, 'member.role_changed');
    expect(entry).toMatchObject({ actorUserId: owner, targetId: bob, before: '{"role":"MEMBER"}', after: '{"role":"ADMIN"}' });
    expect(await events.ofType('member.role_changed')).toEqual([expect.objectContaining({ tenantId, data: { userId: bob, from: 'MEMBER', to: 'ADMIN' } })]);

    expect(await api.members.changeRole({ userId: bob, role: 'ADMIN' })).toMatchObject({ changed: false });
    expect(await auditOf(core, tenantId, 'member.role_changed')).toHaveLength(1);
  });

  it('never demotes, removes or erases the last ADMIN', async () => {
    // Alice is the only admin (the console owner can no longer step down: see owner-lockout).
    await ownerNotAdmin();
    const asAlice = apiAs(core, tenantId, alice);
    for (const attempt of [
      () => asAlice.members.changeRole({ userId: alice, role: 'MEMBER' }),
      () => asAlice.members.remove({ userId: alice }),
      () => asAlice.members.erase({ userId: alice }),
    ]) {
      const err = await attempt().catch((e) => e);
      expect(err.code).toBe('CONFLICT');
      expect(err.message).toMatch(new RegExp(`^userId: ${alice} is the last ADMIN`));
    }
    expect(await activeAdmins(core, tenantId)).toEqual([alice]);
    expect((await core.database.db.selectFrom('users').select('email').where('id', '=', alice).executeTakeFirst())?.email).toBe('alice@changes.test');
  });

  it('leaves one admin when two admins demote each other at the same moment', async () => {
    // Admins: Alice, then Bob too; each demotes the other at once, several rounds.
    await ownerNotAdmin();
    for (let round = 0; round < 5; round++) {
      await apiAs(core, tenantId, alice).members.changeRole({ userId: bob, role: 'ADMIN' });
      expect(await activeAdmins(core, tenantId)).toEqual([alice, bob].sort());
      const results = await Promise.allSettled([
        apiAs(core, tenantId, alice).members.changeRole({ userId: bob, role: 'MEMBER' }),
        apiAs(core, tenantId, bob).members.changeRole({ userId: alice, role: 'MEMBER' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason.message).toMatch(/last ADMIN/);
      expect(await activeAdmins(core, tenantId)).toHaveLength(1);
      // Whoever is left promotes Alice back for the next round.
      const [left] = await activeAdmins(core, tenantId);
      await apiAs(core, tenantId, left!).members.changeRole({ userId: alice, role: 'ADMIN' });
    }
  });

  it('assigns and unassigns a space moderator', async () => {
    const space = await addSpace(core, tenantId, 'General');
    expect(await api.members.setSpaceRole({ userId: bob, spaceId: space, role: 'MODERATOR' })).toEqual({ userId: bob, spaceId: space, role: 'MODERATOR', changed: true });
    expect(await api.members.setSpaceRole({ userId: bob, spaceId: space, role: 'MODERATOR' })).toMatchObject({ changed: false });
    clock.advance(1000);
    await api.members.setSpaceRole({ userId: bob, spaceId: space, role: 'MEMBER' });
    const row = await core.database.db.selectFrom('spaceMembers').selectAll().where('spaceId', '=', space).executeTakeFirst();
    expect(row).toMatchObject({ userId: bob, role: 'MEMBER' });
    const audit = await auditOf(core, tenantId, 'member.space_role_changed');
    expect(audit.map((a) => [JSON.parse(a.before!).role, JSON.parse(a.after!).role])).toEqual([[null, 'MODERATOR'], ['MODERATOR', 'MEMBER']]);
    expect(await events.ofType('member.updated')).toHaveLength(2);
  });

  it('adds to and removes from groups, idempotently', async () => {
    const vip = await addGroup(core, tenantId, 'VIP');
    expect(await api.members.addToGroup({ userId: bob, groupId: vip })).toEqual({ userId: bob, changed: true });
    expect(await api.members.addToGroup({ userId: bob, groupId: vip })).toEqual({ userId: bob, changed: false });
    clock.advance(1000);
    expect(await core.database.db.selectFrom('groupMembers').select('userId').where('groupId', '=', vip).execute()).toEqual([{ userId: bob }]);
    expect(await api.members.removeFromGroup({ userId: bob, groupId: vip })).toEqual({ userId: bob, changed: true });
    expect(await api.members.removeFromGroup({ userId: bob, groupId: vip })).toEqual({ userId: bob, changed: false });
    expect((await auditOf(core, tenantId)).map((a) => a.action).filter((a) => a.startsWith('member.group'))).toEqual(['member.group_added', 'member.group_removed']);
  });

  it("refuses another tenant's group or space, and unknown members, as NOT_FOUND naming the field", async () => {
    const otherTenant = (await core.services.tenants.create({ slug: 'other', name: 'Other' }, owner)).id;
    const foreignGroup = await addGroup(core, otherTenant, 'Theirs');
    const foreignSpace = await addSpace(core, otherTenant, 'Theirs');
    const [stranger] = (await addMembers(core, otherTenant, [{ name: 'Stranger', email: 'stranger@other.test' }])) as [string];

    const cases: [() => Promise<unknown>, string][] = [
      [() => api.members.addToGroup({ userId: bob, groupId: foreignGroup }), 'groupId'],
      [() => api.members.setSpaceRole({ userId: bob, spaceId: foreignSpace, role: 'MODERATOR' }), 'spaceId'],
      [() => api.members.changeRole({ userId: stranger, role: 'ADMIN' }), 'userId'],
      [() => api.members.comp({ userId: 'user_doesnotexist1' }), 'userId'],
      [() => api.members.remove({ userId: stranger }), 'userId'],
      [() => api.members.erase({ userId: stranger }), 'userId'],
    ];
    for (const [call, field] of cases) {
      const err = await call().catch((e: { code: string; message: string }) => e);
      expect(err).toMatchObject({ code: 'NOT_FOUND' });
      expect((err as { message: string }).message).toMatch(new RegExp(`^${field}: `));
    }
    expect(await core.database.db.selectFrom('groupMembers').selectAll().execute()).toEqual([]);
    expect(await core.database.db.selectFrom('spaceMembers').selectAll().execute()).toEqual([]);
    expect((await membershipOf(core, otherTenant, stranger))?.status).toBe('active');
  });

  it('rejects bad input naming the field and changes nothing', async () => {
    // Over the IPC transport, as the desktop window sees it.
    const desktop = ipcClient(createIpcHandler(core), () => tenantId);
    const err = await desktop.members.changeRole.mutate({ userId: bob, role: 'OWNER' as never }).catch((e) => e);
    expect(err.data.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/^role: /);
    const badId = await desktop.members.remove.mutate({ userId: 'bob' }).catch((e) => e);
    expect(badId.message).toBe('userId: must be an id starting with "user_"');
    const past = await api.members.comp({ userId: bob, until: '2020-01-01T00:00:00Z' }).catch((e) => e);
    expect(past.message).toBe('until: must be in the future');
    expect((await membershipOf(core, tenantId, bob))).toMatchObject({ role: 'MEMBER', isComped: 0 });
    const asMember = apiAs(core, tenantId, bob, 'MEMBER');
    expect((await asMember.members.changeRole({ userId: bob, role: 'ADMIN' }).catch((e) => e)).code).toBe('FORBIDDEN');
  });

  it('comps until a date and uncomps', async () => {
    expect(await api.members.comp({ userId: bob, until: '2026-06-01T00:00:00Z' })).toEqual({ userId: bob, isComped: true, compedUntil: '2026-06-01T00:00:00.000Z', changed: true });
    expect(await membershipOf(core, tenantId, bob)).toMatchObject({ isComped: 1, compedUntil: '2026-06-01T00:00:00.000Z' });
    expect(await api.members.comp({ userId: bob, until: '2026-06-01T00:00:00.000Z' })).toMatchObject({ changed: false });
    clock.advance(1000);
    expect(await api.members.uncomp({ userId: bob })).toMatchObject({ isComped: false, compedUntil: null, changed: true });
    expect(await membershipOf(core, tenantId, bob)).toMatchObject({ isComped: 0, compedUntil: null });
    expect((await auditOf(core, tenantId)).map((a) => a.action).filter((a) => a.includes('comp'))).toEqual(['member.comped', 'member.uncomped']);
  });

  it('removes a member softly: status removed, left_at, groups dropped, member.left; nothing else can change them', async () => {
    const vip = await addGroup(core, tenantId, 'VIP');
    await api.members.addToGroup({ userId: bob, groupId: vip });
    clock.advance(60_000);
    expect(await api.members.remove({ userId: bob })).toEqual({ userId: bob, changed: true });
    expect(await membershipOf(core, tenantId, bob)).toMatchObject({ status: 'removed', leftAt: '2026-03-01T12:01:00.000Z', role: 'MEMBER' });
    expect(await core.database.db.selectFrom('groupMembers').selectAll().execute()).toEqual([]);
    const [removed] = await auditOf(core, tenantId, 'member.removed');
    expect(JSON.parse(removed!.before!)).toMatchObject({ status: 'active', groupIds: [vip] });
    expect(await events.ofType('member.left')).toEqual([expect.objectContaining({ data: { userId: bob, reason: 'removed' } })]);
    expect(await api.members.remove({ userId: bob })).toEqual({ userId: bob, changed: false });
    const err = await api.members.addToGroup({ userId: bob, groupId: vip }).catch((e) => e);
    expect(err.code).toBe('NOT_FOUND');
    // The console's own account is never removed (that would lock the desktop out).
    expect((await apiAs(core, tenantId, alice).members.remove({ userId: owner }).catch((e) => e)).code).toBe('CONFLICT');
  });

  it('erases personal data: tombstone, no groups, accounting rows kept, audited without the data', async () => {
    const vip = await addGroup(core, tenantId, 'VIP');
    const space = await addSpace(core, tenantId, 'General');
    await api.members.addToGroup({ userId: bob, groupId: vip });
    await api.members.setSpaceRole({ userId: bob, spaceId: space, role: 'MODERATOR' });
    await core.database.db
      .insertInto('subscriptions')
      .values({
        id: 'sub_erasetest01', tenantId, userId: bob, customerId: null, packageId: null, provider: 'stripe', providerSubscriptionId: 'sub_ext_1',
        planId: null, status: 'active', amountMinor: 2900, currentPeriodEnd: null, startedAt: '2026-01-01T00:00:00.000Z', canceledAt: null,
        graceEndsAt: null, providerUpdatedAt: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
      })
      .execute();

    // An earlier change quoted the name (an import renamed Bob): erasure redacts that entry too.
    await core.database.db.transaction().execute((trx) => core.services.memberAdmin.changes.ops.rename(trx, { tenantId, actorUserId: owner }, { userId: bob, name: 'Bob "Bobby" Member' }));
    expect(JSON.stringify(await auditOf(core, tenantId, 'member.renamed'))).toContain('Bobby');

    expect(await api.members.erase({ userId: bob })).toEqual({ userId: bob, changed: true });
    const user = await core.database.db.selectFrom('users').selectAll().where('id', '=', bob).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email: `erased-${bob}@invalid`, name: 'Erased member', erasedAt: '2026-03-01T12:00:00.000Z' });
    expect(await membershipOf(core, tenantId, bob)).toMatchObject({ status: 'removed' });
    expect(await core.database.db.selectFrom('groupMembers').selectAll().execute()).toEqual([]);
    expect(await core.database.db.selectFrom('spaceMembers').selectAll().execute()).toEqual([]);
    expect(await core.database.db.selectFrom('subscriptions').select(['userId', 'amountMinor']).execute()).toEqual([{ userId: bob, amountMinor: 2900 }]);
    const audit = await auditOf(core, tenantId);
    const erased = audit.find((a) => a.action === 'member.erased')!;
    expect(erased).toMatchObject({ targetId: bob, before: null });
    expect(JSON.stringify(audit)).not.toMatch(/bob@changes\.test|Bob Member|Bobby/);
    expect(audit.find((a) => a.action === 'member.renamed')).toMatchObject({ before: null, after: '{"redacted":"personal data erased"}' });
    expect((await events.all()).filter((e) => e.data.userId === bob).map((e) => e.type)).toContain('member.erased');
    expect(JSON.stringify((await events.ofType('member.erased'))[0])).not.toMatch(/bob@/);
    // Search no longer finds the person.
    expect((await api.members.list({ search: 'bob' })).total).toBe(0);
    expect(await api.members.erase({ userId: bob })).toEqual({ userId: bob, changed: false });
  });

  it('invites by link: accepting creates the member with joinSource invite_link and the groups', async () => {
    const vip = await addGroup(core, tenantId, 'VIP');
    const invite = await api.members.invite({ email: 'New.Person@Example.com', name: 'New Person', groupIds: [vip] });
    expect(invite).toMatchObject({ email: 'new.person@example.com', role: 'MEMBER', expiresAt: '2026-03-08T12:00:00.000Z', path: `/invite/${invite.token}` });
    const stored = await core.database.db.selectFrom('invites').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(invite.token);
    expect((await events.ofType('member.invited'))[0]?.data).toMatchObject({ inviteId: invite.inviteId, email: 'new.person@example.com' });

    const accepted = await publicApi(core).members.acceptInvite({ token: invite.token });
    expect(accepted).toMatchObject({ tenantId, outcome: 'joined' });
    expect(await membershipOf(core, tenantId, accepted.userId)).toMatchObject({ joinSource: 'invite_link', role: 'MEMBER', status: 'active' });
    expect(await core.database.db.selectFrom('groupMembers').select('userId').where('groupId', '=', vip).execute()).toEqual([{ userId: accepted.userId }]);
    const joined = await events.ofType('member.joined');
    expect(joined.at(-1)?.data).toEqual({ userId: accepted.userId, email: 'new.person@example.com', joinSource: 'invite_link', groups: [vip] });
    expect(await auditOf(core, tenantId, 'member.joined')).toHaveLength(1);

    const again = await publicApi(core).members.acceptInvite({ token: invite.token }).catch((e) => e);
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toMatch(/^token: .*already used/);
    const dup = await api.members.invite({ email: 'new.person@example.com' }).catch((e) => e);
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toMatch(/^email: /);
  });

  it('refuses an expired or replaced invite, and brings a removed member back', async () => {
    const first = await api.members.invite({ email: 'bob@changes.test' }).catch((e) => e);
    expect(first.code).toBe('CONFLICT'); // Bob is still a member
    await api.members.remove({ userId: bob });

    const old = await api.members.invite({ email: 'bob@changes.test' });
    const fresh = await api.members.invite({ email: 'bob@changes.test', role: 'ADMIN', expiresInDays: 1 });
    expect((await publicApi(core).members.acceptInvite({ token: old.token }).catch((e) => e)).message).toMatch(/replaced/);

    clock.advance(2 * 86_400_000);
    const expired = await publicApi(core).members.acceptInvite({ token: fresh.token }).catch((e) => e);
    expect(expired.code).toBe('PRECONDITION_FAILED');
    expect(expired.message).toMatch(/^token: this invite link expired/);
    expect((await membershipOf(core, tenantId, bob))?.status).toBe('removed');

    const third = await api.members.invite({ email: 'bob@changes.test', role: 'ADMIN' });
    expect(await publicApi(core).members.acceptInvite({ token: third.token })).toEqual({ tenantId, userId: bob, outcome: 'rejoined' });
    expect(await membershipOf(core, tenantId, bob)).toMatchObject({ status: 'active', role: 'ADMIN', joinSource: 'invite_link', leftAt: null });
    expect((await publicApi(core).members.acceptInvite({ token: 'x'.repeat(32) }).catch((e) => e)).code).toBe('NOT_FOUND');
  });
});
