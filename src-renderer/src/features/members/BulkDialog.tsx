import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { useServices } from '../../app/services';
import { formatCount, pluralise } from '../../ui/format';
import { Modal } from '../../ui/Modal';
import { ProgressBar } from '../../ui/ProgressBar';
import { offerUndo } from '../../ui/Toast';
import type { CatalogSnapshot } from './member-catalog';
import { keepBilledText } from './paying';
import type { MemberTarget } from './selection';
import type { BulkActionInput, BulkOperation } from './types';

export type BulkKind = 'add_to_group' | 'remove_from_group' | 'change_role' | 'comp' | 'remove';

export const BULK_LABEL: Record<BulkKind, string> = {
  add_to_group: 'Add to group',
  remove_from_group: 'Remove from group',
  change_role: 'Change role',
  comp: 'Comp',
  remove: 'Remove',
};

type Phase = { step: 'configure' } | { step: 'running'; id: string; op: BulkOperation | null } | { step: 'finished'; op: BulkOperation };

/**
 * One bulk action: choose its details and confirm, then follow members.bulk.get until the job is
 * done, then the summary (changed, unchanged, failed with the server's reasons).
 */
export function BulkDialog({
  kind,
  target,
  count,
  paying = null,
  catalog,
  onClose,
}: {
  kind: BulkKind;
  target: MemberTarget;
  count: number;
  /** For a removal: how many of them have a subscription that is still billed (null while counting). */
  paying?: number | null;
  catalog: CatalogSnapshot;
  /** changed: whether anything may have changed, so the list is read again. */
  onClose: (changed: boolean) => void;
}) {
  const { api } = useServices();
  const [phase, setPhase] = useState<Phase>({ step: 'configure' });
  const [pickedGroup, setGroupId] = useState('');
  // The groups may still be arriving when the dialog opens: until one is picked, the first one.
  const groupId = pickedGroup || (catalog.groups[0]?.id ?? '');
  const [role, setRole] = useState<'ADMIN' | 'MEMBER'>('MEMBER');
  const [until, setUntil] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const titleId = useId();
  const fieldId = useId();

  // Progress: members.bulk.get, read again whenever the core pushes that this operation moved.
  const runningId = phase.step === 'running' ? phase.id : null;
  const trpc = useTRPC();
  const progress = useQuery({
    queryKey: trpc.members.bulk.get.queryKey({ id: runningId ?? '' }),
    queryFn: ({ signal }) => api.members.bulk.get.query({ id: runningId! }, { signal }),
    enabled: runningId !== null,
  });
  if (runningId && phase.step === 'running' && progress.data && progress.data.id === runningId && progress.data !== phase.op) {
    const op = progress.data;
    setPhase(op.status === 'done' || op.status === 'failed' ? { step: 'finished', op } : { step: 'running', id: runningId, op });
  }
  const shownProblem = problem ?? (runningId && progress.error ? messageOf(progress.error) : null);

  const groupName = catalog.groups.find((g) => g.id === groupId)?.name ?? 'the group';
  const who = pluralise(count, 'member');

  function action(): BulkActionInput | null {
    switch (kind) {
      case 'add_to_group':
      case 'remove_from_group':
        return groupId ? { type: kind, groupId } : null;
      case 'change_role':
        return { type: 'change_role', role };
      case 'comp':
        return until ? { type: 'comp', until: new Date(`${until}T23:59:59Z`).toISOString() } : { type: 'comp' };
      case 'remove':
        return { type: 'remove' };
    }
  }

  async function start(event: FormEvent) {
    event.preventDefault();
    const chosen = action();
    if (!chosen) {
      setProblem('Choose a group first.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const op = await api.members.bulk.start.mutate({ action: chosen, target });
      setPhase(op.status === 'done' || op.status === 'failed' ? { step: 'finished', op } : { step: 'running', id: op.id, op });
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const title = {
    add_to_group: `Add ${who} to a group`,
    remove_from_group: `Remove ${who} from a group`,
    change_role: `Change the role of ${who}`,
    comp: `Give ${who} complimentary access`,
    remove: `Remove ${who}?`,
  }[kind];

  return (
    <Modal labelledBy={titleId} onRequestClose={() => phase.step !== 'running' && !busy && onClose(phase.step === 'finished')} role={kind === 'remove' ? 'alertdialog' : 'dialog'}>
      {phase.step === 'configure' ? (
        <form className="confirm dialog-form" onSubmit={start} noValidate data-testid="bulk-dialog">
          <h2 id={titleId} className="confirm-title">
            {title}
          </h2>
          <div className="confirm-body">
            {(kind === 'add_to_group' || kind === 'remove_from_group') && (
              <>
                <label className="field-label" htmlFor={fieldId}>
                  Group
                </label>
                <select id={fieldId} className="input" value={groupId} onChange={(e) => setGroupId(e.target.value)} disabled={catalog.groups.length === 0}>
                  {catalog.groups.length === 0 && <option value="">No groups known yet</option>}
                  {catalog.groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))}
                </select>
                {catalog.groups.length === 0 && <p className="field-help">Groups show up here once a member who is in one has been opened.</p>}
              </>
            )}
            {kind === 'change_role' && (
              <>
                <label className="field-label" htmlFor={fieldId}>
                  New role
                </label>
                <select id={fieldId} className="input" value={role} onChange={(e) => setRole(e.target.value as 'ADMIN' | 'MEMBER')}>
                  <option value="MEMBER">Member</option>
                  <option value="ADMIN">Admin — can manage the whole community</option>
                </select>
                {/* The dialog is the confirmation: it says what a grant or a removal of ADMIN means. */}
                <p className={role === 'ADMIN' ? 'confirm-warning' : 'muted'} data-testid="bulk-role-note">
                  {role === 'ADMIN'
                    ? `This makes the ${who} admins: they can change every member, package, setting and webhook of this community.`
                    : 'Admins among them lose their admin rights. The console owner stays an admin and is left out.'}
                </p>
              </>
            )}
            {kind === 'comp' && (
              <>
                <label className="field-label" htmlFor={fieldId}>
                  Until (leave empty for no end)
                </label>
                <input id={fieldId} type="date" className="input" value={until} onChange={(e) => setUntil(e.target.value)} />
              </>
            )}
            {kind === 'remove' && (
              <p className="confirm-warning">
                They lose access at once and leave every group and space. Their history stays, and they can be invited back.
              </p>
            )}
            {kind === 'remove' && paying !== null && paying > 0 && (
              <p className="confirm-warning" data-testid="bulk-billing-note">
                {keepBilledText(paying, count)}
              </p>
            )}
            <p className="muted">
              {kind === 'remove' ? 'This runs' : 'It runs'} on {who} in the background; you will see the progress and what changed.
            </p>
            {problem && (
              <p className="field-error" role="alert">
                {problem}
              </p>
            )}
          </div>
          <div className="confirm-actions">
            <button type="button" className="button" onClick={() => onClose(false)} disabled={busy} data-autofocus>
              Cancel
            </button>
            <button type="submit" className={kind === 'remove' ? 'button button-danger' : 'button button-primary'} disabled={busy}>
              {busy ? 'Starting…' : confirmLabel(kind, who, groupName)}
            </button>
          </div>
        </form>
      ) : (
        <BulkProgress
          titleId={titleId}
          title={BULK_LABEL[kind]}
          phase={phase}
          problem={shownProblem}
          onClose={() => {
            if (phase.step === 'finished') offerBulkUndo(phase.op, (input) => api.members.bulk.start.mutate(input), catalog);
            onClose(true);
          }}
        />
      )}
    </Modal>
  );
}

/** The action that takes a bulk action back, when there is one (add ↔ remove from a group, ADMIN ↔ MEMBER). */
export function inverseOf(action: BulkOperation['action']): BulkActionInput | null {
  switch (action.type) {
    case 'add_to_group':
      return { type: 'remove_from_group', groupId: action.groupId };
    case 'remove_from_group':
      return { type: 'add_to_group', groupId: action.groupId };
    case 'change_role':
      return { type: 'change_role', role: action.role === 'ADMIN' ? 'MEMBER' : 'ADMIN' };
    default:
      return null;
  }
}

/**
 * After a bulk action, Undo for a while: the inverse as a new bulk operation on exactly the members
 * this one changed (the server names them), so those who were already so stay so.
 */
export function offerBulkUndo(op: BulkOperation, start: (input: { action: BulkActionInput; target: { userIds: string[] } }) => Promise<unknown>, catalog: CatalogSnapshot) {
  const inverse = inverseOf(op.action);
  const userIds = op.changedUserIds;
  if (op.status !== 'done' || !inverse || !userIds || userIds.length === 0) return;
  const who = pluralise(userIds.length, 'member');
  const group = 'groupId' in op.action ? (catalog.groups.find((g) => g.id === (op.action as { groupId: string }).groupId)?.name ?? 'the group') : '';
  const done =
    op.action.type === 'add_to_group'
      ? `Added ${who} to ${group}.`
      : op.action.type === 'remove_from_group'
        ? `Removed ${who} from ${group}.`
        : op.action.type === 'change_role' && op.action.role === 'ADMIN'
          ? `Made ${who} admins.`
          : `Took admin rights from ${who}.`;
  offerUndo(done, () => start({ action: inverse, target: { userIds } }), `Undoing it for ${who}; it runs in the background.`);
}

function confirmLabel(kind: BulkKind, who: string, groupName: string): string {
  switch (kind) {
    case 'add_to_group':
      return `Add to ${groupName}`;
    case 'remove_from_group':
      return `Remove from ${groupName}`;
    case 'change_role':
      return 'Change role';
    case 'comp':
      return 'Comp';
    case 'remove':
      return `Remove ${who}`;
  }
}

function BulkProgress({
  titleId,
  title,
  phase,
  problem,
  onClose,
}: {
  titleId: string;
  title: string;
  phase: Exclude<Phase, { step: 'configure' }>;
  problem: string | null;
  onClose: () => void;
}) {
  const op = phase.op;
  const finished = phase.step === 'finished';
  return (
    <div className="confirm" data-testid="bulk-progress">
      <h2 id={titleId} className="confirm-title">
        {finished ? (op!.status === 'failed' ? `${title}: stopped` : `${title}: done`) : `${title}…`}
      </h2>
      <div className="confirm-body">
        <ProgressBar done={op?.done ?? 0} total={op ? op.total : null} label={`${title} progress`} />
        <p className="muted">{op ? `${formatCount(op.done)} of ${pluralise(op.total, 'member')}` : 'Starting…'}</p>
        {finished && op && (
          <>
            <dl className="bulk-summary" data-testid="bulk-summary">
              <div>
                <dt>Changed</dt>
                <dd>{formatCount(op.changed)}</dd>
              </div>
              <div>
                <dt>Already so</dt>
                <dd>{formatCount(op.unchanged)}</dd>
              </div>
              <div className={op.failed > 0 ? 'is-failed' : undefined}>
                <dt>Failed</dt>
                <dd>{formatCount(op.failed)}</dd>
              </div>
            </dl>
            {op.error && (
              <p className="field-error" role="alert">
                {op.error}
              </p>
            )}
            {op.failures.length > 0 && (
              <ul className="bulk-failures">
                {op.failures.slice(0, 50).map((f) => (
                  <li key={f.userId}>
                    <code>{f.userId}</code> {f.reason}
                  </li>
                ))}
                {op.failures.length > 50 && <li className="muted">and {formatCount(op.failures.length - 50)} more</li>}
              </ul>
            )}
          </>
        )}
        {problem && !finished && <p className="field-error">{problem}</p>}
      </div>
      <div className="confirm-actions">
        <button type="button" className="button button-primary" onClick={onClose} disabled={!finished}>
          {finished ? 'Done' : 'Working…'}
        </button>
      </div>
    </div>
  );
}
