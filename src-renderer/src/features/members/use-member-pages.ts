import { useEffect, useState, useSyncExternalStore } from 'react';
import { useServices } from '../../app/services';
import { listInputOf, queryKeyOf, type MemberListQuery } from './member-filter';
import { createMemberPages, type MemberPages } from './member-pages';

export const PAGE_SIZE = 100;

export interface MemberPagesView {
  pages: MemberPages;
  queryKey: string;
  total: number | null;
  error: unknown;
  /** Changes whenever a page arrives, so rows re-render. */
  version: number;
}

/** One page cache per mounted members table; a new filter or sort starts a new query in it. */
export function useMemberPages(query: MemberListQuery): MemberPagesView {
  const { api } = useServices();
  const [pages] = useState(() =>
    createMemberPages({
      pageSize: PAGE_SIZE,
      fetchPage: (q, at, signal) =>
        api.members.list.query(at.cursor ? { limit: PAGE_SIZE, cursor: at.cursor, ...listInputOf(q) } : { page: at.page, limit: PAGE_SIZE, ...listInputOf(q) }, {
          signal,
        }),
    }),
  );

  const queryKey = queryKeyOf(query);
  // The query object is rebuilt on every render; its key says when it really changed.
  const [current, setCurrent] = useState({ key: queryKey, query });
  if (current.key !== queryKey) setCurrent({ key: queryKey, query });

  useEffect(() => {
    pages.setQuery(current.query);
    return () => pages.cancel();
  }, [pages, current]);

  const snapshot = useSyncExternalStore(pages.subscribe, pages.getSnapshot);
  // Until the effect above has run, the snapshot still describes the previous query.
  const fresh = snapshot.queryKey === queryKey;
  return {
    pages,
    queryKey,
    total: fresh ? snapshot.total : null,
    error: fresh ? snapshot.error : null,
    version: snapshot.version,
  };
}
