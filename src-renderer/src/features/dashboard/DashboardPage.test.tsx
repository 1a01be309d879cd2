// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient, CurrentUserView, TenantSummary } from '../../api/types';
import { ServicesProvider, type RendererServices } from '../../app/services';
import { createConnectionStore } from '../../stores/connection';
import { createSessionStore } from '../../stores/session';
import { DashboardPage } from './DashboardPage';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const TENANT = { id: 'ten_1', slug: 'demo', name: 'Founders Club', memberCount: 1 } as unknown as TenantSummary;
const USER = { id: 'user_1', name: 'Chidi Wilson', email: 'chidi@example.test' } as unknown as CurrentUserView;

type Setup = Awaited<ReturnType<ApiClient['dashboard']['setup']['query']>>;
const NOTHING: Setup = { packages: { done: false, count: 0 }, provider: { done: false, names: [] }, webhooks: { done: false }, campaign: { available: false, done: false } };

let root: Root | undefined;

function render(setup: Setup) {
  const page = { items: [], total: 1, page: 1, limit: 1, pageCount: 1, nextCursor: null };
  const api = {
    members: { list: { query: vi.fn(async () => page) } },
    dashboard: { setup: { query: vi.fn(async () => setup) } },
  } as unknown as ApiClient;
  const services: RendererServices = {
    api,
    connection: createConnectionStore(),
    session: createSessionStore({
      mode: 'desktop',
      storage: { getItem: () => null, setItem: () => undefined, removeItem: () => undefined },
      location: { hash: '', pathname: '/', search: '' },
      history: { replaceState: () => undefined },
    }),
  };
  const container = document.createElement('div');
  document.body.append(container);
  act(() => {
    root = createRoot(container);
    root.render(
      <ServicesProvider services={services}>
        <DashboardPage tenant={TENANT} user={USER} />
      </ServicesProvider>,
    );
  });
}

async function until(check: () => unknown, tries = 50) {
  for (let i = 0; ; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
    try {
      if (check() !== false) return;
    } catch (err) {
      if (i >= tries) throw err;
      continue;
    }
    if (i >= tries) throw new Error('condition never held');
  }
}

const stepState = (id: string) => document.querySelector(`[data-step="${id}"]`)?.getAttribute('data-state');
const greetingText = () => document.querySelector('[data-testid="dashboard-greeting"]')?.textContent;

describe('the dashboard', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    act(() => root?.unmount());
    document.body.innerHTML = '';
  });

  it('says "Welcome" the first time, and "Welcome back" only after that', async () => {
    render(NOTHING);
    expect(greetingText()).toBe('Welcome, Chidi');
    act(() => root?.unmount());
    render(NOTHING);
    expect(greetingText()).toBe('Welcome back, Chidi');
  });

  it('ticks the setup steps from real state, and says campaigns are not available yet', async () => {
    render({ ...NOTHING, packages: { done: true, count: 2 }, provider: { done: true, names: ['Stripe'] } });
    await until(() => expect(stepState('packages')).toBe('done'));
    expect(stepState('provider')).toBe('done');
    expect(stepState('webhooks')).toBe('todo');
    expect(stepState('campaign')).toBe('unavailable');
    const text = document.body.textContent ?? '';
    expect(text).toContain('2 packages so far.');
    expect(text).toContain('Stripe connected.');
    expect(text).toContain('2 of 3 steps done');
    expect(text).toContain('Not available yet');
    // A step that cannot be done is not a link pretending it can.
    expect(document.querySelector('[data-step="campaign"] a')).toBeNull();
  });
});
