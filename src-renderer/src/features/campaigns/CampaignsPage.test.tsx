// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import type { TenantSummary } from '../../api/types';
import { renderWithServices, until, type Rendered } from '../../test-support/render';
import type { CampaignDetail, CampaignRecipientRow, CampaignStats } from '@shared/schemas/campaigns';
import { CampaignsPage } from './CampaignsPage';
import { listUnsynced } from './draft-store';
import { fakeApi, transportFailure, type Handlers } from './fake-api.test-util';

const TENANT = { id: 'ten_1', slug: 'demo', name: 'Founders Club', memberCount: 3 } as unknown as TenantSummary;
const STATS: CampaignStats = { recipients: 0, pending: 0, sending: 0, sent: 0, failed: 0, bounced: 0, unconfirmed: 0, unsubscribed: 0, clicked: 0 };

function campaign(over: Partial<CampaignDetail> = {}): CampaignDetail {
  return {
    id: 'cmp_1',
    subject: 'Spring meetup',
    audience: 'all_members',
    audienceLabel: 'All members',
    state: 'draft',
    scheduledAt: null,
    startedAt: null,
    sentAt: null,
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    stats: STATS,
    content: '<p>Hello</p>',
    version: 1,
    ratePerSecond: 10,
    connections: 2,
    trackClicks: false,
    pauseReason: null,
    waitingReason: null,
    ...over,
  };
}

let view: Rendered | undefined;
const text = () => document.body.textContent ?? '';
const byText = (tag: string, t: string) => Array.from(document.querySelectorAll<HTMLElement>(tag)).find((el) => el.textContent?.trim() === t);
const click = (el: Element | undefined) => act(() => (el as HTMLElement).click());
function type(el: HTMLInputElement | HTMLSelectElement, value: string) {
  act(() => {
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el) as object, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

function render(handlers: Handlers, hash = '#/campaigns') {
  window.location.hash = hash;
  const fake = fakeApi({ 'segments.list': () => [{ id: 'seg_1', name: 'Early birds', filter: {}, createdAt: '2026-01-01T00:00:00Z' }], ...handlers });
  view = renderWithServices(<CampaignsPage tenant={TENANT} />, { api: fake.api });
  return fake;
}

beforeEach(() => {
  localStorage.clear();
});
afterEach(() => {
  view?.unmount();
  document.body.innerHTML = '';
  window.location.hash = '';
});

describe('the campaigns page', () => {
  it('lists campaigns with their status and numbers', async () => {
    render({
      'campaigns.list': () => ({
        items: [campaign(), campaign({ id: 'cmp_2', subject: 'November news', state: 'sent', sentAt: '2026-11-30T09:00:00Z', stats: { ...STATS, recipients: 1200, sent: 1190, failed: 10, unsubscribed: 4 } })],
      }),
    });
    await until(() => text().includes('November news'));
    const row = document.querySelector('[data-campaign-id="cmp_2"]')!;
    expect(row.textContent).toContain('Sent');
    expect(row.textContent).toContain('1,200');
    expect(row.textContent).toContain('1,190');
    expect(document.querySelector('[data-campaign-id="cmp_1"]')?.textContent).toContain('Draft');
  });

  it('starts a draft with the console unreachable, keeps it on this computer, and says so', async () => {
    render({
      'campaigns.list': () => {
        throw transportFailure();
      },
      'campaigns.createDraft': () => {
        throw transportFailure();
      },
      'campaigns.audienceCount': () => {
        throw transportFailure();
      },
    });
    await until(() => byText('button', 'New campaign'));
    click(byText('button', 'New campaign'));
    await until(() => document.querySelector('input.campaign-subject-input'));
    type(document.querySelector('input.campaign-subject-input')!, 'Written on a train');
    await until(() => listUnsynced(localStorage, TENANT.id)[0]?.subject === 'Written on a train', 300);
    expect(listUnsynced(localStorage, TENANT.id)).toHaveLength(1);
    await until(() => /Offline: saved on this computer/.test(document.querySelector('[data-testid="draft-status"]')?.textContent ?? ''), 300);
    expect(text()).toContain('The count appears when the console is reachable.');
    expect(byText('button', 'Send now…')?.hasAttribute('disabled')).toBe(true);
  });

  it('shows the audience count, and the segment choices', async () => {
    const api = render(
      {
        'campaigns.get': () => campaign(),
        'campaigns.audienceCount': (input) => ({ count: (input as { audience: string }).audience === 'seg_1' ? 12 : 1500, label: 'x' }),
        'campaigns.update': (input) => campaign({ ...(input as object) }),
        'campaigns.versions': () => ({ items: [] }),
        'campaigns.list': () => ({ items: [] }),
      },
      '#/campaigns/cmp_1',
    );
    await until(() => text().includes('1,500 members will get it now.'));
    const select = Array.from(document.querySelectorAll('select')).find((s) => s.querySelector('option[value="seg_1"]'))!;
    type(select, 'seg_1');
    await until(() => text().includes('12 members will get it now.'));
    await until(() => api.calls.some((c) => c.path === 'campaigns.update' && (c.input as { audience?: string }).audience === 'seg_1'), 300);
  });

  it('shows a send under way, its numbers and the recipients, filtered by status', async () => {
    let sent = 40;
    const rows: CampaignRecipientRow[] = [{ id: 'r1', userId: 'user_1', name: 'Ann Alpha', email: 'ann@example.test', status: 'failed', attempts: 1, lastError: '550 No such user', sentAt: null }];
    const api = render(
      {
        'campaigns.get': () => campaign({ state: 'sending', startedAt: '2026-12-01T10:00:00Z', stats: { ...STATS, recipients: 100, sent, pending: 100 - sent - 1, failed: 1 } }),
        'campaigns.recipients': (input) => ({ items: (input as { status?: string }).status === 'failed' ? rows : [], total: (input as { status?: string }).status === 'failed' ? 1 : 0 }),
      },
      '#/campaigns/cmp_1',
    );
    await until(() => document.querySelector('[data-testid="campaign-progress-text"]')?.textContent === '41 of 100 recipients done');
    expect(byText('button', 'Pause')).toBeTruthy();
    // The core pushes "campaigns changed"; the page reads again.
    sent = 99;
    await act(async () => {
      await view!.queryClient.invalidateQueries();
    });
    await until(() => document.querySelector('[data-testid="campaign-progress-text"]')?.textContent === '100 of 100 recipients done');

    const filter = document.querySelector<HTMLSelectElement>('.campaign-status-filter')!;
    type(filter, 'failed');
    await until(() => text().includes('550 No such user'));
    expect(api.calls.filter((c) => c.path === 'campaigns.recipients').at(-1)?.input).toMatchObject({ id: 'cmp_1', status: 'failed', page: 1 });
  });

  it('gives a draft started here its id on the first save without reopening the editor', async () => {
    const api = render({
      'campaigns.list': () => ({ items: [] }),
      'campaigns.createDraft': (input) => campaign({ id: 'cmp_new', ...(input as object) }),
      'campaigns.update': (input) => campaign({ id: 'cmp_new', ...(input as object) }),
      'campaigns.get': () => campaign({ id: 'cmp_new', subject: 'From the core' }),
      'campaigns.audienceCount': () => ({ count: 3, label: 'All members' }),
    });
    await until(() => byText('button', 'New campaign'));
    click(byText('button', 'New campaign'));
    await until(() => document.querySelector('input.campaign-subject-input'));
    const input = document.querySelector<HTMLInputElement>('input.campaign-subject-input')!;
    type(input, 'Hello');
    await until(() => window.location.hash === '#/campaigns/cmp_new', 300);
    await until(() => document.querySelector('[data-testid="draft-status"]')?.textContent === 'All changes saved', 300);
    // The same input element: the editor stayed mounted, and kept what was typed.
    expect(document.querySelector('input.campaign-subject-input')).toBe(input);
    expect(input.value).toBe('Hello');
    expect(api.calls.filter((c) => c.path === 'campaigns.createDraft')).toHaveLength(1);
  });

  it('restores an earlier version into the editor', async () => {
    const api = render(
      {
        'campaigns.get': () => campaign({ content: '<p>Now</p>' }),
        'campaigns.audienceCount': () => ({ count: 3, label: 'All members' }),
        'campaigns.versions': () => ({ items: [{ id: 'cmv_1', savedAt: '2026-11-30T08:00:00Z', subject: 'Spring meetup', excerpt: 'Before' }] }),
        'campaigns.restoreVersion': () => campaign({ content: '<p>Before</p>', updatedAt: '2026-12-01T11:00:00.000Z' }),
        'campaigns.list': () => ({ items: [] }),
      },
      '#/campaigns/cmp_1',
    );
    await until(() => document.querySelector('.rte-prose')?.textContent === 'Now');
    click(byText('button', 'Versions'));
    await until(() => document.querySelector('[aria-label^="Restore the version of"]'));
    click(document.querySelector('[aria-label^="Restore the version of"]')!);
    await until(() => document.querySelector('.rte-prose')?.textContent === 'Before');
    expect(api.calls.find((c) => c.path === 'campaigns.restoreVersion')?.input).toEqual({ id: 'cmp_1', versionId: 'cmv_1' });
    expect(document.querySelector('[data-testid="draft-status"]')?.textContent).toBe('All changes saved');
  });

  it('schedules at a local date and time, and shows when', async () => {
    let scheduledAt: string | null = null;
    const api = render(
      {
        'campaigns.get': () => campaign(scheduledAt ? { state: 'scheduled', scheduledAt } : {}),
        'campaigns.audienceCount': () => ({ count: 3, label: 'All members' }),
        'campaigns.schedule': (input) => {
          scheduledAt = (input as { scheduledAt: string }).scheduledAt;
          return campaign({ state: 'scheduled', scheduledAt });
        },
        'campaigns.list': () => ({ items: [] }),
      },
      '#/campaigns/cmp_1',
    );
    await until(() => document.querySelector('input[type="datetime-local"]'));
    const next = new Date();
    next.setDate(next.getDate() + 1);
    const local = `${next.getFullYear()}-${String(next.getMonth() + 1).padStart(2, '0')}-${String(next.getDate()).padStart(2, '0')}T09:00`;
    type(document.querySelector<HTMLInputElement>('input[type="datetime-local"]')!, local);
    click(byText('button', 'Schedule'));
    await until(() => text().includes('Scheduled for'));
    expect(api.calls.find((c) => c.path === 'campaigns.schedule')?.input).toEqual({ id: 'cmp_1', scheduledAt: new Date(local).toISOString() });
    expect(byText('button', 'Unschedule')).toBeTruthy();
  });
});
