// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithServices, type Rendered } from '@renderer/test-support/render';
import type { MemberDetailView } from '../types';
import { AccessActions, DangerActions } from './MemberActions';
import { clearToasts, Toasts } from '@renderer/ui/Toast';
import { useMemberChange } from './use-member-change';

const member = (role: 'ADMIN' | 'MEMBER', consoleOwner = false, subscriptions: { status: string; provider: string }[] = []) =>
  ({
    profile: { id: 'user_abcdefgh1', name: 'Mo Member', email: 'mo@x.io', avatarUrl: null, erased: false, consoleOwner },
    membership: { role, status: 'active', isComped: false, compedUntil: null },
    subscriptions,
  }) as unknown as MemberDetailView;

/** The drawer's own change runner, so that an Undo is offered as in the app. */
function Harness({ m }: { m: MemberDetailView }) {
  const change = useMemberChange(() => undefined);
  return (
    <>
      <AccessActions member={m} change={change} />
      <DangerActions member={m} change={change} onErased={() => undefined} />
    </>
  );
}

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  act(() => clearToasts());
  document.body.innerHTML = '';
});

function render(m: MemberDetailView) {
  const changeRole = vi.fn(async () => ({}));
  view = renderWithServices(
    <>
      <Harness m={m} />
      <Toasts />
    </>,
    { api: { members: { changeRole: { mutate: changeRole } } } },
  );
  return { changeRole };
}

const button = (name: RegExp) => [...document.querySelectorAll('button, [role=radio]')].find((b) => name.test(b.textContent ?? '')) as HTMLElement | undefined;

describe('member access actions', () => {
  it('asks before granting ADMIN, and changes nothing if cancelled', async () => {
    const { changeRole } = render(member('MEMBER'));
    act(() => button(/^Admin$/)!.click());
    expect(document.body.textContent).toContain('Make Mo Member an admin?');
    expect(changeRole).not.toHaveBeenCalled();
    act(() => button(/^Cancel$/)!.click());
    expect(document.body.textContent).not.toContain('Make Mo Member an admin?');
    act(() => button(/^Admin$/)!.click());
    await act(async () => button(/^Make admin$/)!.click());
    expect(changeRole).toHaveBeenCalledWith({ userId: 'user_abcdefgh1', role: 'ADMIN' });
  });

  it('asks before removing ADMIN', async () => {
    const { changeRole } = render(member('ADMIN'));
    act(() => button(/^Member$/)!.click());
    expect(document.body.textContent).toContain('Remove Mo Member’s admin rights?');
    await act(async () => button(/^Remove admin rights$/)!.click());
    expect(changeRole).toHaveBeenCalledWith({ userId: 'user_abcdefgh1', role: 'MEMBER' });
  });

  it('offers to undo a role change in a toast, which changes the role back', async () => {
    const { changeRole } = render(member('MEMBER'));
    act(() => button(/^Admin$/)!.click());
    await act(async () => button(/^Make admin$/)!.click());
    const toast = document.querySelector('[role=status] [data-testid=toast]');
    expect(toast?.textContent).toContain('Mo Member is now an admin.');
    const undo = button(/^Undo$/)!;
    act(() => undo.focus());
    expect(document.activeElement).toBe(undo);
    await act(async () => undo.click());
    expect(changeRole).toHaveBeenLastCalledWith({ userId: 'user_abcdefgh1', role: 'MEMBER' });
    expect(document.querySelector('[data-testid=toast]')?.textContent).toContain('Undone.');
  });

  it("shows the console owner's row as an admin who can't be demoted, removed or erased", () => {
    render(member('ADMIN', true));
    expect(document.querySelector('[data-testid=owner-role-note]')?.textContent).toMatch(/can’t be demoted, removed or erased/);
    expect(button(/^Member$/)).toBeUndefined();
    expect(button(/Remove…|Erase…/)).toBeUndefined();
  });

  it('says before removing a paying member that their subscription keeps being billed, and where to cancel it', () => {
    render(member('MEMBER', false, [{ status: 'active', provider: 'lemonsqueezy' }]));
    act(() => button(/^Remove…$/)!.click());
    expect(document.querySelector('[data-testid=remove-billing-note]')?.textContent).toBe(
      'They pay for a package; removing them doesn’t cancel their subscription — they keep being billed until you cancel it in Lemon Squeezy.',
    );
  });

  it('says nothing about billing when the member no longer pays', () => {
    render(member('MEMBER', false, [{ status: 'canceled', provider: 'stripe' }]));
    act(() => button(/^Remove…$/)!.click());
    expect(document.body.textContent).toContain('Remove Mo Member?');
    expect(document.querySelector('[data-testid=remove-billing-note]')).toBeNull();
  });
});
