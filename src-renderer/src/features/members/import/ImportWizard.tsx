import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { isAbort, messageOf } from '@renderer/api/errors';
import { useTRPC } from '@renderer/api/query';
import { useServices } from '@renderer/app/services';
import { downloadText } from '@renderer/ui/download';
import { formatCount, pluralise } from '@renderer/ui/format';
import { Modal } from '@renderer/ui/Modal';
import { ProgressBar } from '@renderer/ui/ProgressBar';
import { MemberIcon } from '../member-icons';
import type { ImportMapping, ImportPreview, ImportView } from '../types';
import { Count } from './ImportCount';
import { MappingStep } from './MappingStep';
import { PreviewStep } from './PreviewStep';
import { uploadFile } from './upload';

type Step =
  | { name: 'choose' }
  | { name: 'uploading'; file: File; read: number }
  | { name: 'checking'; label: string }
  | { name: 'mapping'; preview: ImportPreview }
  | { name: 'preview'; preview: ImportPreview }
  | { name: 'committing'; importId: string; view: ImportView | null }
  | { name: 'result'; view: ImportView };

/**
 * The CSV import: choose a file → upload it in pieces → map its columns → dry run (new, updated,
 * unchanged, error per row) → commit all or only the valid rows → progress → result, with the
 * rows not imported downloadable as a CSV to fix and upload again.
 */
export function ImportWizard({ onClose }: { onClose: (imported: boolean) => void }) {
  const { api } = useServices();
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const [problem, setProblem] = useState<string | null>(null);
  const [reportBusy, setReportBusy] = useState(false);
  const [commitBusy, setCommitBusy] = useState(false);
  const controllerRef = useRef<AbortController | null>(null);
  const titleId = useId();

  useEffect(() => () => controllerRef.current?.abort(), []);

  async function start(file: File) {
    setProblem(null);
    const controller = new AbortController();
    controllerRef.current = controller;
    setStep({ name: 'uploading', file, read: 0 });
    try {
      const uploaded = await uploadFile(api, file, (read) => setStep({ name: 'uploading', file, read }), controller.signal);
      if (uploaded.status === 'failed') throw new Error(uploaded.error ?? 'The file could not be read.');
      setStep({ name: 'checking', label: `Reading ${pluralise(uploaded.rowCount, 'row')}…` });
      const preview = await api.members.import.preview.mutate({ importId: uploaded.importId, status: 'error', limit: 50 }, { signal: controller.signal });
      setStep({ name: 'mapping', preview });
    } catch (err) {
      if (controller.signal.aborted || isAbort(err)) return;
      setProblem(messageOf(err));
      setStep({ name: 'choose' });
    }
  }

  async function runPreview(previous: ImportPreview, mapping: ImportMapping) {
    setProblem(null);
    const changed = JSON.stringify(mapping) !== JSON.stringify(previous.mapping);
    if (!changed) {
      setStep({ name: 'preview', preview: previous });
      return;
    }
    setStep({ name: 'checking', label: `Checking ${pluralise(previous.summary.total, 'row')} with your mapping…` });
    try {
      const preview = await api.members.import.preview.mutate({ importId: previous.importId, mapping, status: 'error', limit: 50 });
      setStep({ name: 'preview', preview });
    } catch (err) {
      setProblem(messageOf(err));
      setStep({ name: 'mapping', preview: previous });
    }
  }

  async function commit(preview: ImportPreview, mode: 'all_or_nothing' | 'valid_rows', grantAdmin: boolean) {
    setProblem(null);
    setCommitBusy(true);
    try {
      const view = await api.members.import.commit.mutate({ importId: preview.importId, mode, grantAdmin });
      setStep(view.status === 'committed' || view.status === 'failed' ? { name: 'result', view } : { name: 'committing', importId: preview.importId, view });
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setCommitBusy(false);
    }
  }

  // Progress: members.import.get, read again whenever the core pushes that this import moved.
  const committingId = step.name === 'committing' ? step.importId : null;
  const trpc = useTRPC();
  const progress = useQuery({
    queryKey: trpc.members.import.get.queryKey({ importId: committingId ?? '' }),
    queryFn: ({ signal }) => api.members.import.get.query({ importId: committingId! }, { signal }),
    enabled: committingId !== null,
  });
  if (committingId && step.name === 'committing' && progress.data && progress.data.importId === committingId && progress.data !== step.view) {
    const view = progress.data;
    setStep(view.status === 'committed' || view.status === 'failed' ? { name: 'result', view } : { name: 'committing', importId: committingId, view });
  }
  const shownProblem = problem ?? (committingId && progress.error ? messageOf(progress.error) : null);

  async function downloadReport(importId: string) {
    setReportBusy(true);
    try {
      const report = await api.members.import.errorReport.query({ importId });
      downloadText(report.fileName, report.csv);
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setReportBusy(false);
    }
  }

  const working = step.name === 'uploading' || step.name === 'checking' || step.name === 'committing';
  const finished = step.name === 'result';
  const close = () => {
    controllerRef.current?.abort();
    onClose(finished && (step.view.result?.created ?? 0) + (step.view.result?.updated ?? 0) > 0);
  };

  return (
    <Modal labelledBy={titleId} onRequestClose={() => step.name !== 'committing' && close()} className="import-dialog">
      <div className="import-frame" data-testid="import-wizard">
        <header className="import-header">
          <h2 id={titleId} className="confirm-title">
            Import members
          </h2>
          <Steps current={step.name} />
        </header>
        <div className="import-body">
          {shownProblem && (
            <p className="banner banner-danger" role="alert">
              <span>{shownProblem}</span>
            </p>
          )}
          {step.name === 'choose' && <ChooseFile onFile={(file) => void start(file)} />}
          {step.name === 'uploading' && (
            <div className="import-working">
              <p>
                Uploading <strong>{step.file.name}</strong>
              </p>
              <ProgressBar done={step.read} total={step.file.size} label="Upload progress" />
              <p className="muted">
                {formatBytes(step.read)} of {formatBytes(step.file.size)}
              </p>
            </div>
          )}
          {step.name === 'checking' && (
            <div className="import-working">
              <p>{step.label}</p>
              <ProgressBar done={0} total={null} label="Checking the file" />
              <p className="muted">Nothing is written yet: this is a dry run.</p>
            </div>
          )}
          {step.name === 'mapping' && <MappingStep preview={step.preview} onBack={() => setStep({ name: 'choose' })} onNext={(mapping) => void runPreview(step.preview, mapping)} />}
          {step.name === 'preview' && (
            <PreviewStep
              preview={step.preview}
              onBack={() => setStep({ name: 'mapping', preview: step.preview })}
              onCommit={(mode, grantAdmin) => void commit(step.preview, mode, grantAdmin)}
              onDownloadReport={() => void downloadReport(step.preview.importId)}
              reportBusy={reportBusy}
              committing={commitBusy}
            />
          )}
          {step.name === 'committing' && (
            <div className="import-working">
              <p>Importing…</p>
              <ProgressBar done={step.view?.progress.done ?? 0} total={step.view ? step.view.progress.total : null} label="Import progress" />
              <p className="muted">{step.view ? `${formatCount(step.view.progress.done)} of ${pluralise(step.view.progress.total, 'row')}` : 'Starting…'}</p>
            </div>
          )}
          {step.name === 'result' && <ImportResultView view={step.view} onDownloadReport={() => void downloadReport(step.view.importId)} reportBusy={reportBusy} />}
        </div>
        {(step.name === 'choose' || working || finished) && (
          <footer className="confirm-actions import-footer">
            <button type="button" className={finished ? 'button button-primary' : 'button'} onClick={close} disabled={step.name === 'committing'}>
              {finished ? 'Done' : 'Cancel'}
            </button>
          </footer>
        )}
      </div>
    </Modal>
  );
}

const STEP_NAMES = ['Upload', 'Map columns', 'Preview', 'Import'] as const;

function Steps({ current }: { current: Step['name'] }) {
  const at = { choose: 0, uploading: 0, checking: 1, mapping: 1, preview: 2, committing: 3, result: 3 }[current];
  return (
    <ol className="import-steps">
      {STEP_NAMES.map((name, i) => (
        <li key={name} className={i < at ? 'is-done' : i === at ? 'is-current' : undefined} aria-current={i === at ? 'step' : undefined}>
          <span className="import-step-number">{i + 1}</span>
          {name}
        </li>
      ))}
    </ol>
  );
}

function ChooseFile({ onFile }: { onFile: (file: File) => void }) {
  const inputId = useId();
  const [over, setOver] = useState(false);
  const pick = (files: FileList | null) => {
    const file = files?.[0];
    if (file) onFile(file);
  };
  return (
    <div
      className={over ? 'dropzone is-over' : 'dropzone'}
      onDragOver={(e: DragEvent) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e: DragEvent) => {
        e.preventDefault();
        setOver(false);
        pick(e.dataTransfer.files);
      }}
    >
      <MemberIcon name="upload" size={26} />
      <p>
        <label htmlFor={inputId} className="link-button">
          Choose a CSV file
        </label>{' '}
        or drop it here
      </p>
      <p className="muted">
        One member per row, with at least an <code>email</code> column. Our own export and Ghost’s member export are recognised as they are; other columns
        can be mapped next. Members are matched by email, so importing the same file twice changes nothing.
      </p>
      <input id={inputId} type="file" accept=".csv,text/csv" className="visually-hidden" onChange={(e: ChangeEvent<HTMLInputElement>) => pick(e.target.files)} />
    </div>
  );
}

function ImportResultView({ view, onDownloadReport, reportBusy }: { view: ImportView; onDownloadReport: () => void; reportBusy: boolean }) {
  const r = view.result;
  const notImported = (r?.skipped ?? 0) + (r?.failed ?? 0);
  return (
    <div className="import-result" data-testid="import-result">
      {view.status === 'failed' ? (
        <p className="banner banner-danger" role="alert">
          <span>The import stopped: {view.error ?? 'unknown reason'}. Nothing after the last completed batch was written.</span>
        </p>
      ) : (
        <p className="import-result-lead">
          <strong>{view.fileName ?? 'The file'}</strong> is imported.
        </p>
      )}
      {r && (
        <dl className="import-counts">
          <Count label="Created" value={r.created} tone="new" />
          <Count label="Updated" value={r.updated} tone="updated" />
          <Count label="Unchanged" value={r.unchanged} tone="unchanged" />
          <Count label="Not imported" value={notImported} tone="error" />
        </dl>
      )}
      {r && r.groupsCreated.length > 0 && <p className="muted">New groups: {r.groupsCreated.join(', ')}</p>}
      {notImported > 0 && (
        <p>
          <button type="button" className="link-button" onClick={onDownloadReport} disabled={reportBusy}>
            <MemberIcon name="download" size={14} /> {reportBusy ? 'Preparing…' : 'Download error report'}
          </button>{' '}
          <span className="muted">— the rows not imported with the reason, ready to fix and upload again.</span>
        </p>
      )}
    </div>
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
