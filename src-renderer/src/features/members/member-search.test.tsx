// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MemberPage } from '../../api/types';
import { renderWithServices } from '../../test-support/render';
import { roughly } from './member-labels';
import { MembersPage } from './MembersPage';

// Search as you type (issue 16): an estimated total reads "about …" until the exact count arrives;
// a ranked page says so; a newer search cancels the older one's count.

const member = (i: number) => ({
  userId: `user_${i}`, membershipId: `mem_${i}`, name: `Mara ${i}`, email: `mara${i}@example.test`, avatarUrl: null, role: 'MEMBER' as const,
  joinSource: 'free_signup' as const, joinedAt: '2026-01-01T00:00:00.000Z', lastActiveAt: null, subscriptionStatus: null, isComped: false,
  compedUntil: null, tier: 'free' as const, isFreeMember: true,
});

async function settle(ms = 0) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('members search totals', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    window.location.hash = '';
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('shows "about" an estimate, then the exact count; says when the rows are ranked', async () => {
    window.location.hash = '#/members?search=mar';
    let exact: (value: { total: number }) => void = () => undefined;
    const count = vi.fn((_input: unknown, _opts: { signal: AbortSignal }) => new Promise<{ total: number }>((resolve) => (exact = resolve)));
    const list = vi.fn(async (input: { search?: string }): Promise<MemberPage> => ({
      items: Array.from({ length: 100 }, (_, i) => member(i)),
      total: input.search ? 318_182 : 1_000_000,
      totalIsEstimate: !!input.search,
      ranked: !!input.search,
      page: 1, limit: 100, pageCount: 1, nextCursor: 'next',
    }));
    const api = {
      members: { list: { query: list }, count: { query: count }, get: { query: vi.fn(() => new Promise(() => undefined)) } },
      packages: { list: { query: vi.fn(async () => []) } },
      segments: { list: { query: vi.fn(async () => []) } },
      groups: { list: { query: vi.fn(async () => []) } },
      spaces: { list: { query: vi.fn(async () => []) } },
    };
    const { container, unmount } = renderWithServices(<MembersPage tenantSlug="demo" />, { api });
    await settle(300);
    const total = () => container.querySelector('[data-testid=member-total]')?.textContent;
    expect(total()).toBe('about 320,000 members');
    expect(container.querySelector('[data-testid=member-ranked]')?.textContent).toContain('best matches first');
    expect(count).toHaveBeenCalledWith({ search: 'mar' }, expect.objectContaining({ signal: expect.any(AbortSignal) }));

    await act(async () => exact({ total: 318_182 }));
    expect(total()).toBe('318,182 members');
    unmount();
  });

  it('rounds estimates to two figures', () => {
    expect([roughly(42), roughly(318_182), roughly(85_112), roughly(1_049)]).toEqual([42, 320_000, 85_000, 1_000]);
  });
});
