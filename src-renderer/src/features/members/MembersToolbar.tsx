import { forwardRef } from 'react';
import { Icon } from '../../ui/Icon';
import { SegmentedControl } from '../../ui/SegmentedControl';

export type RoleFilter = 'all' | 'ADMIN' | 'MEMBER';

const ROLE_SEGMENTS = [
  { value: 'all', label: 'All' },
  { value: 'ADMIN', label: 'Admins' },
  { value: 'MEMBER', label: 'Members' },
] as const;

interface Props {
  search: string;
  onSearch: (text: string) => void;
  role: RoleFilter;
  onRole: (role: RoleFilter) => void;
}

export const MembersToolbar = forwardRef<HTMLInputElement, Props>(function MembersToolbar({ search, onSearch, role, onRole }, ref) {
  return (
    <div className="toolbar">
      <label className="search-field">
        <Icon name="search" className="search-icon" />
        <input
          ref={ref}
          type="search"
          aria-label="Search members"
          placeholder="Search by name or email"
          value={search}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && search) {
              e.preventDefault();
              onSearch('');
            }
          }}
        />
        {search ? (
          <button type="button" className="search-clear" aria-label="Clear search" title="Clear search" onClick={(e) => {
              onSearch('');
              e.currentTarget.parentElement?.querySelector('input')?.focus();
            }}>
            <Icon name="close" size={14} />
          </button>
        ) : (
          <kbd className="search-hint" aria-hidden="true">
            /
          </kbd>
        )}
      </label>
      <SegmentedControl label="Filter by role" segments={ROLE_SEGMENTS} value={role} onChange={onRole} />
    </div>
  );
});
