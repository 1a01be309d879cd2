// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BillingSyncState, LocalChange, ProviderSyncState } from '@shared/schemas/billing-sync';
import { renderWithServices, until, type Rendered } from '@renderer/test-support/render';
import { SidebarSyncStatus, SyncStateCard } from './SyncStatus';

const now = Date.now();
const provider = (p: Partial<ProviderSyncState> & Pick<ProviderSyncState, 'provider' | 'mode' | 'label'>): ProviderSyncState => ({
  detail: '',
  lastSyncAt: new Date(now - 12_000).toISOString(),
  nextPollAt: null,
  catchingUp: 0,
  localChangesWaiting: 0,
  error: null,
  pollEverySeconds: 30,
  recent: [],
  ...p,
});
const settings = { stripeIntervalSeconds: 30, lemonSqueezyIntervalSeconds: 120, safetyNetSeconds: 600, webhookQuietSeconds: 900 };

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
});

const later = <T,>(value: T) => vi.fn(() => new Promise<T>((resolve) => setTimeout(() => resolve(value), 0)));
const text = () => document.body.textContent ?? '';

function render(ui: React.ReactNode, state: BillingSyncState, changes: LocalChange[] = []) {
  const api = {
    webhooks: {
      sync: {
        state: { query: later(state) },
        localChanges: { query: later(changes) },
        resolveConflict: { mutate: later([]) },
        pollNow: { mutate: later(state.providers[0]) },
        setSettings: { mutate: later(state) },
      },
    },
  };
  view = renderWithServices(ui, { api });
  return api;
}

describe('billing sync state', () => {
  it('shows each connected provider in the sidebar with its figures, and nothing for one not connected', async () => {
    render(<SidebarSyncStatus />, {
      online: true,
      settings,
      providers: [
        provider({ provider: 'stripe', mode: 'polling', label: 'Live by polling' }),
        provider({ provider: 'lemonsqueezy', mode: 'off', label: 'Not connected' }),
      ],
    });
    await until(() => text().includes('Stripe'));
    expect(text()).toMatch(/Stripe · live by polling\s*last sync 1[2-4] s ago/);
    expect(text()).not.toContain('Lemon Squeezy');
  });

  it('says what fails, with the fix, and what waits offline', async () => {
    render(<SyncStateCard consoleOwner />, {
      online: true,
      settings,
      providers: [
        provider({ provider: 'stripe', mode: 'failing', label: 'Failing', detail: 'Stripe: Invalid API Key provided.', error: { message: 'Stripe: Invalid API Key provided.', fix: 'Check the Stripe API key in Settings → Providers.' } }),
        provider({ provider: 'lemonsqueezy', mode: 'offline', label: 'Offline', localChangesWaiting: 2, error: { message: 'Lemon Squeezy could not be reached: ECONNREFUSED', fix: 'Check this computer’s internet connection.' } }),
      ],
    });
    await until(() => text().includes('Failing'));
    expect(document.querySelector('[role="alert"]')?.textContent).toBe('Stripe: Invalid API Key provided. Check the Stripe API key in Settings → Providers.');
    expect(text()).toContain('2 local changes waiting');
    expect(Array.from(document.querySelectorAll('button')).map((b) => b.textContent)).toEqual(['Sync now', 'Sync now']);
  });

  it('lists a held change with both versions and sends the owner\'s choice', async () => {
    const api = render(
      <SyncStateCard consoleOwner={false} />,
      { online: true, settings, providers: [provider({ provider: 'stripe', mode: 'polling', label: 'Live by polling' })] },
      [
        {
          id: 'job_1',
          kind: 'package_sync',
          provider: 'stripe',
          packageId: 'pkg_1',
          packageName: 'Studio Plus',
          state: 'conflict',
          summary: 'Send "Studio Plus" as edited here to Stripe',
          lastError: null,
          createdAt: new Date(now).toISOString(),
          conflict: { theirs: { name: 'Studio (Dashboard)', description: null, active: true }, changedAt: new Date(now).toISOString() },
        },
      ],
    );
    await until(() => text().includes('Changed at the provider too'));
    expect(text()).toContain('Stripe now names it “Studio (Dashboard)”; here it is “Studio Plus”. Nothing was sent');
    // A tenant ADMIN may resolve their own community's change, not poll the provider.
    expect(text()).not.toContain('Sync now');
    const keep = Array.from(document.querySelectorAll('button')).find((b) => b.textContent === 'Keep Stripe’s')!;
    await act(async () => keep.click());
    await until(() => api.webhooks.sync.resolveConflict.mutate.mock.calls.length === 1);
    expect(api.webhooks.sync.resolveConflict.mutate.mock.calls[0]).toEqual([{ id: 'job_1', keep: 'theirs' }]);
  });
});
