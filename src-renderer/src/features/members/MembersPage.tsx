import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api/errors';
import { EmptyState } from '../../ui/EmptyState';
import { pluralise } from '../../ui/format';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { MemberTable, MemberTableLoading } from './MemberTable';
import { MembersToolbar, type RoleFilter } from './MembersToolbar';
import { useMemberPages } from './use-member-pages';

const SEARCH_DEBOUNCE_MS = 200;

export function MembersPage({ tenantSlug }: { tenantSlug: string | undefined }) {
  const [searchText, setSearchText] = useState('');
  const [role, setRole] = useState<RoleFilter>('all');
  const search = useDebouncedValue(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const view = useMemberPages(search, role === 'all' ? undefined : role);
  const searchRef = useRef<HTMLInputElement>(null);

  // "/" jumps to the search box from anywhere on the page, unless the owner is typing somewhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      event.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const { total, error } = view;

  return (
    <div className="page page-members">
      <header className="page-header">
        <div>
          <h1 className="page-title">Members</h1>
          <p className="page-subtitle">
            {total === null ? (
              <span className="muted">{error ? 'Members could not be loaded' : 'Counting members…'}</span>
            ) : (
              <>
                <span data-testid="member-total">{pluralise(total, 'member')}</span>
                {search && <span className="muted"> matching “{search}”</span>}
              </>
            )}
          </p>
        </div>
      </header>

      <MembersToolbar ref={searchRef} search={searchText} onSearch={setSearchText} role={role} onRole={setRole} />

      {total !== null && error !== null && (
        <div className="banner banner-danger" role="alert">
          <span>Some members could not be loaded: {messageOf(error)}</span>
          <button type="button" className="button button-small" onClick={() => view.pages.retry()}>
            Try again
          </button>
        </div>
      )}

      <div className="members-table-wrap">
        {total === null && error !== null ? (
          <EmptyState
            icon="alert"
            tone="danger"
            title="Members could not be loaded"
            actions={
              <button type="button" className="button" onClick={() => view.pages.retry()}>
                Try again
              </button>
            }
          >
            {messageOf(error)}
          </EmptyState>
        ) : total === null ? (
          <MemberTableLoading />
        ) : total === 0 ? (
          <NoMembers search={search} role={role} tenantSlug={tenantSlug} onClear={() => setSearchText('')} />
        ) : (
          <MemberTable key={view.queryKey} view={{ ...view, total }} />
        )}
      </div>
    </div>
  );
}

function NoMembers({ search, role, tenantSlug, onClear }: { search: string; role: RoleFilter; tenantSlug: string | undefined; onClear: () => void }) {
  if (search) {
    return (
      <EmptyState
        icon="search"
        title={`No members match "${search}"`}
        actions={
          <button type="button" className="button" onClick={onClear}>
            Clear search
          </button>
        }
      >
        Search looks at names and email addresses. Try fewer letters or another spelling.
      </EmptyState>
    );
  }
  if (role !== 'all') {
    return (
      <EmptyState icon="members" title={role === 'ADMIN' ? 'No admins here' : 'Only admins so far'}>
        {role === 'ADMIN' ? 'Nobody in this community has the admin role.' : 'Every member of this community is an admin.'}
      </EmptyState>
    );
  }
  return (
    <EmptyState icon="members" title="No members yet">
      Members appear here as they join. To explore the console with demo data, run{' '}
      <code>tenant-console seed --tenant {tenantSlug ?? 'SLUG'}</code>.
    </EmptyState>
  );
}
