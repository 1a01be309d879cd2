import { useEffect, useState, useSyncExternalStore } from 'react';
import { useServices } from '../../app/services';
import { cleanFilter, listInputOf, queryKeyOf, type MemberListQuery } from './member-filter';
import { createMemberPages, type MemberPages } from './member-pages';

export const PAGE_SIZE = 100;

export interface MemberPagesView {
  pages: MemberPages;
  queryKey: string;
  total: number | null;
  /** `total` is an estimate; the exact count is on its way. */
  totalIsEstimate: boolean;
  /** Best matches first (the search ranks them). */
  ranked: boolean;
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
  const estimated = fresh && snapshot.totalIsEstimate;

  // An estimated total: the exact count follows (members.count), cancelled when the query changes.
  useEffect(() => {
    if (!estimated) return;
    const controller = new AbortController();
    api.members.count.query(cleanFilter(current.query.filter), { signal: controller.signal }).then(
      ({ total }) => {
        if (!controller.signal.aborted) pages.setExactTotal(current.key, total);
      },
      () => undefined, // the estimate stays; the list itself still works
    );
    return () => controller.abort();
  }, [api, pages, current, estimated]);

  return {
    pages,
    queryKey,
    total: fresh ? snapshot.total : null,
    totalIsEstimate: estimated,
    ranked: fresh && snapshot.ranked,
    error: fresh ? snapshot.error : null,
    version: snapshot.version,
  };
}
