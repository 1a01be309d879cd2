// @vitest-environment happy-dom
import { afterEach, expect, it, vi } from 'vitest';
import { renderWithServices, until, type Rendered } from '@renderer/test-support/render';
import { EntitlementUsage } from './EntitlementUsage';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  document.body.innerHTML = '';
});

it('shows each limit as a bar with "used of max", and says when use is over a lowered limit', async () => {
  const query = vi.fn(async () => ({
    source: 'subscription', packageId: 'pkg_small', packageName: 'Small', period: '2026-03', resetsAt: '2026-04-01T00:00:00.000Z',
    limits: { maxUsers: 1, maxAiPosts: 10, maxSocialAccounts: 1, maxCampaigns: 2 },
    usage: { maxUsers: 0, maxAiPosts: 10, maxSocialAccounts: 2, maxCampaigns: 1 },
    overLimitSince: { maxUsers: null, maxAiPosts: null, maxSocialAccounts: '2026-03-10T09:00:00.000Z', maxCampaigns: null },
  }));
  view = renderWithServices(<EntitlementUsage userId="user_abcdefgh1" />, { api: { entitlements: { ofMember: { query } } } });
  const host = view.container;
  // The usage arrives on a later tick.
  await until(() => host.querySelectorAll('.fact').length > 0);
  expect(query).toHaveBeenCalledWith({ userId: 'user_abcdefgh1' }, expect.anything());
  const rows = [...host.querySelectorAll('.fact')].map((r) => r.textContent?.replace(/\s+/g, ' ').trim());
  expect(rows).toEqual([
    'team members 0 of 1',
    'AI posts this month 10 of 10 at the limit',
    'connected social accounts 2 of 1 over since Mar 10, 2026',
    'active campaigns 1 of 2',
  ]);
  expect(host.querySelector('meter[aria-label="AI posts this month: 10 of 10"]')).not.toBeNull();
  expect(host.textContent).toContain('Small');
});
