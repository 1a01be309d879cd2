import { useEffect, useEffectEvent, useId, useState } from 'react';
import { isAbort, messageOf } from '../../api/errors';
import type { ApiClient } from '../../api/types';
import { useServices } from '../../app/services';
import { datedFileName, downloadText } from '../../ui/download';
import { pluralise } from '../../ui/format';
import { Modal } from '../../ui/Modal';
import { ProgressBar } from '../../ui/ProgressBar';
import type { MemberTarget } from './selection';

const EXPORT_PAGE = 5_000;

/** Reads an export page by page (each a CSV piece; the first has the header row). */
export async function exportCsv(api: ApiClient, target: MemberTarget, signal: AbortSignal, onRows: (rows: number) => void): Promise<{ parts: string[]; rows: number }> {
  const parts: string[] = [];
  let rows = 0;
  let cursor: string | undefined;
  do {
    const page = await api.members.export.mutate({ ...target, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) }, { signal });
    parts.push(page.csv);
    rows += page.rows;
    onRows(rows);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && !signal.aborted);
  return { parts, rows };
}

/** Exports a filter or a selection as CSV, with progress, and hands the file over when done. */
export function ExportDialog({ target, expected, onClose }: { target: MemberTarget; expected: number; onClose: () => void }) {
  const { api } = useServices();
  const [rows, setRows] = useState(0);
  const [state, setState] = useState<{ phase: 'running' } | { phase: 'done'; fileName: string; rows: number } | { phase: 'failed'; message: string }>({ phase: 'running' });
  const [attempt, setAttempt] = useState(0);
  const titleId = useId();
  const run = useEffectEvent((signal: AbortSignal) => exportCsv(api, target, signal, setRows));

  useEffect(() => {
    const controller = new AbortController();
    run(controller.signal).then(
      ({ parts, rows: total }) => {
        if (controller.signal.aborted) return;
        const fileName = datedFileName('members');
        downloadText(fileName, parts);
        setState({ phase: 'done', fileName, rows: total });
      },
      (err: unknown) => {
        if (!controller.signal.aborted && !isAbort(err)) setState({ phase: 'failed', message: messageOf(err) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  return (
    <Modal labelledBy={titleId} onRequestClose={onClose}>
      <div className="confirm" data-testid="export-dialog">
        <h2 id={titleId} className="confirm-title">
          {state.phase === 'done' ? 'Export ready' : state.phase === 'failed' ? 'The export stopped' : `Exporting ${pluralise(expected, 'member')}…`}
        </h2>
        <div className="confirm-body">
          {state.phase === 'running' && (
            <>
              <ProgressBar done={rows} total={expected} label="Export progress" />
              <p className="muted">{pluralise(rows, 'row')} written</p>
            </>
          )}
          {state.phase === 'done' && (
            <p>
              <strong>{state.fileName}</strong> holds {pluralise(state.rows, 'member')}. It opens in any spreadsheet, and imports back here or into Ghost.
            </p>
          )}
          {state.phase === 'failed' && (
            <p className="field-error" role="alert">
              {state.message}
            </p>
          )}
        </div>
        <div className="confirm-actions">
          {state.phase === 'failed' && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setRows(0);
                setState({ phase: 'running' });
                setAttempt((n) => n + 1);
              }}
            >
              Try again
            </button>
          )}
          <button type="button" className={state.phase === 'done' ? 'button button-primary' : 'button'} onClick={onClose}>
            {state.phase === 'running' ? 'Cancel' : 'Close'}
          </button>
        </div>
      </div>
    </Modal>
  );
}
