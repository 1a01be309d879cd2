import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import type { ListMembersInput, MemberListItem, MemberSortField, SortDirection } from '../../src-shared/schemas/members';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { addGroup, newTenant, putInGroup, setMember } from './members-fixtures';

// Sorts, cursors and page numbers: every way through the list must give the same rows in the same
// order, with ties (same name, same join time, never active) broken the same way every time.

const NOW = '2026-06-15T12:00:00.000Z';
const FIRST_NAMES = ['alice', 'Bob', 'bob', 'Carol', 'dave', 'Eve', 'Zoe', 'Ann', 'ann'];

describe.each(dialects)('members.list sorting and paging on %s', (dialect) => {
  let core: TestCore;
  let tenantId: string;
  let bigGroup: string;
  let smallGroup: string;
  let membershipOf: Map<string, string>;

  beforeAll(async () => {
    core = await makeTestCore(dialect, { clock: fixedClock(NOW) });
    ({ tenantId } = await newTenant(core, 'paging'));
    const people = Array.from({ length: 58 }, (_, i) => ({
      name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${String.fromCharCode(97 + (i % 5))}`, // repeated names
      email: `${String.fromCharCode(97 + ((i * 7) % 26))}${i}@paging.test`,
      // Groups of three members share one join time.
      joinedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 3_600_000).toISOString(),
      joinSource: (i % 3 === 0 ? 'paid' : 'free_signup') as 'paid' | 'free_signup',
    }));
    const ids = await addMembers(core, tenantId, people);
    for (const [i, userId] of ids.entries()) {
      // A third never active, the rest in ties of two.
      const lastActiveAt = i % 3 === 1 ? null : new Date(Date.UTC(2026, 5, 1) + Math.floor(i / 2) * 60_000).toISOString();
      await setMember(core, tenantId, userId, { lastActiveAt });
    }
    bigGroup = await addGroup(core, tenantId, 'Big');
    await putInGroup(core, bigGroup, ids.filter((_, i) => i % 2 === 0));
    smallGroup = await addGroup(core, tenantId, 'Small');
    await putInGroup(core, smallGroup, [ids[5]!, ids[40]!, ids[41]!]);
    const rows = await core.database.db.selectFrom('memberships').select(['userId', 'id']).where('tenantId', '=', tenantId).execute();
    membershipOf = new Map(rows.map((r) => [r.userId, r.id]));
  });
  afterAll(async () => core?.dispose());

  const list = (input: ListMembersInput) => core.services.members.list(tenantId, input);

  /** The order the sort promises, computed here from the rows themselves. */
  function expectedOrder(items: MemberListItem[], field: MemberSortField, direction: SortDirection): string[] {
    const key = (m: MemberListItem) =>
      field === 'joinedAt' ? m.joinedAt : field === 'lastActiveAt' ? (m.lastActiveAt ?? '') : field === 'name' ? m.name.toLowerCase() : m.email.toLowerCase();
    const sorted = [...items].sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
      const [ia, ib] = [membershipOf.get(a.userId)!, membershipOf.get(b.userId)!];
      return byKey !== 0 ? byKey : ia < ib ? -1 : ia > ib ? 1 : 0;
    });
    return (direction === 'asc' ? sorted : sorted.reverse()).map((m) => m.userId);
  }

  async function allByCursor(input: ListMembersInput): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const page = await list({ ...input, ...(cursor ? { cursor } : {}) });
      out.push(...page.items.map((m) => m.userId));
      if (!page.nextCursor) return out;
      expect(page.page).toBe(cursor ? null : 1);
      cursor = page.nextCursor;
    }
    throw new Error('the cursor never ended');
  }

  async function allByPage(input: ListMembersInput, limit: number): Promise<string[]> {
    const first = await list({ ...input, limit, page: 1 });
    const out = first.items.map((m) => m.userId);
    for (let page = 2; page <= first.pageCount; page++) out.push(...(await list({ ...input, limit, page })).items.map((m) => m.userId));
    return out;
  }

  for (const field of ['joinedAt', 'lastActiveAt', 'name', 'email'] as const) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`${field} ${direction}: one order by cursor, by page number, and in one page`, async () => {
        const sort = { field, direction };
        const whole = await list({ sort, limit: 200 });
        expect(whole.total).toBe(59);
        const order = whole.items.map((m) => m.userId);
        expect(order).toEqual(expectedOrder(whole.items, field, direction));
        expect(await allByCursor({ sort, limit: 7 })).toEqual(order);
        // Pages past the middle are read from the other end: same rows all the same.
        expect(await allByPage({ sort }, 7)).toEqual(order);
      });
    }
  }

  it('sorts names and emails A→Z and dates newest first when no direction is given', async () => {
    const byName = await list({ sort: { field: 'name' }, limit: 200 });
    expect(byName.items.map((m) => m.userId)).toEqual(expectedOrder(byName.items, 'name', 'asc'));
    const byActivity = await list({ sort: { field: 'lastActiveAt' }, limit: 200 });
    expect(byActivity.items.map((m) => m.userId)).toEqual(expectedOrder(byActivity.items, 'lastActiveAt', 'desc'));
    expect(byActivity.items.at(-1)!.lastActiveAt).toBeNull(); // never active: least active
  });

  it('pages through filtered members the same ways, whichever way the set is read', async () => {
    for (const filter of [{ groupId: bigGroup }, { groupId: smallGroup }, { tier: 'paid' as const }, { search: 'bob' }, { groupId: bigGroup, search: 'ann' }]) {
      const sort = { field: 'name' as const, direction: 'asc' as const };
      const whole = await list({ ...filter, sort, limit: 200 });
      expect(whole.items.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(await allByCursor({ ...filter, sort, limit: 2 })).toEqual(whole.items.map((m) => m.userId));
      expect(await allByPage({ ...filter, sort }, 2)).toEqual(whole.items.map((m) => m.userId));
    }
  });

  it('says where the list ends', async () => {
    const last = await list({ page: 9, limit: 7 });
    expect(last.items).toHaveLength(3);
    expect(last.nextCursor).toBeNull();
    const beyond = await list({ page: 10, limit: 7 });
    expect(beyond).toMatchObject({ items: [], total: 59, pageCount: 9, nextCursor: null });
    const full = await list({ page: 1, limit: 59 });
    expect(full.nextCursor).toBeNull();
  });

  it('keeps going from a cursor whose row has since left', async () => {
    const first = await list({ limit: 5 });
    const lastRow = first.items.at(-1)!;
    await setMember(core, tenantId, lastRow.userId, { status: 'removed' });
    try {
      const next = await list({ limit: 5, cursor: first.nextCursor! });
      expect(next.items).toHaveLength(5);
      expect(next.items.map((m) => m.userId)).not.toContain(lastRow.userId);
      expect(next.items[0]!.joinedAt <= lastRow.joinedAt).toBe(true);
    } finally {
      await setMember(core, tenantId, lastRow.userId, { status: 'active' });
    }
  });

  it('refuses a cursor made for another sort, or not made here, naming cursor', async () => {
    const byName = await list({ sort: { field: 'name' }, limit: 5 });
    await expect(list({ cursor: byName.nextCursor! })).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'cursor' } });
    await expect(list({ sort: { field: 'name', direction: 'desc' }, cursor: byName.nextCursor! })).rejects.toThrow(/cursor/);
    for (const cursor of ['nonsense', Buffer.from('{"v":2}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      await expect(list({ cursor })).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'cursor' } });
    }
  });
});
