// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TenantSummary } from '../../api/types';
import { renderWithServices, until } from '../../test-support/render';
import { AutomationsPage } from './AutomationsPage';
import type { Automation, RunView } from './words';

const TENANT = { id: 'tenant_1', slug: 'demo', name: 'Demo Club', memberCount: 10 } as unknown as TenantSummary;

const welcome: Automation = {
  id: 'aut_welcome0001',
  builtin: 'welcome',
  name: 'Welcome new members',
  trigger: { type: 'member.joined', joinSources: [] },
  steps: [
    { type: 'send_email', subject: 'Welcome to {{community.name}}', html: '<p>Hi</p>' },
    { type: 'add_to_group', groupId: 'group_premium01', onlyJoinSources: ['paid'] },
    { type: 'notify_admins', title: 'New member joined', body: '{{member.name}} joined' },
  ],
  enabled: false,
  createdAt: '2026-03-01T12:00:00.000Z',
  updatedAt: '2026-03-01T12:00:00.000Z',
  runs: { active: 0, completed: 1, failed: 0, canceled: 0 },
};

const run: RunView = {
  id: 'arun_0000000001',
  automationId: welcome.id,
  automationName: welcome.name,
  userId: 'user_paula0001',
  memberName: 'Paula Paid',
  memberEmail: 'paula@demo.test',
  triggerKey: 'joined',
  status: 'running',
  currentStep: 2,
  endedReason: null,
  startedAt: '2026-03-01T12:00:00.000Z',
  endedAt: null,
  steps: [
    { index: 0, type: 'send_email', status: 'done', attempts: 1, detail: 'Email "Welcome to Demo Club" handed to the mail queue', error: null, finishedAt: '2026-03-01T12:00:01.000Z' },
    { index: 1, type: 'add_to_group', status: 'done', attempts: 1, detail: 'Added to Premium', error: null, finishedAt: '2026-03-01T12:00:02.000Z' },
    { index: 2, type: 'notify_admins', status: 'retrying', attempts: 2, detail: null, error: 'in-app notifications are not available yet', finishedAt: null },
  ],
};

const text = () => document.body.textContent ?? '';
const button = (name: string) => {
  const found = Array.from(document.querySelectorAll('button')).find((b) => (b.getAttribute('aria-label') ?? b.textContent)?.trim() === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
};
const click = (el: HTMLElement) => act(() => el.click());

function render() {
  let enabled = false;
  const api = {
    automations: {
      list: { query: vi.fn(async () => [{ ...welcome, enabled }]) },
      setEnabled: { mutate: vi.fn(async (input: { enabled: boolean }) => ((enabled = input.enabled), { ...welcome, enabled })) },
      runs: { query: vi.fn(async () => ({ items: [run], nextCursor: null })) },
      update: { mutate: vi.fn(async (input: { steps: Automation['steps']; trigger?: Automation['trigger'] }) => ({ ...welcome, steps: input.steps })) },
      cancelRun: { mutate: vi.fn(async (input: { runId: string }) => ({ runId: input.runId, canceled: true })) },
    },
    groups: { list: { query: async () => [{ id: 'group_premium01', name: 'Premium', description: null, memberCount: 3 }] } },
    spaces: { list: { query: async () => [] } },
  };
  const rendered = renderWithServices(<AutomationsPage tenant={TENANT} />, { api });
  return { api, ...rendered };
}

describe('AutomationsPage', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());

  it('shows the built-in welcome flow in plain words and switches it on', async () => {
    const r = render();
    unmount = r.unmount;
    await until(() => document.querySelector('[data-testid="automation-welcome"]'));
    expect(text()).toContain('When: A member joins');
    expect(text()).toContain('Email “Welcome to {{community.name}}”');
    await until(() => text().includes('Add to Premium (only paid joiners)'));
    expect(text()).toContain('1 completed');
    click(button('Turn on'));
    await until(() => r.api.automations.setEnabled.mutate.mock.calls.length === 1 && text().includes('Turn off'));
    expect(r.api.automations.setEnabled.mutate.mock.calls[0]![0]).toEqual({ id: welcome.id, enabled: true });
  });

  it('shows a run log with the step that is retrying and why, and cancels the run', async () => {
    const r = render();
    unmount = r.unmount;
    await until(() => document.querySelector('[data-testid="automation-welcome"]'));
    click(button('See runs'));
    await until(() => text().includes('Paula Paid'));
    expect(text()).toContain('Retrying: in-app notifications are not available yet');
    expect(text()).toContain('2 of 3 steps');
    click(button('Log'));
    await until(() => text().includes('Added to Premium'));
    click(button('Cancel run'));
    await until(() => r.api.automations.cancelRun.mutate.mock.calls.length === 1);
    expect(r.api.automations.cancelRun.mutate.mock.calls[0]![0]).toEqual({ runId: run.id });
  });

  it('edits the step list: removes a step, moves one, and saves them in order', async () => {
    const r = render();
    unmount = r.unmount;
    await until(() => document.querySelector('[data-testid="automation-welcome"]'));
    click(button('Edit steps'));
    await until(() => document.querySelector('[data-testid="step-2"]'));
    click(button('Remove step 2'));
    click(button('Move step 2 up'));
    click(button('Save steps'));
    await until(() => r.api.automations.update.mutate.mock.calls.length === 1);
    const saved = r.api.automations.update.mutate.mock.calls[0]![0] as { steps: Automation['steps'] };
    expect(saved.steps.map((s) => s.type)).toEqual(['notify_admins', 'send_email']);
    expect(saved).toMatchObject({ trigger: { type: 'member.joined', joinSources: [] } });
  });

  it('changes who a join starts it for', async () => {
    const r = render();
    unmount = r.unmount;
    await until(() => document.querySelector('[data-testid="automation-welcome"]'));
    click(button('Edit steps'));
    await until(() => document.querySelector('.step-trigger'));
    const paid = Array.from(document.querySelectorAll<HTMLInputElement>('.step-trigger input[type="checkbox"]')).find((i) => i.parentElement?.textContent?.trim() === 'Paid')!;
    click(paid);
    click(button('Save steps'));
    await until(() => r.api.automations.update.mutate.mock.calls.length === 1);
    expect(r.api.automations.update.mutate.mock.calls[0]![0]).toMatchObject({ trigger: { type: 'member.joined', joinSources: ['paid'] } });
  });
});
