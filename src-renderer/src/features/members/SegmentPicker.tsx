import { useId, useState, type FormEvent } from 'react';
import { messageOf } from '../../api/errors';
import { useApiQuery } from '../../api/use-api-query';
import { useServices } from '../../app/services';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Icon } from '../../ui/Icon';
import { Modal } from '../../ui/Modal';
import { Popover } from '../../ui/Popover';
import { cleanFilter, sameFilter, type MemberFilter } from './member-filter';
import { MemberIcon } from './member-icons';
import type { Segment } from './types';

/**
 * Saved segments: pick one to load its filter, save the current filter under a name, delete one.
 * A segment holds the whole filter, search included, as members.list would apply it.
 */
export function SegmentPicker({ filter, onPick }: { filter: MemberFilter; onPick: (segment: Segment) => void }) {
  const { api } = useServices();
  const [version, setVersion] = useState(0);
  const list = useApiQuery(`segments:${version}`, (a, signal) => a.segments.list.query(undefined, { signal }));
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<Segment | null>(null);
  const [deleteProblem, setDeleteProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const segments = list.data ?? [];
  const current = segments.find((s) => sameFilter(s.filter, filter));
  const empty = Object.keys(cleanFilter(filter)).length === 0;

  async function remove(segment: Segment) {
    setBusy(true);
    setDeleteProblem(null);
    try {
      await api.segments.delete.mutate({ id: segment.id });
      setDeleting(null);
      setVersion((v) => v + 1);
    } catch (err) {
      setDeleteProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Popover
        trigger={
          <>
            <MemberIcon name="bookmark" size={14} />
            <span className="segment-trigger-text">{current ? current.name : 'Segments'}</span>
            <Icon name="chevronDown" size={13} />
          </>
        }
        label={current ? `Segment: ${current.name}. Choose a segment` : 'Segments'}
        buttonClassName={current ? 'button button-small is-current-segment' : 'button button-small'}
        role="menu"
        panelClassName="segment-menu"
        align="end"
      >
        {(close) => (
          <div className="menu-list">
            <div className="menu-heading">Saved segments</div>
            {list.loading && !list.data && <p className="menu-note">Loading…</p>}
            {list.error !== undefined && <p className="menu-note field-error">{messageOf(list.error)}</p>}
            {list.data && segments.length === 0 && <p className="menu-note">None yet. Filter the list, then save it here to use it again (and as a campaign audience).</p>}
            {segments.map((segment) => (
              <div key={segment.id} className="segment-item">
                <button
                  type="button"
                  role="menuitemradio"
                  aria-checked={segment.id === current?.id}
                  className="menu-item"
                  onClick={() => {
                    onPick(segment);
                    close();
                  }}
                >
                  <span className="segment-name">{segment.name}</span>
                  {segment.id === current?.id && <Icon name="check" size={15} className="menu-check" />}
                </button>
                <button
                  type="button"
                  className="icon-button segment-delete"
                  aria-label={`Delete segment ${segment.name}`}
                  title="Delete segment"
                  onClick={() => {
                    close();
                    setDeleteProblem(null);
                    setDeleting(segment);
                  }}
                >
                  <MemberIcon name="trash" size={14} />
                </button>
              </div>
            ))}
            <div className="menu-separator" />
            <button
              type="button"
              role="menuitem"
              className="menu-item"
              disabled={empty || current !== undefined}
              title={empty ? 'Add a filter or a search first' : current ? 'This filter is saved already' : undefined}
              onClick={() => {
                close();
                setSaving(true);
              }}
            >
              <Icon name="plus" size={14} /> Save current filter…
            </button>
          </div>
        )}
      </Popover>
      {saving && (
        <SaveSegmentDialog
          filter={filter}
          onClose={() => setSaving(false)}
          onSaved={() => {
            setSaving(false);
            setVersion((v) => v + 1);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the segment “${deleting.name}”?`}
          confirmLabel="Delete segment"
          busy={busy}
          problem={deleteProblem}
          onCancel={() => setDeleting(null)}
          onConfirm={() => void remove(deleting)}
        >
          <p>The members stay as they are; only the saved filter goes. Campaigns that used it as an audience will need another one.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function SaveSegmentDialog({ filter, onClose, onSaved }: { filter: MemberFilter; onClose: () => void; onSaved: (segment: Segment) => void }) {
  const { api } = useServices();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const titleId = useId();
  const inputId = useId();

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setProblem('Give the segment a name.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      onSaved(await api.segments.create.mutate({ name: name.trim(), filter: cleanFilter(filter) }));
    } catch (err) {
      setProblem(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <Modal labelledBy={titleId} onRequestClose={() => !busy && onClose()} initialFocus={`[id="${inputId}"]`}>
      <form className="confirm dialog-form" onSubmit={save} noValidate>
        <h2 id={titleId} className="confirm-title">
          Save as a segment
        </h2>
        <div className="confirm-body">
          <p>The current filter gets a name, so you can come back to it and use it as a campaign audience.</p>
          <label className="field-label" htmlFor={inputId}>
            Name
          </label>
          <input id={inputId} className={problem ? 'input has-error' : 'input'} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} placeholder="e.g. Paid members inactive for 90 days" />
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
        </div>
        <div className="confirm-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save segment'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
