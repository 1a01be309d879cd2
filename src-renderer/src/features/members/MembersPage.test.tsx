// @vitest-environment happy-dom
import { TRPCClientError } from '@trpc/client';
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MemberPage } from '../../api/types';
import { renderWithServices } from '../../test-support/render';
import { MembersPage } from './MembersPage';

type ListInput = { page?: number; limit: number; search?: string; role?: string; sort?: unknown; cursor?: string };

function render(list: (input: ListInput) => Promise<MemberPage>, hash = '') {
  window.location.hash = hash;
  const query = vi.fn(list);
  const api = {
    members: { list: { query }, get: { query: vi.fn(() => new Promise(() => undefined)) } },
    packages: { list: { query: vi.fn(async () => []) } },
    segments: { list: { query: vi.fn(async () => []) } },
    groups: { list: { query: vi.fn(async () => []) } },
    spaces: { list: { query: vi.fn(async () => []) } },
  };
  const { container, unmount } = renderWithServices(<MembersPage tenantSlug="demo" />, { api });
  // The table's own pages (of 100).
  const tableCalls = () => query.mock.calls.filter(([input]) => input.limit === 100);
  return { container, query, tableCalls, unmount };
}

const page = (total: number): MemberPage => ({ items: [], total, page: 1, limit: 100, pageCount: Math.ceil(total / 100), nextCursor: null, totalIsEstimate: false, ranked: false });

async function settle(ms = 0) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('members page', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    window.location.hash = '';
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('shows the whole total, fetched in pages of 100', async () => {
    const { container, tableCalls, unmount } = render(async () => page(2000));
    await settle();
    expect(container.querySelector('[data-testid=member-total]')?.textContent).toBe('2,000 members');
    expect(tableCalls()[0]).toEqual([{ page: 1, limit: 100 }, expect.objectContaining({ signal: expect.any(AbortSignal) })]);
    unmount();
  });

  it('searches as you type, once the typing pauses, and says when nothing matches', async () => {
    const { container, tableCalls, unmount } = render(async (input) => page(input.search ? 0 : 2000));
    await settle();
    const search = container.querySelector<HTMLInputElement>('input[aria-label="Search members"]')!;
    act(() => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      for (const text of ['x', 'xy', 'xyz']) {
        setValue.call(search, text);
        search.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    await settle(100);
    expect(tableCalls()).toHaveLength(1);
    await settle(150);
    expect(tableCalls().at(-1)![0]).toEqual({ page: 1, limit: 100, search: 'xyz' });
    expect(tableCalls()).toHaveLength(2);
    expect(container.textContent).toContain('No members match "xyz"');
    unmount();
  });

  it("shows the server's own words when the list cannot be loaded", async () => {
    const refusal = TRPCClientError.from({ error: { code: -32600, message: 'limit: must be at most 200', data: { code: 'BAD_REQUEST', httpStatus: 400 } } });
    const { container, unmount } = render(() => Promise.reject(refusal));
    await settle();
    expect(container.textContent).toContain('Members could not be loaded');
    expect(container.textContent).toContain('limit: must be at most 200');
    expect(container.textContent).not.toMatch(/at \w+ \(/); // no stack frames
    unmount();
  });

  it('focuses the search box when the owner presses /', async () => {
    const { container, unmount } = render(async () => page(10));
    await settle();
    act(() => {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }));
    });
    expect(document.activeElement).toBe(container.querySelector('input[aria-label="Search members"]'));
    unmount();
  });

  it('starts from the search a link carries (#/members?search=…)', async () => {
    const { container, tableCalls, unmount } = render(async () => page(1), '#/members?search=ada%40example.com');
    await settle(250);
    expect(tableCalls()[0]![0]).toEqual({ page: 1, limit: 100, search: 'ada@example.com' });
    expect(container.querySelector<HTMLInputElement>('input[aria-label="Search members"]')!.value).toBe('ada@example.com');
    unmount();
  });

  it('sorts by a column when its header is clicked, and says so with aria-sort', async () => {
    const { container, tableCalls, unmount } = render(async () => page(500));
    await settle();
    const header = () => Array.from(container.querySelectorAll('[role=columnheader]')).find((h) => h.textContent?.startsWith('Member'))!;
    expect(header().getAttribute('aria-sort')).toBe('none');
    act(() => header().querySelector('button')!.click());
    await settle();
    expect(tableCalls().at(-1)![0]).toEqual({ page: 1, limit: 100, sort: { field: 'name', direction: 'asc' } });
    expect(header().getAttribute('aria-sort')).toBe('ascending');
    act(() => header().querySelector('button')!.click());
    await settle();
    expect(tableCalls().at(-1)![0]).toMatchObject({ sort: { field: 'name', direction: 'desc' } });
    unmount();
  });
});
