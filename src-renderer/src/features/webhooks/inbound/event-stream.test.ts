import { describe, expect, it } from 'vitest';
import type { EventPage, EventRow } from '../types';
import { appendOlder, mergeNewest } from './event-stream';

let clock = Date.parse('2026-11-22T09:00:00.000Z');
function row(id: string, status: EventRow['status'] = 'received', at?: string): EventRow {
  clock += 1000;
  return {
    id,
    provider: 'stripe',
    providerEventId: `evt_${id}`,
    type: 'checkout.session.completed',
    tenantId: null,
    status,
    attempts: 0,
    lastError: null,
    receivedAt: at ?? new Date(clock).toISOString(),
    processedAt: null,
    userId: null,
    userEmail: null,
  };
}
const page = (items: EventRow[], nextCursor: string | null = null): EventPage => ({ items, nextCursor });

describe('the live event stream', () => {
  const [a, b, c, d] = [row('whe_a'), row('whe_b'), row('whe_c'), row('whe_d')];

  it('shows the first page as it is, with nothing flagged as new', () => {
    const merged = mergeNewest(null, page([b, a], 'cur1'));
    expect(merged.items.map((r) => r.id)).toEqual(['whe_b', 'whe_a']);
    expect(merged.added).toEqual([]);
    expect(merged.olderCursor).toBe('cur1');
  });

  it('puts new events on top, updates changed ones in place and keeps loaded older pages', () => {
    const shown = { items: [b, a], olderCursor: 'cur-older' };
    const applied = { ...b, status: 'applied' as const };
    const merged = mergeNewest(shown, page([d, c, applied], 'cur2'));
    expect(merged.items.map((r) => r.id)).toEqual(['whe_d', 'whe_c', 'whe_b', 'whe_a']);
    expect(merged.items[2]!.status).toBe('applied');
    expect(merged.added).toEqual(['whe_d', 'whe_c']);
    expect(merged.olderCursor).toBe('cur-older');
  });

  it('drops a row that left the filter within the newest page', () => {
    // Filtered on "received": b got applied, so the server no longer returns it.
    const merged = mergeNewest({ items: [b, a], olderCursor: null }, page([c, a]));
    expect(merged.items.map((r) => r.id)).toEqual(['whe_c', 'whe_a']);
    expect(merged.olderCursor).toBeNull();
  });

  it('starts again from the newest page when more events arrived than a page holds', () => {
    const merged = mergeNewest({ items: [b, a], olderCursor: null }, page([d, c], 'gap'));
    expect(merged.items.map((r) => r.id)).toEqual(['whe_d', 'whe_c']);
    expect(merged.olderCursor).toBe('gap');
  });

  it('appends an older page without repeating a row', () => {
    const next = appendOlder({ items: [d, c], olderCursor: 'x' }, page([c, b, a]));
    expect(next.items.map((r) => r.id)).toEqual(['whe_d', 'whe_c', 'whe_b', 'whe_a']);
    expect(next.olderCursor).toBeNull();
  });
});
