// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient, CurrentUserView, TenantSummary } from '../../api/types';
import { renderWithServices, until, type Rendered } from '../../test-support/render';
import { DashboardPage } from './DashboardPage';

const TENANT = { id: 'ten_1', slug: 'demo', name: 'Founders Club', memberCount: 1 } as unknown as TenantSummary;
const USER = { id: 'user_1', name: 'Chidi Wilson', email: 'chidi@example.test' } as unknown as CurrentUserView;

type Setup = Awaited<ReturnType<ApiClient['dashboard']['setup']['query']>>;
const NOTHING: Setup = { packages: { done: false, count: 0 }, provider: { done: false, names: [] }, webhooks: { done: false }, campaign: { done: false } };

let view: Rendered | undefined;

const OVERVIEW = { mrr: 12_345.67, arr: 148_148.04, activeSubscribers: 321, mrrChange: 456.5, mrrMonthAgo: 11_889.17, currency: 'USD', members: { total: 1000, free: 679, paid: 321 } };

function render(setup: Setup, overview: () => Promise<unknown> = async () => OVERVIEW) {
  const page = { items: [], total: 1, page: 1, limit: 1, pageCount: 1, nextCursor: null };
  const api = {
    members: { list: { query: vi.fn(async () => page) } },
    dashboard: { setup: { query: vi.fn(async () => setup) } },
    analytics: { overview: { query: vi.fn(overview) } },
  };
  view = renderWithServices(<DashboardPage tenant={TENANT} user={USER} />, { api });
}

const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent;

const stepState = (id: string) => document.querySelector(`[data-step="${id}"]`)?.getAttribute('data-state');
const greetingText = () => document.querySelector('[data-testid="dashboard-greeting"]')?.textContent;

describe('the dashboard', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    view?.unmount();
    document.body.innerHTML = '';
  });

  it('says "Welcome" the first time, and "Welcome back" only after that', async () => {
    render(NOTHING);
    expect(greetingText()).toBe('Welcome, Chidi');
    view?.unmount();
    render(NOTHING);
    expect(greetingText()).toBe('Welcome back, Chidi');
  });

  it('ticks the setup steps from real state, each a link to where it is done', async () => {
    render({ ...NOTHING, packages: { done: true, count: 2 }, provider: { done: true, names: ['Stripe'] } });
    await until(() => expect(stepState('packages')).toBe('done'));
    expect(stepState('provider')).toBe('done');
    expect(stepState('webhooks')).toBe('todo');
    expect(stepState('campaign')).toBe('todo');
    const text = document.body.textContent ?? '';
    expect(text).toContain('2 packages so far.');
    expect(text).toContain('Stripe connected.');
    expect(text).toContain('2 of 4 steps done');
    expect(text).toContain('Write your first email to your members.');
    expect(document.querySelector('[data-step="campaign"] a')?.getAttribute('href')).toBe('#/campaigns');
  });

  it('shows MRR, its change against last month and how many members pay, on the Revenue card', async () => {
    render(NOTHING);
    await until(() => expect(text('dashboard-mrr')).toBe('$12,345.67'));
    expect(text('dashboard-mrr-change')).toBe('+$456.50 vs last month');
    expect(text('dashboard-paying')).toBe('321 paying members');
    expect(document.body.textContent).not.toContain('Coming soon');
  });

  it('says the revenue could not be read when the figures fail, and the rest of the dashboard stays', async () => {
    render(NOTHING, async () => {
      throw new Error('boom');
    });
    await until(() => expect(document.body.textContent).toContain('The revenue figures could not be read.'));
    expect(greetingText()).toContain('Chidi');
  });
});
