import { memo, type MouseEvent } from 'react';
import type { MemberRowData } from '../../api/types';
import { Avatar } from '../../ui/Avatar';
import { Checkbox } from '../../ui/Checkbox';
import { formatDate, formatRelative } from '../../ui/format';
import { Pill } from '../../ui/Pill';
import type { MemberSort, MemberSortField } from './member-filter';
import { JOIN_SOURCE_LABEL, ROLE_LABEL, SUBSCRIPTION_LABEL, TIER_LABEL, TIER_TONE } from './member-labels';
import { SortArrow } from './member-icons';

interface Column {
  label: string;
  cell: string;
  sort?: MemberSortField;
}

export const COLUMNS: readonly Column[] = [
  { label: 'Member', cell: 'cell-member', sort: 'name' },
  { label: 'Email', cell: 'cell-email', sort: 'email' },
  { label: 'Role', cell: 'cell-role' },
  { label: 'Source', cell: 'cell-source' },
  { label: 'Plan', cell: 'cell-plan' },
  { label: 'Joined', cell: 'cell-joined', sort: 'joinedAt' },
  { label: 'Last active', cell: 'cell-active', sort: 'lastActiveAt' },
];

export function rowId(index: number): string {
  return `member-row-${index}`;
}

/** Where a row sits in the block of rows (px); undefined in the static loading table. */
function rowStyle(top: number | undefined) {
  return top === undefined ? undefined : { transform: `translateY(${top}px)` };
}

/** Memoised: while it stays on screen, a row re-renders only when its member, ticks or focus change. */
export const MemberRow = memo(function MemberRow({
  member,
  index,
  top,
  active,
  selected,
  now,
  onPick,
  onToggle,
}: {
  member: MemberRowData;
  index: number;
  top: number;
  active: boolean;
  selected: boolean;
  now: number;
  onPick: (index: number, member: MemberRowData) => void;
  onToggle: (index: number, member: MemberRowData, event: MouseEvent) => void;
}) {
  const status = member.subscriptionStatus ? SUBSCRIPTION_LABEL[member.subscriptionStatus] : null;
  const className = `members-row${active ? ' is-active' : ''}${selected ? ' is-selected' : ''}`;
  return (
    <div
      role="row"
      id={rowId(index)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="member-row"
      data-user-id={member.userId}
      className={className}
      style={rowStyle(top)}
      onClick={() => onPick(index, member)}
    >
      <div role="gridcell" className="cell cell-check" onClick={(e) => e.stopPropagation()}>
        <Checkbox checked={selected} label={`Select ${member.name}`} onChange={(e) => onToggle(index, member, e)} />
      </div>
      <div role="gridcell" className="cell cell-member">
        <Avatar name={member.name} seed={member.userId} />
        <span className="member-name" title={member.name}>
          {member.name}
        </span>
      </div>
      <div role="gridcell" className="cell cell-email" title={member.email}>
        {member.email}
      </div>
      <div role="gridcell" className="cell cell-role">
        <Pill tone={member.role === 'ADMIN' ? 'accent' : 'neutral'}>{ROLE_LABEL[member.role]}</Pill>
      </div>
      <div role="gridcell" className="cell cell-source">
        {JOIN_SOURCE_LABEL[member.joinSource]}
      </div>
      <div role="gridcell" className="cell cell-plan">
        <Pill tone={TIER_TONE[member.tier]} title={member.compedUntil ? `Comped until ${formatDate(member.compedUntil)}` : undefined}>
          {TIER_LABEL[member.tier]}
        </Pill>
        {status && <span className={`plan-status tone-${status.tone}`}>{status.label}</span>}
      </div>
      <div role="gridcell" className="cell cell-joined">
        {formatDate(member.joinedAt)}
      </div>
      <div role="gridcell" className="cell cell-active" title={member.lastActiveAt ? formatDate(member.lastActiveAt) : undefined}>
        {formatRelative(member.lastActiveAt, now)}
      </div>
    </div>
  );
});

/** Stands in for a row whose page is still on its way. */
export const SkeletonRow = memo(function SkeletonRow({ index, top }: { index: number; top?: number }) {
  // Vary the bar widths a little so a screen of skeletons does not look like a barcode.
  const w = 40 + ((index * 37) % 35);
  return (
    <div role="row" aria-rowindex={index + 2} aria-busy="true" className="members-row is-skeleton" style={rowStyle(top)}>
      <div role="gridcell" className="cell cell-check">
        <span className="skeleton skeleton-check" />
      </div>
      <div role="gridcell" className="cell cell-member">
        <span className="skeleton skeleton-avatar" />
        <span className="skeleton" style={{ width: `${w}%` }} />
      </div>
      <div role="gridcell" className="cell cell-email">
        <span className="skeleton" style={{ width: `${w + 15}%` }} />
      </div>
      <div role="gridcell" className="cell cell-role">
        <span className="skeleton skeleton-pill" />
      </div>
      <div role="gridcell" className="cell cell-source">
        <span className="skeleton" style={{ width: '60%' }} />
      </div>
      <div role="gridcell" className="cell cell-plan">
        <span className="skeleton skeleton-pill" />
      </div>
      <div role="gridcell" className="cell cell-joined">
        <span className="skeleton" style={{ width: '70%' }} />
      </div>
      <div role="gridcell" className="cell cell-active">
        <span className="skeleton" style={{ width: '55%' }} />
      </div>
    </div>
  );
});

export interface HeaderSelection {
  checked: boolean;
  indeterminate: boolean;
  onToggle: () => void;
}

export function HeaderRow({ sort, onSort, selection }: { sort?: MemberSort; onSort?: (field: MemberSortField) => void; selection?: HeaderSelection }) {
  return (
    <div role="row" aria-rowindex={1} className="members-row members-head">
      <div role="columnheader" className="cell cell-check">
        {selection && (
          <Checkbox
            checked={selection.checked}
            indeterminate={selection.indeterminate}
            label={selection.checked || selection.indeterminate ? 'Clear the selection' : 'Select the members shown'}
            onChange={selection.onToggle}
          />
        )}
      </div>
      {COLUMNS.map((column) => {
        const sorted = sort && column.sort === sort.field ? sort.direction : null;
        return (
          <div
            key={column.label}
            role="columnheader"
            className={`cell ${column.cell}`}
            aria-sort={column.sort ? (sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none') : undefined}
          >
            {column.sort && onSort ? (
              <button type="button" className={sorted ? 'sort-button is-sorted' : 'sort-button'} onClick={() => onSort(column.sort!)}>
                {column.label}
                <SortArrow direction={sorted} />
              </button>
            ) : (
              column.label
            )}
          </div>
        );
      })}
    </div>
  );
}
