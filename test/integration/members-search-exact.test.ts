import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

// An owner who pastes an address is looking for that one member: they come first, whatever the
// sort, and paging on from there shows every other match once.
describe.each(dialects)('members.list search by exact email on %s', (dialect) => {
  let core: TestCore;
  let tenantId: string;

  beforeAll(async () => {
    core = await makeTestCore(dialect);
    const owner = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'exact', name: 'Exact' }, owner)).id;
    // member1@… is a prefix match of member10…member19 too: 11 matches, the exact one among them.
    await addMembers(core, tenantId, Array.from({ length: 20 }, (_, i) => ({ name: `Member ${i}`, email: `member${i}@bulk.test` })));
  });
  afterAll(async () => core?.dispose());

  const list = (input: Parameters<TestCore['services']['members']['list']>[1]) => core.services.members.list(tenantId, input);

  it('puts the member with that exact email first, in any sort and any case', async () => {
    for (const sort of [{ field: 'joinedAt' as const, direction: 'desc' as const }, { field: 'name' as const, direction: 'desc' as const }]) {
      const page = await list({ search: ' MEMBER1@Bulk.Test ', sort, limit: 50 });
      expect(page.items[0]?.email).toBe('member1@bulk.test');
      expect(page.total).toBe(11);
      expect(new Set(page.items.map((m) => m.userId)).size).toBe(11);
    }
    // A word search is not an email: the sort decides.
    expect((await list({ search: 'member1', sort: { field: 'name', direction: 'desc' } })).items[0]?.email).not.toBe('member1@bulk.test');
  });

  it('shows every match once when paging on by cursor, and the first page keeps its length', async () => {
    const sort = { field: 'name' as const, direction: 'desc' as const };
    const seen: string[] = [];
    let page = await list({ search: 'member1@bulk.test', sort, limit: 4 });
    expect(page.items).toHaveLength(4);
    expect(page.items[0]?.email).toBe('member1@bulk.test');
    seen.push(...page.items.map((m) => m.email));
    while (page.nextCursor) {
      page = await list({ search: 'member1@bulk.test', sort, limit: 4, cursor: page.nextCursor });
      seen.push(...page.items.map((m) => m.email));
    }
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
  });

  it('leaves the member out when the other filters do', async () => {
    const page = await list({ search: 'member1@bulk.test', role: 'ADMIN' });
    expect(page.items).toEqual([]);
    expect(page.total).toBe(0);
  });
});
