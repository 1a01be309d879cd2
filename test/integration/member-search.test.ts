import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataVersionOf } from '../../src-main/core/areas/members';
import { membershipsRepository } from '../../src-main/core/areas/members/repositories/memberships';
import { readAborted, withReadSignal } from '../../src-main/core/platform/db/read-pool';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { apiAs } from '../fixtures/member-world';

// Search as you type (issue 16): the first page comes without counting every match; a total that
// is a guess says so, the exact figure is one call away, and "select all N matching" acts on the
// exact set. Names starting with what was typed come first.

/** A condition that keeps a worker busy for a while (a recursive count). */
const busyFor = sql<boolean>`(WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 400000) SELECT COUNT(*) FROM c) > 0`;

const FIRST = ['Mara', 'Marco', 'Anna', 'Tomas', 'Emma', 'Omar'];
const LAST = ['Maddox', 'Lee', 'Stone', 'Hill', 'Cruz'];
const MEMBERS = 240;
const people = Array.from({ length: MEMBERS }, (_, i) => ({ name: `${FIRST[i % 6]} ${LAST[i % 5]} ${i}`, email: `p${i}@example.test` }));
/** Who "ma" finds: a first name or a last name starting with it. */
const matchesMa = people.filter((p, i) => i % 6 <= 1 || i % 5 === 0);
const startsWithMa = matchesMa.filter((p) => p.name.toLowerCase().startsWith('ma'));

describe.each(dialects)('member search as you type on %s', (dialect) => {
  let core: TestCore;
  let owner: string;
  let tenantId: string;
  let otherTenantId: string;
  let api: ReturnType<typeof apiAs>;

  beforeAll(async () => {
    core = await makeTestCore(dialect);
    owner = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'typing', name: 'Typing' }, owner)).id;
    otherTenantId = (await core.services.tenants.create({ slug: 'typing-other', name: 'Other' }, owner)).id;
    await addMembers(core, tenantId, people);
    await addMembers(core, otherTenantId, [{ name: 'Mara Elsewhere', email: 'mara@elsewhere.test' }]);
    api = apiAs(core, tenantId, owner);
  });
  afterAll(async () => core?.dispose());

  // The product's repository with a small sample and cap: this world is tiny, a million is not.
  const guessing = () => membershipsRepository(core.database.reader, dialect, { sample: 40, sampleHits: 5, countCap: 20 });
  const criteria = async (search: string) => core.services.members.criteriaFor(tenantId, { filter: { search } });
  const sort = { field: 'joinedAt' as const, direction: 'desc' as const };

  it('flags an estimated total as one, and members.count and "select all matching" use the exact set', async () => {
    const page = await guessing().page({ criteria: await criteria('ma'), sort, limit: 10, offset: 0, rankByName: 'ma' });
    expect(page.totalIsEstimate).toBe(true);
    expect(page.rows).toHaveLength(10);
    expect(page.hasMore).toBe(true);
    // About right, never fewer than what was shown.
    expect(page.total).toBeGreaterThanOrEqual(11);
    expect(page.total).toBeLessThanOrEqual(MEMBERS);

    expect(await api.members.count({ search: 'ma' })).toEqual({ total: matchesMa.length });
    // Select all N matching: the bulk action's set is the exact one, whatever the list guessed.
    const op = await api.members.bulk.start({ action: { type: 'export', columns: ['email'] }, target: { filter: { search: 'ma' } } });
    await core.jobs.drain();
    expect(await api.members.bulk.get({ id: op.id })).toMatchObject({ status: 'done', total: matchesMa.length, changed: matchesMa.length });
  });

  it('gives a small match set its exact total, not a guess', async () => {
    const page = await guessing().page({ criteria: await criteria('tomas cruz'), sort, limit: 10, offset: 0, rankByName: 'tomas cruz' });
    const exact = people.filter((p, i) => i % 6 === 3 && i % 5 === 4).length;
    expect(page).toMatchObject({ totalIsEstimate: false, total: exact });
    const listed = await api.members.list({ search: 'Tomas Cruz', limit: 50 });
    expect(listed).toMatchObject({ totalIsEstimate: false, total: exact, ranked: true });
  });

  it('ranks names starting with the search first (by name), then the rest in the sort, each match once', async () => {
    const all = await api.members.list({ search: 'ma', limit: 200 });
    expect(all.ranked).toBe(true);
    expect(all.items).toHaveLength(matchesMa.length);
    const names = all.items.map((m) => m.name);
    const ranked = names.slice(0, startsWithMa.length);
    expect(ranked.every((n) => n.toLowerCase().startsWith('ma'))).toBe(true);
    expect(ranked).toEqual([...ranked].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
    const rest = all.items.slice(startsWithMa.length);
    expect(rest.every((m) => !m.name.toLowerCase().startsWith('ma'))).toBe(true);
    expect(rest.map((m) => m.joinedAt)).toEqual(rest.map((m) => m.joinedAt).sort().reverse());
    // Another tenant's Mara is not found.
    expect(names).not.toContain('Mara Elsewhere');

    // By cursor and by page number: the same order, every match once.
    const byCursor: string[] = [];
    let page = await api.members.list({ search: 'ma', limit: 7 });
    byCursor.push(...page.items.map((m) => m.userId));
    while (page.nextCursor) {
      page = await api.members.list({ search: 'ma', limit: 7, cursor: page.nextCursor });
      byCursor.push(...page.items.map((m) => m.userId));
    }
    expect(byCursor).toEqual(all.items.map((m) => m.userId));
    for (const n of [2, 5, Math.ceil(matchesMa.length / 7)]) {
      const numbered = await api.members.list({ search: 'ma', limit: 7, page: n });
      expect(numbered.items.map((m) => m.userId)).toEqual(byCursor.slice((n - 1) * 7, n * 7));
    }
  });

  it('an exact email still comes first, before the names', async () => {
    const page = await api.members.list({ search: 'p7@example.test', limit: 5 });
    expect(page.items[0]?.email).toBe('p7@example.test');
    expect(page.ranked).toBe(true);
  });

  it('members.count refuses bad input naming the field', async () => {
    await expect(api.members.count({ tier: 'gold' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/tier/) });
  });

  it.runIf(dialect === 'sqlite')('drops a read whose search was replaced while it waited for a worker', async () => {
    const pool = core.database.readPool!;
    const controller = new AbortController();
    controller.abort();
    // Already replaced: never sent.
    await expect(withReadSignal(controller.signal, () => guessing().count({ tenantId, filters: [{ search: 'ma' }], now: new Date().toISOString() }))).rejects.toMatchObject({ code: 'READ_ABORTED' });

    // Busy workers: the read waits in the queue, and is dropped when its search is replaced.
    const slow = Array.from({ length: 4 }, () =>
      core.database.reader.selectNoFrom((eb) => eb.val(1).as('x')).where(busyFor).execute().catch(() => undefined),
    );
    const waiting = new AbortController();
    const queued = withReadSignal(waiting.signal, () => guessing().count({ tenantId, filters: [{ search: 'ma' }], now: new Date().toISOString() }));
    waiting.abort();
    await expect(queued).rejects.toMatchObject({ code: 'READ_ABORTED' });
    await Promise.all(slow);
    expect(pool.load().every((n) => n === 0)).toBe(true);
    expect(readAborted().name).toBe('AbortError');
  });

  it.runIf(dialect === 'sqlite')('deep page numbers seek from where served pages started, and stay right after a change', async () => {
    const repo = membershipsRepository(core.database.reader, dialect, { dataVersion: () => dataVersionOf(core.database.db), deepFrom: 0 });
    const base = { criteria: { tenantId, filters: [{ role: 'MEMBER' as const }], now: new Date().toISOString() }, sort: { field: 'name' as const, direction: 'asc' as const }, limit: 9 };
    const byCursor = async () => {
      const ids: string[] = [];
      let page = await repo.page({ ...base, offset: 0 });
      ids.push(...page.rows.map((r) => r.membershipId));
      while (page.hasMore) {
        page = await repo.page({ ...base, offset: 0, after: page.rows.at(-1)!.position });
        ids.push(...page.rows.map((r) => r.membershipId));
      }
      return ids;
    };
    const numbered = async (n: number) => (await repo.page({ ...base, offset: (n - 1) * 9 })).rows.map((r) => r.membershipId);
    let order = await byCursor();
    for (const round of [1, 2]) {
      // Twice: the second time every page starts from a remembered place.
      for (const n of [20, 7, 21, 2, 13]) expect(await numbered(n), `round ${round}, page ${n}`).toEqual(order.slice((n - 1) * 9, n * 9));
    }
    // A member who sorts first: every later page moves by one; the remembered places are forgotten.
    await addMembers(core, tenantId, [{ name: 'Aaa First', email: 'aaa@example.test' }]);
    order = await byCursor();
    for (const n of [20, 7, 21]) expect(await numbered(n)).toEqual(order.slice((n - 1) * 9, n * 9));
  });

  it('a newer search of the same person replaces the older one, never the other way round', async () => {
    const caller = owner;
    const results = await Promise.allSettled(
      ['m', 'ma', 'mar'].map((search) => core.services.members.list(tenantId, { search, limit: 5 }, { caller })),
    );
    // The last one always answers, with its own rows; an older one answers or says it was replaced.
    const last = results[2]!;
    expect(last.status).toBe('fulfilled');
    if (last.status === 'fulfilled') expect(last.value.items.every((m) => /\bmar/i.test(m.name))).toBe(true);
    for (const r of results.slice(0, 2)) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT', details: { field: 'search' } });
    }
  });
});
