import { describe, expect, it } from 'vitest';
import type { MemberPage, MemberRowData } from '../../api/types';
import { DEFAULT_SORT, type MemberListQuery } from './member-filter';
import { createMemberPages, pagesFor, type PageRequest } from './member-pages';

const PAGE = 100;

function member(i: number, tag = ''): MemberRowData {
  return {
    userId: `user_${i}`,
    membershipId: `membership_${i}`,
    name: `Member ${tag}${i}`,
    email: `m${i}@example.com`,
    avatarUrl: null,
    role: 'MEMBER',
    joinSource: 'free_signup',
    joinedAt: '2026-01-01T00:00:00.000Z',
    lastActiveAt: null,
    subscriptionStatus: null,
    isComped: false,
    compedUntil: null,
    tier: 'free',
    isFreeMember: true,
  };
}

/** A fake members.list whose answers the test releases by hand, in any order. */
function fakeServer(total: number) {
  const calls: { query: MemberListQuery; page: number; cursor?: string; signal: AbortSignal; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const fetchPage = (query: MemberListQuery, { page, cursor }: PageRequest, signal: AbortSignal) =>
    new Promise<MemberPage>((resolve, reject) => {
      const items = Array.from({ length: Math.max(0, Math.min(PAGE, total - (page - 1) * PAGE)) }, (_, k) =>
        member((page - 1) * PAGE + k, query.filter.search ?? ''),
      );
      const more = page * PAGE < total;
      calls.push({
        query,
        page,
        cursor,
        signal,
        resolve: () =>
          resolve({ items, total, page: cursor ? null : page, limit: PAGE, pageCount: Math.ceil(total / PAGE), nextCursor: more ? `after-${page}` : null, totalIsEstimate: false, ranked: false }),
        reject,
      });
    });
  return { calls, fetchPage };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const all: MemberListQuery = { filter: {}, sort: DEFAULT_SORT };

describe('member page cache', () => {
  it('asks for page 1 first and learns the total from it', async () => {
    const server = fakeServer(2_000);
    const cache = createMemberPages({ fetchPage: server.fetchPage, pageSize: PAGE });
    cache.setQuery(all);
    expect(server.calls.map((c) => c.page)).toEqual([1]);
    expect(cache.getSnapshot().total).toBeNull();
    server.calls[0]!.resolve();
    await flush();
    expect(cache.getSnapshot().total).toBe(2_000);
    expect(cache.row(0)?.name).toBe('Member 0');
    expect(cache.row(100)).toBeUndefined();
  });

  it('fetches the pages scrolled into view once, and only pages that exist', async () => {
    const server = fakeServer(250);
    const cache = createMemberPages({ fetchPage: server.fetchPage, pageSize: PAGE });
    cache.setQuery(all);
    server.calls[0]!.resolve();
    await flush();
    cache.want([2, 3, 4, 5]);
    cache.want([2, 3]);
    // Page 3 waits for page 2's cursor rather than asking for a page number.
    expect(server.calls.map((c) => c.page)).toEqual([1, 2]);
    server.calls[1]!.resolve();
    await flush();
    expect(server.calls.map((c) => c.page)).toEqual([1, 2, 3]);
    server.calls[2]!.resolve();
    await flush();
    expect(cache.row(249)?.name).toBe('Member 249');
  });

  it('cancels pages that scrolled out of view before they arrived', async () => {
    const server = fakeServer(10_000);
    const cache = createMemberPages({ fetchPage: server.fetchPage, pageSize: PAGE });
    cache.setQuery(all);
    server.calls[0]!.resolve();
    await flush();
    cache.want([1, 2]);
    cache.want([1]);
    expect(server.calls.find((c) => c.page === 2)?.signal.aborted).toBe(true);
  });

  it('ignores a slow answer for the previous search', async () => {
    const server = fakeServer(500);
    const cache = createMemberPages({ fetchPage: server.fetchPage, pageSize: PAGE });
    cache.setQuery({ filter: { search: 'old' }, sort: DEFAULT_SORT });
    cache.setQuery({ filter: { search: 'new' }, sort: DEFAULT_SORT });
    const [oldCall, newCall] = server.calls;
    expect(oldCall!.signal.aborted).toBe(true);
    newCall!.resolve();
    oldCall!.resolve();
    await flush();
    expect(cache.row(0)?.name).toBe('Member new0');
  });

  it('does not retry a failed page by itself, but does on retry()', async () => {
    const server = fakeServer(500);
    const cache = createMemberPages({ fetchPage: server.fetchPage, pageSize: PAGE });
    cache.setQuery(all);
    server.calls[0]!.reject(new Error('limit: must be at most 200'));
    await flush();
    expect((cache.getSnapshot().error as Error).message).toBe('limit: must be at most 200');
    cache.want([1]);
    expect(server.calls).toHaveLength(1);
    cache.retry();
    expect(server.calls).toHaveLength(2);
    expect(cache.getSnapshot().error).toBeNull();
  });

  it('keeps a bounded number of pages however far the owner scrolls', async () => {
    const server = fakeServer(1_000_000);
    const cache = createMemberPages({ fetchPage: server.fetchPage, pageSize: PAGE, maxCachedPages: 5 });
    cache.setQuery(all);
    server.calls[0]!.resolve();
    await flush();
    for (let page = 2; page <= 40; page++) {
      cache.want([page]);
      server.calls.at(-1)!.resolve();
      await flush();
    }
    const cached = Array.from({ length: 40 }, (_, i) => cache.row(i * PAGE)).filter(Boolean);
    expect(cached.length).toBeLessThanOrEqual(5);
    expect(cache.row(39 * PAGE)?.name).toBe('Member 3900');
  });
});

describe('pagesFor', () => {
  it('covers the visible rows with 1-based pages', () => {
    expect(pagesFor(0, 19, 100)).toEqual([1]);
    expect(pagesFor(95, 115, 100)).toEqual([1, 2]);
    expect(pagesFor(999_990, 999_999, 100)).toEqual([10_000]);
    expect(pagesFor(5, 4, 100)).toEqual([]);
  });
});

describe('deep scrolling', () => {
  it('reads the page after a loaded one with its cursor, and jumps with a page number', async () => {
    const server = fakeServer(1_000_000);
    const cache = createMemberPages({ fetchPage: server.fetchPage, pageSize: PAGE });
    cache.setQuery(all);
    server.calls[0]!.resolve();
    await flush();
    cache.want([1, 2]);
    expect(server.calls[1]).toMatchObject({ page: 2, cursor: 'after-1' });
    cache.want([5000, 5001]);
    expect(server.calls.slice(2).map((c) => [c.page, c.cursor])).toEqual([[5000, undefined]]);
    server.calls[2]!.resolve();
    await flush();
    expect(server.calls[3]).toMatchObject({ page: 5001, cursor: 'after-5000' });
  });

  it('keeps showing the old rows while a refresh reads them again', async () => {
    const server = fakeServer(300);
    const cache = createMemberPages({ fetchPage: server.fetchPage, pageSize: PAGE });
    cache.setQuery(all);
    server.calls[0]!.resolve();
    await flush();
    cache.refresh();
    expect(cache.row(0)?.name).toBe('Member 0');
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]).toMatchObject({ page: 1, cursor: undefined });
  });

  it('hands over a range of rows, loading the pages it lacks', async () => {
    const server = fakeServer(1_000);
    const cache = createMemberPages({ fetchPage: server.fetchPage, pageSize: PAGE });
    cache.setQuery(all);
    server.calls[0]!.resolve();
    await flush();
    const pending = cache.rows(95, 204);
    expect(server.calls.slice(1).map((c) => c.page)).toEqual([2, 3]);
    server.calls[1]!.resolve();
    server.calls[2]!.resolve();
    const rows = await pending;
    expect(rows).toHaveLength(110);
    expect(rows[0]!.name).toBe('Member 95');
    expect(rows.at(-1)!.name).toBe('Member 204');
  });
});
