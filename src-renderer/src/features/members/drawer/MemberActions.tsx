import { useId, useState, type FormEvent } from 'react';
import { useServices } from '@renderer/app/services';
import { ConfirmDialog } from '@renderer/ui/ConfirmDialog';
import { formatDate } from '@renderer/ui/format';
import { Modal } from '@renderer/ui/Modal';
import { SegmentedControl } from '@renderer/ui/SegmentedControl';
import { isBilled, keepBilledText } from '../paying';
import type { MemberDetailView } from '../types';
import type { MemberChange } from './use-member-change';

const ROLE_SEGMENTS = [
  { value: 'MEMBER', label: 'Member' },
  { value: 'ADMIN', label: 'Admin' },
] as const;

/**
 * Role and complimentary access: the changes an owner makes most. Granting or taking away ADMIN
 * asks first (an ADMIN can change everything in the community); the console owner's role is fixed.
 */
export function AccessActions({ member, change }: { member: MemberDetailView; change: MemberChange }) {
  const { api } = useServices();
  const userId = member.profile.id;
  const { membership } = member;
  const [until, setUntil] = useState('');
  const [roleTo, setRoleTo] = useState<'ADMIN' | 'MEMBER' | null>(null);
  const untilId = useId();
  const active = membership.status === 'active';
  const owner = member.profile.consoleOwner;

  return (
    <div className="drawer-actions-grid">
      <div className="drawer-action">
        <div className="drawer-action-label" id={`role-${userId}`}>
          Role
        </div>
        {owner ? (
          <p className="muted" data-testid="owner-role-note">
            Admin — the console owner stays an admin of every community and can’t be demoted, removed or erased.
          </p>
        ) : (
          <div className={change.busy === 'role' ? 'is-busy' : undefined}>
            <SegmentedControl
              label="Role"
              segments={ROLE_SEGMENTS}
              value={membership.role}
              onChange={(role) => {
                if (!active || change.busy || role === membership.role) return;
                setRoleTo(role);
              }}
            />
          </div>
        )}
      </div>
      {roleTo && (
        <ConfirmDialog
          title={roleTo === 'ADMIN' ? `Make ${member.profile.name} an admin?` : `Remove ${member.profile.name}’s admin rights?`}
          confirmLabel={roleTo === 'ADMIN' ? 'Make admin' : 'Remove admin rights'}
          tone={roleTo === 'ADMIN' ? 'primary' : 'danger'}
          busy={change.busy === 'role'}
          problem={change.problem}
          onCancel={() => {
            change.clearProblem();
            setRoleTo(null);
          }}
          onConfirm={() => {
            const before = membership.role;
            const name = member.profile.name;
            void change
              .runUndoable(
                'role',
                () => api.members.changeRole.mutate({ userId, role: roleTo }),
                roleTo === 'ADMIN' ? `${name} is now an admin.` : `${name} is no longer an admin.`,
                () => api.members.changeRole.mutate({ userId, role: before }),
              )
              .then((ok) => ok && setRoleTo(null));
          }}
        >
          <p>
            {roleTo === 'ADMIN'
              ? 'Admins can change every member, package, setting and webhook of this community, and erase members.'
              : 'They become a member: they keep their access but can no longer manage this community.'}
          </p>
        </ConfirmDialog>
      )}
      <div className="drawer-action">
        <div className="drawer-action-label">Complimentary access</div>
        {membership.isComped ? (
          <div className="drawer-action-row">
            <span>{membership.compedUntil ? `Until ${formatDate(membership.compedUntil)}` : 'No end date'}</span>
            <button
              type="button"
              className="button button-small"
              disabled={!active || change.busy !== null}
              onClick={() => void change.run('comp', () => api.members.uncomp.mutate({ userId }))}
            >
              {change.busy === 'comp' ? 'Ending…' : 'End it'}
            </button>
          </div>
        ) : (
          <form
            className="drawer-action-row"
            onSubmit={(e) => {
              e.preventDefault();
              void change.run('comp', () => api.members.comp.mutate({ userId, ...(until ? { until: new Date(`${until}T23:59:59Z`).toISOString() } : {}) }));
            }}
          >
            <label className="visually-hidden" htmlFor={untilId}>
              Comped until (optional)
            </label>
            <input id={untilId} type="date" className="input input-small" value={until} onChange={(e) => setUntil(e.target.value)} title="Until (optional)" />
            <button type="submit" className="button button-small" disabled={!active || change.busy !== null}>
              {change.busy === 'comp' ? 'Giving…' : until ? 'Comp until then' : 'Comp'}
            </button>
          </form>
        )}
      </div>
    </div>
  );
}

/** Removing a member (soft) and erasing their personal data (hard, typed confirmation). */
export function DangerActions({ member, change, onErased }: { member: MemberDetailView; change: MemberChange; onErased: () => void }) {
  const { api } = useServices();
  const [confirm, setConfirm] = useState<'remove' | 'erase' | null>(null);
  const userId = member.profile.id;
  const removed = member.membership.status === 'removed';
  // A subscription still billed: removing them from the community does not stop it.
  const billed = member.subscriptions.find((s) => isBilled(s.status));
  // The server refuses these for the console owner anyway; the drawer does not offer them.
  if (member.profile.consoleOwner) return null;

  return (
    <div className="drawer-danger">
      {!removed && (
        <div className="drawer-danger-row">
          <div>
            <strong>Remove from the community</strong>
            <p className="muted">Access ends now; groups and space roles go. History stays, and they can be invited back.</p>
          </div>
          <button type="button" className="button button-small button-danger-quiet" onClick={() => setConfirm('remove')} disabled={change.busy !== null}>
            Remove…
          </button>
        </div>
      )}
      {!member.profile.erased && (
        <div className="drawer-danger-row">
          <div>
            <strong>Erase personal data</strong>
            <p className="muted">
              For a deletion request: everything this community holds about them is wiped for good. The record of the erasure keeps no personal
              data.
            </p>
          </div>
          <button type="button" className="button button-small button-danger-quiet" onClick={() => setConfirm('erase')} disabled={change.busy !== null}>
            Erase…
          </button>
        </div>
      )}
      {confirm === 'remove' && (
        <ConfirmDialog
          title={`Remove ${member.profile.name}?`}
          confirmLabel="Remove member"
          busy={change.busy === 'remove'}
          problem={change.problem}
          onCancel={() => {
            change.clearProblem();
            setConfirm(null);
          }}
          onConfirm={() => void change.run('remove', () => api.members.remove.mutate({ userId })).then((ok) => ok && setConfirm(null))}
        >
          <p>They lose access at once and leave every group and space.</p>
          {billed && (
            <p className="confirm-warning" data-testid="remove-billing-note">
              {keepBilledText(1, 1, billed.provider)}
            </p>
          )}
        </ConfirmDialog>
      )}
      {confirm === 'erase' && (
        <EraseDialog
          member={member}
          change={change}
          onCancel={() => {
            change.clearProblem();
            setConfirm(null);
          }}
          // Someone who also belongs to another community is gone from this one altogether: close.
          onErase={() => void change.run('erase', () => api.members.erase.mutate({ userId })).then((ok) => ok && (setConfirm(null), onErased()))}
        />
      )}
    </div>
  );
}

/** Erasure cannot be undone, so the owner types the member's email (or ERASE) to confirm. */
function EraseDialog({ member, change, onCancel, onErase }: { member: MemberDetailView; change: MemberChange; onCancel: () => void; onErase: () => void }) {
  const [typed, setTyped] = useState('');
  const titleId = useId();
  const inputId = useId();
  const expected = member.profile.email || 'ERASE';
  const matches = typed.trim().toLowerCase() === expected.toLowerCase();
  const busy = change.busy === 'erase';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (matches && !busy) onErase();
  }

  return (
    <Modal labelledBy={titleId} role="alertdialog" onRequestClose={() => !busy && onCancel()} initialFocus={`[id="${inputId}"]`}>
      <form className="confirm dialog-form" onSubmit={submit} noValidate>
        <h2 id={titleId} className="confirm-title">
          Erase {member.profile.name}’s personal data?
        </h2>
        <div className="confirm-body">
          <p className="confirm-warning">
            This cannot be undone. They leave this community, and its groups, spaces and records about them are wiped. If they also belong to another
            community on this console, their name and email stay there as they are; otherwise they are replaced for good.
          </p>
          <label className="field-label" htmlFor={inputId}>
            Type <strong>{expected}</strong> to confirm
          </label>
          <input id={inputId} className="input" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
          {change.problem && (
            <p className="field-error" role="alert">
              {change.problem}
            </p>
          )}
        </div>
        <div className="confirm-actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={!matches || busy}>
            {busy ? 'Erasing…' : 'Erase personal data'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
