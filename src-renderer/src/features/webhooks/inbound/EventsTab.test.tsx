// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithServices, type Rendered } from '@renderer/test-support/render';
import type { EventDetail, EventPage, EventRow } from '../types';
import { EventsTab } from './EventsTab';

function row(id: string, status: EventRow['status'], receivedAt: string, extra: Partial<EventRow> = {}): EventRow {
  return {
    id,
    provider: 'stripe',
    providerEventId: `evt_${id}`,
    type: 'checkout.session.completed',
    tenantId: 'ten_1',
    status,
    attempts: 1,
    lastError: null,
    receivedAt,
    processedAt: null,
    userId: null,
    userEmail: null,
    ...extra,
  };
}

function detailOf(r: EventRow, extra: Partial<EventDetail> = {}): EventDetail {
  return {
    ...r,
    headers: { 'stripe-signature': 't=1,v1=abc' },
    body: '{"id":"evt_1","type":"checkout.session.completed"}',
    changes: [{ entity: 'subscription', id: 'sub_1', field: 'status', from: null, to: 'active' }],
    member: { userId: 'usr_1', email: 'ada@example.com', name: 'Ada Lovelace' },
    ...extra,
  } as EventDetail;
}

let pages: EventPage[];
let access: unknown;
const calls = { list: vi.fn(), get: vi.fn(), retry: vi.fn(), access: vi.fn() };
const OWNER_ACCESS = { signing: 'console', labSecret: null, selfTarget: true, privateTargets: true, consoleOwner: true };
let view: Rendered | undefined;
/** What api/push.ts does when the core pushes that webhooks changed. */
const pushWebhooksChanged = () => act(async () => void (await view!.queryClient.invalidateQueries({ queryKey: [['webhooks', 'list']] })));

function render(selectedId: string | null = null, onSelect = vi.fn()) {
  const api = {
    webhooks: {
      list: { query: calls.list.mockImplementation(async () => (pages.length > 1 ? pages.shift()! : pages[0]!)) },
      get: { query: calls.get },
      retry: { mutate: calls.retry },
      lab: { access: { query: calls.access.mockImplementation(async () => access) } },
    },
  };
  const tab = (id: string | null) => <EventsTab selectedId={id} onSelect={onSelect} />;
  view = renderWithServices(tab(selectedId), { api });
  const { container, rerender } = view;
  return { container, select: (id: string | null) => rerender(tab(id)) };
}

const settle = (ms = 20) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));
const text = () => document.body.textContent ?? '';
const rows = () => Array.from(document.querySelectorAll<HTMLElement>('[data-testid=event-row]'));

describe('the events stream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-22T10:00:00.000Z'));
    for (const fn of Object.values(calls)) fn.mockReset();
    access = OWNER_ACCESS;
  });
  afterEach(() => {
    view?.unmount();
    view = undefined;
    document.body.innerHTML = '';
    vi.useRealTimers();
  });

  it('teaches how to get events here when the ledger is empty', async () => {
    pages = [{ items: [], nextCursor: null }];
    render();
    await settle();
    expect(text()).toContain('No webhook events yet');
    expect(text()).toContain('stripe listen --forward-to http://127.0.0.1:4580/api/webhooks/stripe');
    expect(text()).toContain('Forwarding → Signing secrets');
  });

  it('tells a tenant ADMIN who is not the console owner that the owner sets signing secrets', async () => {
    pages = [{ items: [], nextCursor: null }];
    access = { ...OWNER_ACCESS, signing: 'lab', labSecret: 'whsec_lab_x', selfTarget: false, consoleOwner: false };
    render();
    await settle();
    expect(text()).toContain('which the console owner saves');
    expect(text()).not.toContain('Set signing secrets');
    expect(text()).not.toContain('Forwarding → Signing secrets');
  });

  it('reads the newest page again when the core pushes a change (not on a timer): new events go on top, changed ones update in place', async () => {
    const a = row('whe_a', 'applied', '2026-11-22T09:59:00.000Z');
    const b = row('whe_b', 'received', '2026-11-22T09:59:30.000Z');
    const c = row('whe_c', 'received', '2026-11-22T09:59:59.000Z');
    pages = [
      { items: [b, a], nextCursor: null },
      { items: [c, { ...b, status: 'ignored' }, a], nextCursor: null },
    ];
    render();
    await settle();
    expect(rows().map((r) => r.dataset.rowId)).toEqual(['whe_b', 'whe_a']);
    expect(calls.list).toHaveBeenCalledWith({ provider: undefined, type: undefined, status: undefined, limit: 50 }, expect.anything());
    await settle(10_000);
    expect(calls.list).toHaveBeenCalledTimes(1);

    await pushWebhooksChanged();
    await settle();
    expect(rows().map((r) => r.dataset.rowId)).toEqual(['whe_c', 'whe_b', 'whe_a']);
    expect(rows()[0]!.className).toContain('is-new');
    expect(rows()[1]!.dataset.status).toBe('ignored');
    expect(rows()[1]!.className).not.toContain('is-new');
    expect(text()).toContain('Live');
  });

  it('shows what the selected event changed, its member, headers and raw body', async () => {
    const a = row('whe_a', 'applied', '2026-11-22T09:59:00.000Z', { userEmail: 'ada@example.com' });
    pages = [{ items: [a], nextCursor: null }];
    calls.get.mockResolvedValue(detailOf(a));
    render('whe_a');
    await settle();
    await settle();
    expect(calls.get).toHaveBeenCalledWith({ id: 'whe_a' }, expect.anything());
    const detail = document.querySelector('[data-testid=event-detail]')!;
    expect(detail.textContent).toContain('Subscription');
    expect(detail.textContent).toContain('status set to active');
    expect(detail.textContent).toContain('Ada Lovelace');
    expect(detail.querySelector('a[href="#/members?search=ada%40example.com"]')).not.toBeNull();
    expect(detail.textContent).toContain('stripe-signature');
    expect(detail.querySelector('pre')!.textContent).toBe('{\n  "id": "evt_1",\n  "type": "checkout.session.completed"\n}');
  });

  it('reloads the open event when the stream sees its status change, keeping it on screen meanwhile', async () => {
    const r = row('whe_r', 'received', '2026-11-22T09:59:00.000Z');
    const applied = { ...r, status: 'applied' as const, attempts: 2 };
    pages = [{ items: [r], nextCursor: null }, { items: [applied], nextCursor: null }];
    calls.get.mockResolvedValueOnce(detailOf(r, { changes: null, member: null })).mockResolvedValueOnce(detailOf(applied));
    render('whe_r');
    await settle();
    await settle();
    const status = () => document.querySelector('[data-testid=event-detail-status]')?.textContent;
    expect(status()).toBe('Received');
    expect(text()).toContain('Stored and waiting to be processed.');

    await pushWebhooksChanged();
    await settle();
    await settle();
    expect(calls.get).toHaveBeenCalledTimes(2);
    expect(status()).toBe('Applied');
    expect(text()).toContain('status set to active');
  });

  it("shows a failed event's error and retries it", async () => {
    const f = row('whe_f', 'failed', '2026-11-22T09:59:00.000Z', { attempts: 5, lastError: 'no package for price price_123' });
    pages = [{ items: [f], nextCursor: null }];
    calls.get.mockResolvedValue(detailOf(f, { changes: null, member: null }));
    calls.retry.mockResolvedValue({ id: 'whe_f', status: 'received' });
    render('whe_f');
    await settle();
    await settle();
    expect(document.querySelector('[data-testid=event-error]')!.textContent).toContain('Processing failed after 5 attempts. no package for price price_123');
    const retry = Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.includes('Retry'))!;
    act(() => retry.click());
    await settle();
    expect(calls.retry).toHaveBeenCalledWith({ id: 'whe_f' });
    expect(text()).toContain('Queued to be processed again');
  });
});
