import { useState } from 'react';
import { messageOf } from '@renderer/api/errors';
import { useServices } from '@renderer/app/services';
import { formatCount, pluralise } from '@renderer/ui/format';
import { Tabs } from '@renderer/ui/Tabs';
import type { ImportPreview } from '../types';
import { Count } from './ImportCount';

type RowStatus = 'error' | 'new' | 'updated' | 'unchanged';
type PreviewRow = ImportPreview['rows'][number];

const TAB_LABEL: Record<RowStatus, string> = { error: 'Errors', new: 'New', updated: 'Updated', unchanged: 'Unchanged' };
const PAGE = 50;

/** The dry run's verdict: counts, the rows of each kind (errors first, with reasons), and the commit choice. */
export function PreviewStep({
  preview,
  onBack,
  onCommit,
  onDownloadReport,
  reportBusy,
  committing,
}: {
  committing: boolean;
  preview: ImportPreview;
  onBack: () => void;
  /** grantAdmin: the owner ticked the box that lets rows asking for ADMIN have it. */
  onCommit: (mode: 'all_or_nothing' | 'valid_rows', grantAdmin: boolean) => void;
  onDownloadReport: () => void;
  reportBusy: boolean;
}) {
  const { api } = useServices();
  const { summary } = preview;
  const first: RowStatus = summary.error > 0 ? 'error' : summary.new > 0 ? 'new' : summary.updated > 0 ? 'updated' : 'unchanged';
  const [tab, setTab] = useState<RowStatus>(first);
  // The preview came with the first page of errors; other kinds are read when their tab opens.
  const [rows, setRows] = useState<Partial<Record<RowStatus, { rows: PreviewRow[]; matching: number; page: number }>>>(() => ({
    error: { rows: preview.rows, matching: preview.matching, page: 1 },
  }));
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const valid = summary.new + summary.updated + summary.unchanged;
  const [grantAdmin, setGrantAdmin] = useState(false);

  async function load(status: RowStatus, page: number) {
    setLoading(true);
    setProblem(null);
    try {
      const answer = await api.members.import.preview.mutate({ importId: preview.importId, status, page, limit: PAGE });
      setRows((r) => ({ ...r, [status]: { rows: page === 1 ? answer.rows : [...(r[status]?.rows ?? []), ...answer.rows], matching: answer.matching, page } }));
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setLoading(false);
    }
  }

  function choose(status: RowStatus) {
    setTab(status);
    if (!rows[status]) void load(status, 1);
  }

  const shown = rows[tab];
  const commit = (mode: 'all_or_nothing' | 'valid_rows') => onCommit(mode, summary.adminGrants > 0 && grantAdmin);

  return (
    <div className="import-preview" data-testid="import-preview">
      <dl className="import-counts">
        <Count label="New" value={summary.new} tone="new" />
        <Count label="Updated" value={summary.updated} tone="updated" />
        <Count label="Unchanged" value={summary.unchanged} tone="unchanged" />
        <Count label="Errors" value={summary.error} tone="error" />
      </dl>
      {summary.groupsToCreate.length > 0 && <p className="muted">Groups to create: {summary.groupsToCreate.join(', ')}</p>}

      <Tabs
        label="Rows by verdict"
        idPrefix={`import-${preview.importId}`}
        tabs={(['error', 'new', 'updated', 'unchanged'] as const).map((s) => ({ value: s, label: TAB_LABEL[s], badge: formatCount(summary[s]) }))}
        value={tab}
        onChange={choose}
      />
      <div className="import-rows" role="tabpanel" id={`import-${preview.importId}-panel-${tab}`} aria-labelledby={`import-${preview.importId}-tab-${tab}`}>
        {!shown ? (
          <p className="muted">{loading ? 'Loading…' : ''}</p>
        ) : shown.rows.length === 0 ? (
          <p className="muted">{tab === 'error' ? 'No errors: every row can be imported.' : `No ${TAB_LABEL[tab].toLowerCase()} rows.`}</p>
        ) : (
          <table className="import-table">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Email</th>
                <th scope="col">{tab === 'error' ? 'Reason' : 'What changes'}</th>
              </tr>
            </thead>
            <tbody>
              {shown.rows.map((row) => (
                <tr key={row.row} className={row.status === 'error' ? 'is-error' : undefined} data-testid={`preview-row-${row.status}`}>
                  <td className="num">{row.row}</td>
                  <td className="email">{row.email ?? <span className="muted">—</span>}</td>
                  <td>
                    {row.status === 'error' ? row.error : row.changes.length > 0 ? row.changes.join(' · ') : <span className="muted">nothing</span>}
                    {row.warnings.map((w) => (
                      <span key={w} className="import-row-warning" data-testid="preview-row-warning">
                        {' '}⚠ {w}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {shown && shown.rows.length < shown.matching && (
          <button type="button" className="link-button" disabled={loading} onClick={() => void load(tab, shown.page + 1)}>
            {loading ? 'Loading…' : `Show more (${formatCount(shown.matching - shown.rows.length)} left)`}
          </button>
        )}
        {problem && <p className="field-error">{problem}</p>}
      </div>

      {summary.error > 0 && (
        <p className="import-error-note">
          {pluralise(summary.error, 'row')} cannot be imported as they are.{' '}
          <button type="button" className="link-button" onClick={onDownloadReport} disabled={reportBusy}>
            {reportBusy ? 'Preparing…' : 'Download error report'}
          </button>
        </p>
      )}
      {summary.adminGrants > 0 && (
        <div className="banner banner-warning import-admin-grants" role="note" data-testid="import-admin-grants">
          <span>
            {pluralise(summary.adminGrants, 'row')} {summary.adminGrants === 1 ? 'asks' : 'ask'} for the ADMIN role. Admins can change everything in
            this community. Unless you allow it, these people are imported as members and existing members keep their role.
          </span>
          <label>
            <input type="checkbox" className="checkbox" checked={grantAdmin} onChange={(e) => setGrantAdmin(e.target.checked)} disabled={committing} /> Also grant ADMIN to{' '}
            {summary.adminGrants === 1 ? 'this row' : `these ${formatCount(summary.adminGrants)} rows`}
          </label>
        </div>
      )}
      {summary.namesKept > 0 && (
        <p className="muted">
          {pluralise(summary.namesKept, 'name')} will not change: those people also belong to another community on this console, which shows the same
          name.
        </p>
      )}
      <div className="confirm-actions">
        <button type="button" className="button" onClick={onBack} disabled={committing}>
          Back to mapping
        </button>
        <button
          type="button"
          className={summary.error > 0 ? 'button' : 'button button-primary'}
          disabled={committing || summary.error > 0 || valid === 0}
          title={summary.error > 0 ? 'The file has errors: all or nothing would import nothing' : undefined}
          onClick={() => commit('all_or_nothing')}
        >
          Import all {formatCount(summary.total)} rows
        </button>
        {summary.error > 0 && (
          <button type="button" className="button button-primary" disabled={committing || valid === 0} onClick={() => commit('valid_rows')}>
            Import the {formatCount(valid)} valid rows
          </button>
        )}
      </div>
    </div>
  );
}
