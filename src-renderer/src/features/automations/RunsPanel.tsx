import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { LoadFailed } from '../../ui/LoadFailed';
import { Pill } from '../../ui/Pill';
import { formatDateTime } from '../../ui/format';
import { RUN_STATUS, STEP_LABELS, type RunView } from './words';
import './automations.css';

const STEP_TONE = { pending: 'neutral', running: 'info', retrying: 'warning', done: 'success', skipped: 'neutral', failed: 'danger' } as const;

/** The run log of an automation (or of one member): newest first, each run's steps with what they did. */
export function RunsPanel({ automationId, userId }: { automationId?: string; userId?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const filter = automationId ? { automationId } : { userId: userId! };
  const runs = useInfiniteQuery(
    trpc.automations.runs.infiniteQueryOptions({ ...filter, limit: 25 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const cancel = useMutation(trpc.automations.cancelRun.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries(trpc.automations.pathFilter()) }));
  const [openRun, setOpenRun] = useState<string | null>(null);
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];

  if (runs.error && !runs.data) return <LoadFailed inline what="Runs" error={runs.error} onRetry={() => void runs.refetch()} />;
  if (!runs.data) return <p className="muted" role="status">Loading runs…</p>;
  if (items.length === 0) return <p className="muted automation-runs-empty">No runs yet. A run starts when the trigger happens for a member while the automation is on.</p>;

  return (
    <div className="automation-runs">
      <table className="automation-runs-table" aria-label="Runs">
        <thead>
          <tr>
            <th scope="col">{automationId ? 'Member' : 'Automation'}</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Progress</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((run) => (
            <RunRow key={run.id} run={run} byMember={!!automationId} open={openRun === run.id} onToggle={() => setOpenRun(openRun === run.id ? null : run.id)} onCancel={() => cancel.mutate({ runId: run.id })} canceling={cancel.isPending} />
          ))}
        </tbody>
      </table>
      {cancel.error && (
        <p className="field-error" role="alert">
          {messageOf(cancel.error)}
        </p>
      )}
      {runs.hasNextPage && (
        <button type="button" className="button button-small" disabled={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
          Show more runs
        </button>
      )}
    </div>
  );
}

function RunRow({ run, byMember, open, onToggle, onCancel, canceling }: { run: RunView; byMember: boolean; open: boolean; onToggle: () => void; onCancel: () => void; canceling: boolean }) {
  const status = RUN_STATUS[run.status];
  const finished = run.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
  const active = run.status === 'running' || run.status === 'waiting';
  const retrying = run.steps.find((s) => s.status === 'retrying');
  return (
    <>
      <tr data-testid={`run-${run.id}`}>
        <td>
          {byMember ? (
            <>
              <strong>{run.memberName}</strong> <span className="muted">{run.memberEmail}</span>
            </>
          ) : (
            run.automationName
          )}
        </td>
        <td>
          <Pill tone={status.tone}>{status.label}</Pill>
          {run.endedReason && <div className="muted automation-run-reason">{run.endedReason}</div>}
          {retrying && <div className="muted automation-run-reason">Retrying: {retrying.error}</div>}
        </td>
        <td>{formatDateTime(run.startedAt)}</td>
        <td>
          {finished} of {run.steps.length} steps
        </td>
        <td>
          <span className="automation-run-actions">
            <button type="button" className="button button-small" aria-expanded={open} onClick={onToggle}>
              {open ? 'Hide log' : 'Log'}
            </button>
            {active && (
              <button type="button" className="button button-small" disabled={canceling} onClick={onCancel}>
                Cancel run
              </button>
            )}
          </span>
        </td>
      </tr>
      {open && (
        <tr className="automation-run-log">
          <td colSpan={5}>
            <ol>
              {run.steps.map((s) => (
                <li key={s.index}>
                  <Pill tone={STEP_TONE[s.status]}>{s.status === 'done' ? 'Done' : s.status.charAt(0).toUpperCase() + s.status.slice(1)}</Pill>{' '}
                  <strong>{STEP_LABELS[s.type as keyof typeof STEP_LABELS] ?? s.type}</strong>
                  {s.detail && <> — {s.detail}</>}
                  {s.error && <span className="field-error"> — {s.error}</span>}
                  {s.attempts > 1 && <span className="muted"> ({s.attempts} attempts)</span>}
                  {s.finishedAt && <span className="muted"> · {formatDateTime(s.finishedAt)}</span>}
                </li>
              ))}
            </ol>
          </td>
        </tr>
      )}
    </>
  );
}
