import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { addGroup, apiAs, membershipOf } from '../fixtures/member-world';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

// Undo of a bulk action: a finished operation names the members it changed, so the inverse runs
// on them alone and someone who was already so before stays so.
describe.each(dialects)('undoing a bulk action on %s', (dialect) => {
  let core: TestCore;
  let tenantId: string;
  let ids: string[];
  let api: ReturnType<typeof apiAs>;

  beforeAll(async () => {
    core = await makeTestCore(dialect, { clock: fixedClock('2026-06-01T00:00:00.000Z') });
    const owner = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'undo', name: 'Undo' }, owner)).id;
    ids = await addMembers(core, tenantId, Array.from({ length: 7 }, (_, i) => ({ name: `P ${i}`, email: `p${i}@undo.test` })));
    api = apiAs(core, tenantId, owner);
  });
  afterAll(async () => core?.dispose());

  const inGroup = async (groupId: string) =>
    (await core.database.db.selectFrom('groupMembers').select('userId').where('groupId', '=', groupId).execute()).map((r) => r.userId).sort();

  it('names who an add-to-group changed; the inverse on them leaves the one already in it', async () => {
    const vip = await addGroup(core, tenantId, 'VIP');
    await api.members.addToGroup({ userId: ids[0]!, groupId: vip });
    const op = await api.members.bulk.start({ action: { type: 'add_to_group', groupId: vip }, target: { userIds: ids.slice(0, 4) } });
    expect(op.changedUserIds).toBeNull(); // not done yet
    await core.jobs.drain();
    const done = await api.members.bulk.get({ id: op.id });
    expect(done).toMatchObject({ status: 'done', changed: 3, unchanged: 1, parts: 0 });
    expect([...done.changedUserIds!].sort()).toEqual(ids.slice(1, 4).sort());

    const undo = await api.members.bulk.start({ action: { type: 'remove_from_group', groupId: vip }, target: { userIds: done.changedUserIds! } });
    await core.jobs.drain();
    expect(await api.members.bulk.get({ id: undo.id })).toMatchObject({ status: 'done', changed: 3 });
    expect(await inGroup(vip)).toEqual([ids[0]]);
  });

  it('names who a role change changed, and nothing for actions without an inverse', async () => {
    const op = await api.members.bulk.start({ action: { type: 'change_role', role: 'ADMIN' }, target: { userIds: [ids[5]!, ids[6]!] } });
    await core.jobs.drain();
    const done = await api.members.bulk.get({ id: op.id });
    expect([...done.changedUserIds!].sort()).toEqual([ids[5], ids[6]].sort());
    const undo = await api.members.bulk.start({ action: { type: 'change_role', role: 'MEMBER' }, target: { userIds: done.changedUserIds! } });
    await core.jobs.drain();
    expect(await api.members.bulk.get({ id: undo.id })).toMatchObject({ changed: 2 });
    expect((await membershipOf(core, tenantId, ids[5]!))?.role).toBe('MEMBER');

    const removal = await api.members.bulk.start({ action: { type: 'remove' }, target: { userIds: [ids[4]!] } });
    await core.jobs.drain();
    expect(await api.members.bulk.get({ id: removal.id })).toMatchObject({ status: 'done', changed: 1, changedUserIds: null });
  });
});
