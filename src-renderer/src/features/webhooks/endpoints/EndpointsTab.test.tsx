// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { invalidateFor } from '@renderer/api/push';
import type { AppRouter } from '@renderer/api/types';
import { renderWithServices, type Rendered } from '@renderer/test-support/render';
import type { Delivery, Endpoint } from '../types';
import { EndpointsTab } from './EndpointsTab';

const endpoint = (deliveries: Endpoint['deliveries']) =>
  ({
    id: 'whep_1',
    url: 'https://hooks.example.com/members',
    description: null,
    events: ['member.joined'],
    enabled: true,
    disabledReason: null,
    createdAt: '2026-11-22T09:00:00.000Z',
    deliveries,
  }) as unknown as Endpoint;

const delivery = (status: Delivery['status'], attempts: number) =>
  ({ id: 'whd_1', eventType: 'member.joined', status, attempts, nextAttemptAt: null, lastError: status === 'pending' ? 'HTTP 503' : null, createdAt: '2026-11-22T09:59:00.000Z' }) as unknown as Delivery;

let endpoints: Endpoint[];
let deliveries: Delivery[];
const calls = { endpoints: vi.fn(), deliveries: vi.fn() };
let view: Rendered | undefined;

/** What api/push.ts does when the core pushes a change on `topic`. */
const push = (topic: 'deliveries' | 'members') =>
  act(async () => {
    const { queryClient, services } = view!;
    invalidateFor(queryClient, createTRPCOptionsProxy<AppRouter>({ client: services.api, queryClient }), { topic, at: new Date().toISOString() });
    await vi.advanceTimersByTimeAsync(20);
  });

function render() {
  const api = {
    webhooks: {
      endpoints: { list: { query: calls.endpoints.mockImplementation(async () => endpoints) } },
      deliveries: { list: { query: calls.deliveries.mockImplementation(async () => ({ items: deliveries, nextCursor: null })) } },
    },
  };
  view = renderWithServices(<EndpointsTab />, { api });
}

const settle = (ms = 20) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));
const text = () => document.body.textContent ?? '';
const button = (name: string) => Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.includes(name))!;

describe('the Endpoints tab', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-22T10:00:00.000Z'));
    for (const fn of Object.values(calls)) fn.mockReset();
  });
  afterEach(() => {
    view?.unmount();
    view = undefined;
    document.body.innerHTML = '';
    vi.useRealTimers();
  });

  it('keeps the delivery summary and the open delivery list current from pushed changes, reading nothing on a timer', async () => {
    endpoints = [endpoint({ delivered: 0, pending: 1, failed: 0 })];
    deliveries = [delivery('pending', 1)];
    render();
    await settle();
    expect(text()).toContain('0 delivered, 1 retrying');
    act(() => button('Show deliveries').click());
    await settle();
    expect(text()).toContain('Retrying');
    expect(text()).toContain('HTTP 503');

    // Nothing changes and nothing is pushed: nothing is read again, however long the tab stays open.
    await settle(120_000);
    expect(calls.endpoints).toHaveBeenCalledTimes(1);
    expect(calls.deliveries).toHaveBeenCalledTimes(1);

    // An unrelated change leaves the tab alone.
    await push('members');
    expect(calls.endpoints).toHaveBeenCalledTimes(1);

    // The retry succeeded: the core says deliveries changed, and both the summary and the row move.
    endpoints = [endpoint({ delivered: 1, pending: 0, failed: 0 })];
    deliveries = [delivery('delivered', 2)];
    await push('deliveries');
    expect(text()).toContain('1 delivered');
    expect(text()).not.toContain('retrying');
    expect(text()).toContain('Delivered');
    expect(text()).toContain('2 attempts');
    expect(calls.endpoints).toHaveBeenCalledTimes(2);
    expect(calls.deliveries).toHaveBeenCalledTimes(2);
  });
});
