import { roughly } from './member-labels';
import { formatCount, pluralise } from '../../ui/format';
import { BULK_LABEL, type BulkKind } from './BulkDialog';
import { MemberIcon, type MemberIconName } from './member-icons';
import { MAX_SELECTED, selectedCount, type Selection } from './selection';

const ACTIONS: { kind: BulkKind; icon: MemberIconName }[] = [
  { kind: 'add_to_group', icon: 'group' },
  { kind: 'remove_from_group', icon: 'group' },
  { kind: 'change_role', icon: 'role' },
  { kind: 'comp', icon: 'gift' },
];

/** What to do with the ticked members; "Select all N matching" switches to the whole filter. */
export function BulkBar({
  selection,
  total,
  totalIsEstimate = false,
  onSelectAll,
  onClear,
  onAction,
  onExport,
}: {
  selection: Selection;
  total: number;
  /** `total` is still an estimate: the action itself acts on the exact set the filter selects. */
  totalIsEstimate?: boolean;
  onSelectAll: () => void;
  onClear: () => void;
  onAction: (kind: BulkKind) => void;
  onExport: () => void;
}) {
  const count = selectedCount(selection);
  const all = selection.mode === 'all';
  return (
    <div className="bulk-bar" role="region" aria-label="Selected members" data-testid="bulk-bar">
      <div className="bulk-count">
        <strong aria-live="polite">
          {all ? `All ${totalIsEstimate ? `about ${pluralise(roughly(count), 'member')}` : pluralise(count, 'member')} matching` : `${formatCount(count)} selected`}
        </strong>
        {!all && count < total && (
          <button type="button" className="link-button" onClick={onSelectAll}>
            Select all {totalIsEstimate ? `about ${formatCount(roughly(total))}` : formatCount(total)} matching
          </button>
        )}
        {!all && count >= MAX_SELECTED && <span className="muted">At most {formatCount(MAX_SELECTED)} one by one</span>}
        <button type="button" className="link-button" onClick={onClear}>
          Clear
        </button>
      </div>
      <div className="bulk-actions">
        {ACTIONS.map(({ kind, icon }) => (
          <button key={kind} type="button" className="button button-small" onClick={() => onAction(kind)}>
            <MemberIcon name={icon} size={14} /> {BULK_LABEL[kind]}
          </button>
        ))}
        <button type="button" className="button button-small" onClick={onExport}>
          <MemberIcon name="download" size={14} /> Export
        </button>
        <button type="button" className="button button-small button-danger-quiet" onClick={() => onAction('remove')}>
          <MemberIcon name="userX" size={14} /> Remove
        </button>
      </div>
    </div>
  );
}
