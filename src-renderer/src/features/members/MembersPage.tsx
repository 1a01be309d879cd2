import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api/errors';
import { EmptyState } from '../../ui/EmptyState';
import { pluralise } from '../../ui/format';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { BulkBar } from './BulkBar';
import { BulkDialog, type BulkKind } from './BulkDialog';
import { usePayingCount } from './paying';
import { Toasts } from '../../ui/Toast';
import { MemberDrawer } from './drawer/MemberDrawer';
import { ExportDialog } from './ExportDialog';
import { FilterBar } from './FilterBar';
import { ImportWizard } from './import/ImportWizard';
import { useMemberCatalog } from './member-catalog';
import { cleanFilter, DEFAULT_SORT, filterFromHash, nextSort, searchFromHash, withoutChip, withoutChips, type MemberFilter, type MemberSort } from './member-filter';
import { MemberIcon } from './member-icons';
import { roughly } from './member-labels';
import { MemberTable, MemberTableLoading } from './MemberTable';
import { SearchField } from './MembersToolbar';
import { SegmentPicker } from './SegmentPicker';
import { EMPTY_SELECTION, selectAllMatching, selectedCount, targetOf, type MemberTarget, type Selection } from './selection';
import { useMemberPages } from './use-member-pages';
import { LoadFailed } from '../../ui/LoadFailed';

const SEARCH_DEBOUNCE_MS = 200;

type Dialog = { kind: 'bulk'; action: BulkKind } | { kind: 'export'; target: MemberTarget; expected: number } | { kind: 'import' } | null;

export function MembersPage({ tenantSlug }: { tenantSlug: string | undefined }) {
  // Other pages link here as #/members?search=…; that is the first search.
  const [searchText, setSearchText] = useState(() => searchFromHash(window.location.hash));
  // …and #/members?churnedFrom=…&churnedTo=… (the Analytics drill-down) the first filter.
  const [chipFilter, setChipFilter] = useState<MemberFilter>(() => filterFromHash(window.location.hash));
  const [sort, setSort] = useState<MemberSort>(DEFAULT_SORT);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [openUserId, setOpenUserId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const search = useDebouncedValue(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const filter: MemberFilter = { ...chipFilter, ...(search ? { search } : {}) };
  const view = useMemberPages({ filter, sort });
  const { catalog, snapshot: catalogSnapshot } = useMemberCatalog(tenantSlug);
  const searchRef = useRef<HTMLInputElement>(null);

  // A new filter or sort is a new list: the ticks of the old one no longer mean anything.
  const [selectionFor, setSelectionFor] = useState(view.queryKey);
  if (selectionFor !== view.queryKey) {
    setSelectionFor(view.queryKey);
    setSelection(EMPTY_SELECTION);
  }

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

  // A link to #/members?search=… followed while this page is open.
  useEffect(() => {
    const onHash = () => {
      const linked = searchFromHash(window.location.hash);
      if (linked) setSearchText(linked);
      const linkedFilter = filterFromHash(window.location.hash);
      if (Object.keys(linkedFilter).length > 0) setChipFilter(linkedFilter);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const { total, error } = view;
  const hasChips = Object.keys(cleanFilter(chipFilter)).length > 0;
  const count = selectedCount(selection);
  const paying = usePayingCount(selection, () => view.pages.loadedRows(), dialog?.kind === 'bulk' && dialog.action === 'remove');

  function clearAll() {
    setSearchText('');
    setChipFilter({});
  }

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
                <span data-testid="member-total" title={view.totalIsEstimate ? 'An estimate: the exact count follows' : undefined}>
                  {view.totalIsEstimate ? `about ${pluralise(roughly(total), 'member')}` : pluralise(total, 'member')}
                </span>
                {(search || hasChips) && <span className="muted">{search ? ` matching “${search}”` : ' matching the filters'}</span>}
                {view.ranked && (
                  <span className="muted" data-testid="member-ranked">
                    {' '}
                    · best matches first
                  </span>
                )}
              </>
            )}
          </p>
        </div>
        <div className="page-actions">
          <SegmentPicker
            filter={filter}
            onPick={(segment) => {
              const { search: saved, ...rest } = segment.filter;
              setChipFilter(rest);
              setSearchText(saved ?? '');
            }}
          />
          <button type="button" className="button button-small" onClick={() => setDialog({ kind: 'import' })}>
            <MemberIcon name="upload" size={14} /> Import
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={!total}
            onClick={() => total && setDialog({ kind: 'export', target: { filter: cleanFilter(filter) }, expected: total })}
            title={search || hasChips ? 'Export the members matching the filters as CSV' : 'Export every member as CSV'}
          >
            <MemberIcon name="download" size={14} /> Export
          </button>
        </div>
      </header>

      <div className="toolbar members-toolbar">
        <SearchField ref={searchRef} search={searchText} onSearch={setSearchText} />
        <FilterBar filter={chipFilter} onChange={setChipFilter} catalog={catalogSnapshot} />
      </div>

      {count > 0 && total !== null && (
        <BulkBar
          selection={selection}
          total={total}
          totalIsEstimate={view.totalIsEstimate}
          onSelectAll={() => setSelection(selectAllMatching(filter, total))}
          onClear={() => setSelection(EMPTY_SELECTION)}
          onAction={(action) => setDialog({ kind: 'bulk', action })}
          onExport={() => setDialog({ kind: 'export', target: targetOf(selection), expected: count })}
        />
      )}

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
          <LoadFailed what="Members" error={error} onRetry={() => view.pages.retry()} />
        ) : total === null ? (
          <MemberTableLoading />
        ) : total === 0 ? (
          <NoMembers search={search} filtered={hasChips} tenantSlug={tenantSlug} onClearSearch={() => setSearchText('')} onClearAll={clearAll} onClearFilters={() => setChipFilter(withoutChips(chipFilter))} />
        ) : (
          <MemberTable
            key={view.queryKey}
            view={{ ...view, total }}
            sort={sort}
            onSort={(field) => setSort((s) => nextSort(s, field))}
            selection={selection}
            onSelection={setSelection}
            onOpen={(member) => setOpenUserId(member.userId)}
          />
        )}
      </div>

      {openUserId && (
        <MemberDrawer
          key={openUserId}
          userId={openUserId}
          catalog={catalog}
          catalogSnapshot={catalogSnapshot}
          onClose={() => setOpenUserId(null)}
          onChanged={() => view.pages.refresh()}
          onShowGroup={(groupId) => {
            setOpenUserId(null);
            setChipFilter({ ...withoutChip(chipFilter, 'group'), groupId });
          }}
        />
      )}
      {dialog?.kind === 'bulk' && (
        <BulkDialog
          kind={dialog.action}
          target={targetOf(selection)}
          count={count}
          paying={paying}
          catalog={catalogSnapshot}
          onClose={(changed) => {
            setDialog(null);
            if (changed) {
              setSelection(EMPTY_SELECTION);
              view.pages.refresh();
            }
          }}
        />
      )}
      <Toasts />
      {dialog?.kind === 'export' && <ExportDialog target={dialog.target} expected={dialog.expected} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'import' && (
        <ImportWizard
          onClose={(imported) => {
            setDialog(null);
            if (imported) view.pages.refresh();
          }}
        />
      )}
    </div>
  );
}

function NoMembers({
  search,
  filtered,
  tenantSlug,
  onClearSearch,
  onClearFilters,
  onClearAll,
}: {
  search: string;
  filtered: boolean;
  tenantSlug: string | undefined;
  onClearSearch: () => void;
  onClearFilters: () => void;
  onClearAll: () => void;
}) {
  if (search || filtered) {
    return (
      <EmptyState
        icon="search"
        title={search ? `No members match "${search}"` : 'No members match these filters'}
        actions={
          <>
            {search && (
              <button type="button" className="button" onClick={onClearSearch}>
                Clear search
              </button>
            )}
            {filtered && (
              <button type="button" className="button" onClick={search ? onClearAll : onClearFilters}>
                {search ? 'Clear search and filters' : 'Clear filters'}
              </button>
            )}
          </>
        }
      >
        {search ? 'Search looks at names and email addresses, by the start of any word. Try fewer letters or another spelling.' : 'Remove a filter to see more members.'}
      </EmptyState>
    );
  }
  return (
    <EmptyState icon="members" title="No members yet">
      Members appear here as they join, or import them from a CSV (Ghost’s export works as it is). To explore the console with demo data, run{' '}
      <code>tenant-console seed --tenant {tenantSlug ?? 'SLUG'}</code>.
    </EmptyState>
  );
}
