// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MySpace } from '@shared/schemas/community';
import type { TenantSummary } from '../../api/types';
import { renderWithServices, until, type Rendered } from '../../test-support/render';
import { SpacesPage } from './SpacesPage';

const later =
  <A extends unknown[], T>(fn: (...args: A) => Promise<T>) =>
  (...args: A) =>
    new Promise<T>((resolve, reject) => setTimeout(() => fn(...args).then(resolve, reject), 0));

const tenant = (role: 'ADMIN' | 'MEMBER') => ({ id: 'tenant_000000000001', slug: 'demo', name: 'Demo', role, memberCount: 3, createdAt: '2026-01-01T00:00:00.000Z' }) as TenantSummary;
const space = (name: string, moderator: boolean): MySpace => ({
  id: `space_${name.toLowerCase().padEnd(12, '0')}`,
  name,
  type: 'FEED',
  description: null,
  myRole: moderator ? 'MODERATOR' : null,
  canModerate: moderator,
});
const text = () => document.body.textContent ?? '';
const tabs = () => Array.from(document.querySelectorAll('[role="tab"]')).map((t) => t.textContent);

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
  document.body.innerHTML = '';
  window.location.hash = '';
});

describe('SpacesPage for a member who is not an ADMIN', () => {
  it('lists the spaces open to them, marks the ones they moderate, and offers the queue', async () => {
    const overview = vi.fn();
    const api = { spaces: { mine: { query: vi.fn(later(async () => [space('General', false), space('Mods', true)])) }, overview: { query: overview } } };
    view = renderWithServices(<SpacesPage tenant={tenant('MEMBER')} />, { api });
    await until(() => text().includes('Mods'));
    expect(text()).toContain('Your spaces');
    expect(text()).toContain('You moderate it');
    expect(tabs()).toEqual(['All spaces', 'Moderation']);
    expect(overview).not.toHaveBeenCalled();
  });

  it('has no moderation tab for someone who moderates nothing', async () => {
    const api = { spaces: { mine: { query: vi.fn(later(async () => [space('General', false)])) } } };
    view = renderWithServices(<SpacesPage tenant={tenant('MEMBER')} />, { api });
    await until(() => text().includes('General'));
    expect(tabs()).toEqual(['All spaces']);
    expect(text()).not.toContain('New space');
  });
});
