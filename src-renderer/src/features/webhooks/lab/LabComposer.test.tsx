// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithServices, until, type Rendered } from '@renderer/test-support/render';
import { submitLabel } from '../forwarding/ForwardCard';
import type { LabAccess, LabTemplate } from '../types';
import { LabComposer } from './LabComposer';

// What the core's templates look like: the buyer's email in the payload, one per event type.
const templatesFor = (email: string, pkg: string): LabTemplate[] =>
  ['checkout.session.completed', 'customer.subscription.deleted'].map((type) => ({
    provider: 'stripe',
    type,
    label: type,
    payload: JSON.stringify({ id: `evt_${type}`, type, data: { object: { customer_details: { email }, metadata: { packageId: pkg } } } }, null, 2),
  })) as LabTemplate[];

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  document.body.innerHTML = '';
});

function render() {
  const calls = {
    templates: vi.fn(async (choice: { userId?: string; packageId?: string }) =>
      templatesFor(choice.userId ? 'chidi@words.test' : 'new.member@example.com', choice.packageId ?? 'pkg_first'),
    ),
    send: vi.fn(async (input: { payload: string }) => ({
      request: { url: 'http://127.0.0.1/api/webhooks/stripe', method: 'POST', headers: {}, body: input.payload },
      response: { status: 200, headers: {}, body: JSON.stringify({ received: true, id: 'whe_sent00000001', duplicate: false }), truncated: false },
      error: null,
      durationMs: 12,
    })),
    get: vi.fn(async () => ({ id: 'whe_sent00000001', status: 'applied', changes: [], summary: ['Chidi Wilson started Founders Circle at $39/month'] })),
  };
  const api = {
    members: { list: { query: vi.fn(async () => ({ items: [{ userId: 'user_chidi000001', name: 'Chidi Wilson', email: 'chidi@words.test' }], total: 1 })) } },
    packages: { list: { query: vi.fn(async () => [{ id: 'pkg_founders0001', name: 'Founders Circle', isActive: true }]) } },
    webhooks: { lab: { templates: { query: calls.templates }, send: { mutate: calls.send } }, get: { query: calls.get } },
  };
  const access = { signing: 'console', labSecret: null, selfTarget: true } as unknown as LabAccess;
  view = renderWithServices(
    <LabComposer templates={templatesFor('new.member@example.com', 'pkg_first')} secrets={undefined} access={access} onOpenEvent={() => undefined} />,
    { api },
  );
  return calls;
}

const labelled = <T extends HTMLElement>(text: string) => {
  const label = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === text)!;
  return document.getElementById(label.htmlFor) as T;
};
function pick(select: HTMLSelectElement, value: string) {
  act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('the webhook lab in form mode', () => {
  it('builds the JSON for a picked member and package, and shows what the sent event changed', async () => {
    const calls = render();
    act(() => ([...document.querySelectorAll('[role=radio]')].find((r) => r.textContent === 'Form') as HTMLElement).click());
    await until(() => expect(labelled<HTMLSelectElement>('Member').options.length).toBe(2));
    await until(() => expect(labelled<HTMLSelectElement>('Package').options.length).toBe(2));
    pick(labelled<HTMLSelectElement>('Member'), 'user_chidi000001');
    pick(labelled<HTMLSelectElement>('Package'), 'pkg_founders0001');
    await until(() => expect(labelled<HTMLTextAreaElement>('Body').value).toContain('chidi@words.test'));
    expect(calls.templates).toHaveBeenLastCalledWith({ userId: 'user_chidi000001', packageId: 'pkg_founders0001' }, expect.anything());
    expect(labelled<HTMLTextAreaElement>('Body').value).toContain('pkg_founders0001');

    await act(async () => ([...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Send event')) as HTMLElement).click());
    await until(() => expect(document.querySelector('[data-testid=lab-changes]')?.textContent).toContain('Chidi Wilson started Founders Circle at $39/month.'));
    expect(calls.send.mock.calls[0]![0].payload).toContain('chidi@words.test');
    expect(calls.get).toHaveBeenCalledWith({ id: 'whe_sent00000001' }, expect.anything());
  });
});

describe('the forwarding button', () => {
  it('starts forwarding when it is off, saves when it is on, turns off when the address is cleared', () => {
    expect(submitLabel(false, false, true)).toBe('Start forwarding');
    expect(submitLabel(false, true, true)).toBe('Save');
    expect(submitLabel(false, true, false)).toBe('Turn off');
    expect(submitLabel(true, false, true)).toBe('Starting…');
  });
});
