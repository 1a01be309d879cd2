import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

describe.each(dialects)('members.list on %s', (dialect) => {
  let core: TestCore;
  let tenantId: string;

  beforeAll(async () => {
    core = await makeTestCore(dialect);
    const owner = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'list', name: 'List' }, owner)).id;
    await addMembers(core, tenantId, [
      { name: 'John Smith', email: 'john.smith@example.com', joinSource: 'free_signup' },
      { name: 'Joanna Smithers', email: 'jo@acme.io', role: 'ADMIN', joinSource: 'paid', subscriptionStatus: 'active' },
      { name: 'Zoë Ørsted', email: 'zoe@fjord.no', joinSource: 'free_signup', subscriptionStatus: 'trialing' },
      { name: 'Ann-Marie O\'Neil', email: 'annmarie+tag@mail.com', joinSource: 'invite_link' },
      ...Array.from({ length: 40 }, (_, i) => ({ name: `Member ${i}`, email: `member${i}@bulk.test`, joinSource: 'free_signup' as const })),
    ]);
    // A member of another tenant must never show up here.
    const other = (await core.services.tenants.create({ slug: 'other', name: 'Other' }, owner)).id;
    await addMembers(core, other, [{ name: 'John Elsewhere', email: 'john@elsewhere.com' }]);
  });
  afterAll(async () => core?.dispose());

  const list = (input: Parameters<TestCore['services']['members']['list']>[1]) => core.services.members.list(tenantId, input);

  it('pages through the tenant newest first with a total', async () => {
    const first = await list({ page: 1, limit: 10 });
    expect(first.total).toBe(45); // 44 added + the owner
    expect(first.items).toHaveLength(10);
    expect(first.pageCount).toBe(5);
    const last = await list({ page: 5, limit: 10 });
    expect(last.items).toHaveLength(5);
    const joined = first.items.map((m) => m.joinedAt);
    expect([...joined].sort().reverse()).toEqual(joined);
    const all = [...first.items, ...(await list({ page: 2, limit: 10 })).items];
    expect(new Set(all.map((m) => m.userId)).size).toBe(20);
  });

  it('filters by role', async () => {
    const admins = await list({ role: 'ADMIN' });
    expect(admins.items.map((m) => m.name).sort()).toEqual(['Console owner', 'Joanna Smithers']);
    expect(admins.total).toBe(2);
  });

  it('finds members by the prefix of any word of the name or email', async () => {
    const names = async (search: string) => (await list({ search, limit: 50 })).items.map((m) => m.name).sort();
    expect(await names('jo')).toEqual(['Joanna Smithers', 'John Smith']);
    expect(await names('smith')).toEqual(['Joanna Smithers', 'John Smith']);
    expect(await names('john smi')).toEqual(['John Smith']);
    expect(await names('acme')).toEqual(['Joanna Smithers']);
    expect(await names('fjord')).toEqual(['Zoë Ørsted']);
    expect(await names('neil')).toEqual(["Ann-Marie O'Neil"]);
    expect((await list({ search: 'jo', role: 'ADMIN' })).total).toBe(1);
  });

  it('never breaks on hostile search text', async () => {
    for (const search of ['"', 'AND', 'a-b', 'NEAR(', 'john"', "'; DROP TABLE users; --", '🙂', 'OR *', '\\', '%_']) {
      const page = await list({ search });
      expect(page.total).toBeGreaterThanOrEqual(0);
    }
    expect((await list({ search: 'AND' })).total).toBe(0);
    expect((await list({ search: '"john"' })).items.map((m) => m.name)).toEqual(['John Smith']);
  });

  it('marks free and paid members by the seed rule', async () => {
    const byName = new Map((await list({ limit: 50 })).items.map((m) => [m.name, m.isFreeMember]));
    expect(byName.get('John Smith')).toBe(true);
    expect(byName.get('Joanna Smithers')).toBe(false);
    expect(byName.get('Zoë Ørsted')).toBe(false); // trialing counts as paid access
    expect(byName.get("Ann-Marie O'Neil")).toBe(false); // invited, not a free signup
  });

  it('gives each row its tier and comp, and a cursor that carries on where the page ended', async () => {
    const first = await list({ limit: 10 });
    expect(first.items[0]).toEqual(
      expect.objectContaining({ avatarUrl: null, isComped: false, compedUntil: null, tier: expect.stringMatching(/^(free|paid|comped)$/) }),
    );
    const byName = new Map((await list({ limit: 50 })).items.map((m) => [m.name, m.tier]));
    expect([byName.get('John Smith'), byName.get('Joanna Smithers'), byName.get("Ann-Marie O'Neil")]).toEqual(['free', 'paid', 'paid']);
    const second = await list({ limit: 10, cursor: first.nextCursor! });
    expect(second.page).toBeNull();
    expect(second.items.map((m) => m.userId)).toEqual((await list({ limit: 10, page: 2 })).items.map((m) => m.userId));
  });

  it('never breaks on hostile search text, whatever the filters and sort', async () => {
    for (const search of ['"', 'AND', 'a-b', 'NEAR(', 'OR *', '🙂', "'", '\\', '%_', 'jo*', '{name}: x', '^jo']) {
      for (const field of ['joinedAt', 'lastActiveAt', 'name', 'email'] as const) {
        const page = await list({ search, sort: { field }, tier: 'free', joinSource: ['free_signup'] });
        expect(page.total).toBeGreaterThanOrEqual(0);
      }
    }
    expect((await list({ search: '{name}: jo' })).total).toBe(0); // "name" matches no one here; no column filter syntax
    expect((await list({ search: 'jo*' })).items.map((m) => m.name).sort()).toEqual(['Joanna Smithers', 'John Smith']);
  });

  it('rejects bad input naming the field', async () => {
    await expect(list({ limit: 500 })).rejects.toThrow(/limit/);
    await expect(list({ page: 0 })).rejects.toThrow(/page/);
  });
});
