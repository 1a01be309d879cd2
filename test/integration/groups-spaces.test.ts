import { afterEach, describe, expect, it } from 'vitest';
import { createIpcHandler } from '../../src-main/core/platform/ipc/handler';
import { ipcClient } from '../support/clients';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

describe.each(dialects)('groups.list and spaces.list on %s', (dialect) => {
  let core: TestCore;
  afterEach(async () => core?.dispose());

  it("list only the tenant's own groups and spaces, with their sizes", async () => {
    core = await makeTestCore(dialect);
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: 'gs', name: 'GS' }, owner);
    const other = await core.services.tenants.create({ slug: 'gs-other', name: 'Other' }, owner);
    const [ann, bob] = await addMembers(core, tenant.id, [
      { name: 'Ann', email: 'ann@gs.test' },
      { name: 'Bob', email: 'bob@gs.test' },
    ]);
    const at = '2026-01-01T00:00:00.000Z';
    const db = core.database.db;
    await db.insertInto('groups').values([
      { id: 'group_premium01', tenantId: tenant.id, name: 'Premium', description: 'Paying members', createdAt: at },
      { id: 'group_empty0001', tenantId: tenant.id, name: 'Alumni', description: null, createdAt: at },
      { id: 'group_foreign01', tenantId: other.id, name: 'Not ours', description: null, createdAt: at },
    ]).execute();
    await db.insertInto('groupMembers').values([
      { groupId: 'group_premium01', userId: ann!, addedAt: at },
      { groupId: 'group_premium01', userId: bob!, addedAt: at },
    ]).execute();
    await db.insertInto('spaces').values([
      { id: 'space_lounge001', tenantId: tenant.id, groupId: null, name: 'Lounge', type: 'CHAT', createdAt: at },
      { id: 'space_course001', tenantId: tenant.id, groupId: 'group_premium01', name: 'Course', type: 'COURSE', createdAt: at },
    ]).execute();
    await db.insertInto('spaceMembers').values([
      { spaceId: 'space_lounge001', userId: ann!, role: 'MODERATOR', joinedAt: at },
      { spaceId: 'space_lounge001', userId: bob!, role: 'MEMBER', joinedAt: at },
    ]).execute();

    const api = ipcClient(createIpcHandler(core), () => tenant.id);
    expect(await api.groups.list.query()).toEqual([
      { id: 'group_empty0001', name: 'Alumni', description: null, memberCount: 0 },
      { id: 'group_premium01', name: 'Premium', description: 'Paying members', memberCount: 2 },
    ]);
    expect(await api.spaces.list.query()).toEqual([
      { id: 'space_course001', name: 'Course', type: 'COURSE', groupId: 'group_premium01', memberCount: 0, moderatorCount: 0 },
      { id: 'space_lounge001', name: 'Lounge', type: 'CHAT', groupId: null, memberCount: 2, moderatorCount: 1 },
    ]);
  });
});
