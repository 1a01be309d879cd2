import type { CSSProperties } from 'react';
import type { MemberRowData } from '../../api/types';
import { Avatar } from '../../ui/Avatar';
import { formatDate, formatRelative } from '../../ui/format';
import { Pill } from '../../ui/Pill';
import { JOIN_SOURCE_LABEL, ROLE_LABEL, SUBSCRIPTION_LABEL } from './member-labels';

export const COLUMNS = [
  { label: 'Member', cell: 'cell-member' },
  { label: 'Email', cell: 'cell-email' },
  { label: 'Role', cell: 'cell-role' },
  { label: 'Source', cell: 'cell-source' },
  { label: 'Plan', cell: 'cell-plan' },
  { label: 'Joined', cell: 'cell-joined' },
  { label: 'Last active', cell: 'cell-active' },
] as const;

export function rowId(index: number): string {
  return `member-row-${index}`;
}

interface RowProps {
  index: number;
  style: CSSProperties;
  active: boolean;
}

export function MemberRow({ member, index, style, active, now, onPick }: RowProps & { member: MemberRowData; now: number; onPick: (index: number) => void }) {
  const status = member.subscriptionStatus ? SUBSCRIPTION_LABEL[member.subscriptionStatus] : null;
  return (
    <div
      role="row"
      id={rowId(index)}
      aria-rowindex={index + 2}
      aria-selected={active}
      data-testid="member-row"
      className={active ? 'members-row is-active' : 'members-row'}
      style={style}
      onMouseDown={() => onPick(index)}
    >
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
        <Pill tone={member.isFreeMember ? 'neutral' : 'success'}>{member.isFreeMember ? 'Free' : 'Paid'}</Pill>
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
}

/** Stands in for a row whose page is still on its way. */
export function SkeletonRow({ index, style }: { index: number; style: CSSProperties }) {
  // Vary the bar widths a little so a screen of skeletons does not look like a barcode.
  const w = 40 + ((index * 37) % 35);
  return (
    <div role="row" aria-rowindex={index + 2} aria-busy="true" className="members-row is-skeleton" style={style}>
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
}

export function HeaderRow() {
  return (
    <div role="row" aria-rowindex={1} className="members-row members-head">
      {COLUMNS.map((column) => (
        <div key={column.label} role="columnheader" className={`cell ${column.cell}`}>
          {column.label}
        </div>
      ))}
    </div>
  );
}
