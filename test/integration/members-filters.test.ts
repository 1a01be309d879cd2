import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import type { ListMembersInput } from '../../src-shared/schemas/members';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { addGroup, addPackage, addSpace, addSubscription, newTenant, putInGroup, putInSpace, setMember } from './members-fixtures';

const NOW = '2026-06-15T12:00:00.000Z';

describe.each(dialects)('members.list filters on %s', (dialect) => {
  let core: TestCore;
  let tenantId: string;
  let otherTenantId: string;
  const ids: Record<string, string> = {};
  let group: string;
  let otherGroup: string;
  let space: string;
  let pro: string;
  let starter: string;

  beforeAll(async () => {
    core = await makeTestCore(dialect, { clock: fixedClock(NOW) });
    ({ tenantId } = await newTenant(core, 'filters'));
    const people = [
      { key: 'ada', name: 'Ada Lovelace', email: 'ada@math.test', joinSource: 'free_signup', joinedAt: '2025-12-31T23:59:59.999Z' },
      { key: 'bob', name: 'Bob Builder', email: 'bob@build.test', joinSource: 'paid', subscriptionStatus: 'active', joinedAt: '2026-01-01T00:00:00.000Z' },
      { key: 'cy', name: 'Cy Twombly', email: 'cy@art.test', joinSource: 'invite_link', joinedAt: '2026-01-31T23:59:59.000Z' },
      { key: 'dee', name: 'Dee Dee', email: 'dee@ramones.test', joinSource: 'free_signup', subscriptionStatus: 'past_due', joinedAt: '2026-02-01T00:00:00.000Z' },
      { key: 'eve', name: 'Eve Online', email: 'eve@space.test', joinSource: 'paid', subscriptionStatus: 'canceled', joinedAt: '2026-03-10T10:00:00.000Z' },
      { key: 'fay', name: 'Fay Wray', email: 'fay@kong.test', joinSource: 'free_signup', joinedAt: '2026-04-01T00:00:00.000Z' },
    ] as const;
    const userIds = await addMembers(core, tenantId, people.map((p) => ({ ...p })));
    people.forEach((p, i) => (ids[p.key] = userIds[i]!));
    await setMember(core, tenantId, ids.ada!, { lastActiveAt: '2026-06-14T00:00:00.000Z' });
    await setMember(core, tenantId, ids.bob!, { lastActiveAt: '2026-05-31T23:59:59.999Z' });
    await setMember(core, tenantId, ids.cy!, { lastActiveAt: '2026-06-01T00:00:00.000Z' });
    // dee and eve: never active. fay: comped, and has left.
    await setMember(core, tenantId, ids.fay!, { isComped: 1, status: 'removed', leftAt: '2026-05-01T00:00:00.000Z' });

    group = await addGroup(core, tenantId, 'Founders');
    await putInGroup(core, group, [ids.ada!, ids.cy!, ids.fay!]);
    space = await addSpace(core, tenantId, 'Lounge');
    await putInSpace(core, space, ids.ada!, 'MODERATOR');
    await putInSpace(core, space, ids.bob!);
    await putInSpace(core, space, ids.dee!);
    pro = await addPackage(core, tenantId, 'Pro');
    starter = await addPackage(core, tenantId, 'Starter');
    await addSubscription(core, { tenantId, userId: ids.bob!, packageId: pro, status: 'active' });
    await addSubscription(core, { tenantId, userId: ids.bob!, packageId: pro, status: 'canceled' }); // an older one
    await addSubscription(core, { tenantId, userId: ids.dee!, packageId: starter, status: 'past_due' });
    await addSubscription(core, { tenantId, userId: ids.eve!, packageId: pro, status: 'canceled' });

    // Another tenant: Ada is a member there too, in a group of that tenant.
    ({ tenantId: otherTenantId } = await newTenant(core, 'elsewhere'));
    otherGroup = await addGroup(core, otherTenantId, 'Their group');
    await core.database.db.insertInto('memberships').values({ id: 'mem_telsewhere01', tenantId: otherTenantId, userId: ids.ada!, role: 'MEMBER', joinSource: 'paid', subscriptionStatus: null, compedUntil: null, joinedAt: NOW, lastActiveAt: null, leftAt: null }).execute();
    await putInGroup(core, otherGroup, [ids.bob!]);
  });
  afterAll(async () => core?.dispose());

  const keysOf = async (input: ListMembersInput) => {
    const page = await core.services.members.list(tenantId, { limit: 100, ...input });
    const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
    const keys = page.items.map((m) => byId.get(m.userId) ?? 'owner').sort();
    expect(page.total).toBe(keys.length);
    return keys;
  };

  it('joinSource: any of the sources given', async () => {
    expect(await keysOf({ joinSource: ['paid'] })).toEqual(['bob', 'eve']);
    expect(await keysOf({ joinSource: ['paid', 'invite_link'] })).toEqual(['bob', 'cy', 'eve', 'owner']);
  });

  it('subscriptionStatus: the best current status, and none for members who never subscribed', async () => {
    expect(await keysOf({ subscriptionStatus: ['active'] })).toEqual(['bob']);
    expect(await keysOf({ subscriptionStatus: ['past_due', 'canceled'] })).toEqual(['dee', 'eve']);
    expect(await keysOf({ subscriptionStatus: ['none'] })).toEqual(['ada', 'cy', 'owner']);
    expect(await keysOf({ subscriptionStatus: ['none', 'active'] })).toEqual(['ada', 'bob', 'cy', 'owner']);
  });

  it('groupId, spaceId and spaceRole: active members only', async () => {
    expect(await keysOf({ groupId: group })).toEqual(['ada', 'cy']); // fay left
    expect(await keysOf({ spaceId: space })).toEqual(['ada', 'bob', 'dee']);
    expect(await keysOf({ spaceId: space, spaceRole: 'MODERATOR' })).toEqual(['ada']);
    expect(await keysOf({ spaceId: space, spaceRole: 'MEMBER' })).toEqual(['bob', 'dee']);
  });

  it('packageId: members whose subscription to it has not ended', async () => {
    expect(await keysOf({ packageId: pro })).toEqual(['bob']); // eve canceled; bob counted once
    expect(await keysOf({ packageId: starter })).toEqual(['dee']);
  });

  it('joinedFrom / joinedTo: a date is a whole UTC day, a timestamp is taken as given', async () => {
    expect(await keysOf({ joinedFrom: '2026-01-01', joinedTo: '2026-01-31' })).toEqual(['bob', 'cy']);
    expect(await keysOf({ joinedTo: '2025-12-31' })).toEqual(['ada']);
    expect(await keysOf({ joinedFrom: '2026-02-01T00:00:00Z' })).toEqual(['dee', 'eve', 'owner']);
    expect(await keysOf({ joinedFrom: '2026-03-10T12:00:00+02:00', joinedTo: '2026-03-10T12:00:00+01:00' })).toEqual(['eve']);
  });

  it('inactiveSince: last active before it, or never', async () => {
    expect(await keysOf({ inactiveSince: '2026-06-01' })).toEqual(['bob', 'dee', 'eve']);
    expect(await keysOf({ inactiveSince: '2026-06-01T00:00:00.001Z' })).toEqual(['bob', 'cy', 'dee', 'eve']);
  });

  it('combines filters, search included, and never shows a member who left', async () => {
    expect(await keysOf({ search: 'ada', groupId: group, tier: 'free', role: 'MEMBER' })).toEqual(['ada']);
    expect(await keysOf({ spaceId: space, joinSource: ['free_signup'], subscriptionStatus: ['past_due'] })).toEqual(['dee']);
    expect(await keysOf({ search: 'fay' })).toEqual([]);
    expect(await keysOf({ tier: 'comped' })).toEqual([]);
  });

  it("refuses another tenant's group, and unknown ids, naming the field", async () => {
    await expect(core.services.members.list(tenantId, { groupId: otherGroup })).rejects.toMatchObject({ code: 'NOT_FOUND', details: { field: 'groupId' } });
    await expect(core.services.members.list(tenantId, { spaceId: 'space_tnothere0001' })).rejects.toMatchObject({ code: 'NOT_FOUND', details: { field: 'spaceId' } });
    await expect(core.services.members.list(tenantId, { packageId: 'pkg_tnothere00001' })).rejects.toThrow(/packageId/);
  });

  it('rejects bad filters naming the field', async () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ tier: 'gold' }, /tier/],
      [{ joinSource: [] }, /joinSource/],
      [{ joinSource: ['facebook'] }, /joinSource/],
      [{ subscriptionStatus: ['lapsed'] }, /subscriptionStatus/],
      [{ spaceRole: 'MODERATOR' }, /spaceRole/],
      [{ joinedFrom: '2026-02-30' }, /joinedFrom/],
      [{ joinedFrom: '2026-03-01T10:00:00' }, /joinedFrom/], // no time zone
      [{ joinedFrom: '2026-03-02', joinedTo: '2026-03-01' }, /joinedTo/],
      [{ inactiveSince: 'yesterday' }, /inactiveSince/],
      [{ groupId: 'not-an-id' }, /groupId/],
      [{ sort: { field: 'age' } }, /sort/],
      [{ colour: 'red' }, /colour|unrecognized/i],
    ];
    for (const [input, field] of bad) {
      await expect(core.services.members.list(tenantId, input as ListMembersInput), JSON.stringify(input)).rejects.toThrow(field);
    }
  });

  it('counts a filter the same through members.count as through the list', async () => {
    expect(await core.services.members.count(tenantId, { filter: { spaceId: space } })).toBe(3);
    expect(await core.services.members.count(tenantId, { filter: {} })).toBe(6); // 5 active + owner
    expect(await core.services.members.count(tenantId, { filter: { tier: 'paid' } })).toBe((await keysOf({ tier: 'paid' })).length);
  });
});
