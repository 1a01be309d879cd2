import { useEffect, useState, useSyncExternalStore } from 'react';
import { useServices } from '../../app/services';
import { createMemberPages, queryKeyOf, type MemberPages } from './member-pages';

export const PAGE_SIZE = 100;

export interface MemberPagesView {
  pages: MemberPages;
  queryKey: string;
  total: number | null;
  error: unknown;
  /** Changes whenever a page arrives, so rows re-render. */
  version: number;
}

/** One page cache per mounted members table; a new search or role starts a new query in it. */
export function useMemberPages(search: string, role: 'ADMIN' | 'MEMBER' | undefined): MemberPagesView {
  const { api } = useServices();
  const [pages] = useState(() =>
    createMemberPages({
      pageSize: PAGE_SIZE,
      fetchPage: (query, page, signal) =>
        api.members.list.query(
          { page, limit: PAGE_SIZE, ...(query.search ? { search: query.search } : {}), ...(query.role ? { role: query.role } : {}) },
          { signal },
        ),
    }),
  );

  useEffect(() => {
    pages.setQuery({ search, role });
    return () => pages.cancel();
  }, [pages, search, role]);

  const snapshot = useSyncExternalStore(pages.subscribe, pages.getSnapshot);
  const queryKey = queryKeyOf({ search, role });
  // Until the effect above has run, the snapshot still describes the previous query.
  const current = snapshot.queryKey === queryKey;
  return {
    pages,
    queryKey,
    total: current ? snapshot.total : null,
    error: current ? snapshot.error : null,
    version: snapshot.version,
  };
}
