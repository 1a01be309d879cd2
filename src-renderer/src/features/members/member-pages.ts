import type { MemberPage, MemberRowData } from '../../api/types';

export interface MemberQuery {
  search: string;
  role: 'ADMIN' | 'MEMBER' | undefined;
}

export type FetchMemberPage = (query: MemberQuery, page: number, signal: AbortSignal) => Promise<MemberPage>;

export interface MemberPagesSnapshot {
  /** Which query the rest describes; a render may briefly see the previous one. */
  queryKey: string;
  /** Null until the first page of this query has answered. */
  total: number | null;
  /** The latest failure for this query, if a page could not be loaded. */
  error: unknown;
  /** Bumped on every change, so React re-renders the visible rows. */
  version: number;
}

export interface MemberPages {
  subscribe(listener: () => void): () => void;
  getSnapshot(): MemberPagesSnapshot;
  /** Start a new query: forget every page, cancel requests in flight, load page 1. */
  setQuery(query: MemberQuery): void;
  /** The row at a 0-based index, or undefined while its page is not loaded. */
  row(index: number): MemberRowData | undefined;
  /** Load these pages (1-based) if needed and cancel in-flight pages no longer wanted. */
  want(pages: Iterable<number>): void;
  /** Try failed pages again. */
  retry(): void;
  /** Cancel everything in flight and ignore late answers (on unmount). */
  cancel(): void;
}

export function queryKeyOf(query: MemberQuery): string {
  return JSON.stringify([query.search.trim(), query.role ?? null]);
}

/**
 * The members table's page cache: fetches pages of `pageSize` as they scroll into view, keeps a
 * bounded number of them (a million rows would not fit in memory), and drops answers that belong
 * to an older query.
 */
export function createMemberPages(options: { fetchPage: FetchMemberPage; pageSize: number; maxCachedPages?: number }): MemberPages {
  const { fetchPage, pageSize } = options;
  const maxCached = options.maxCachedPages ?? 60;
  const listeners = new Set<() => void>();
  // Map keeps insertion order, which we use as least-recently-used order.
  let pages = new Map<number, MemberRowData[]>();
  let inFlight = new Map<number, AbortController>();
  let failed = new Set<number>();
  let wanted = new Set<number>([1]);
  let query: MemberQuery | null = null;
  let snapshot: MemberPagesSnapshot = { queryKey: '', total: null, error: null, version: 0 };

  function update(changes: Partial<MemberPagesSnapshot>) {
    snapshot = { ...snapshot, ...changes, version: snapshot.version + 1 };
    for (const listener of listeners) listener();
  }

  function pageExists(page: number): boolean {
    if (page < 1) return false;
    // Until the first answer we do not know how many pages there are; page 1 always exists.
    return snapshot.total === null ? page === 1 : page <= Math.max(1, Math.ceil(snapshot.total / pageSize));
  }

  function load(page: number) {
    if (!query) return;
    const controller = new AbortController();
    const forQuery = query;
    inFlight.set(page, controller);
    fetchPage(forQuery, page, controller.signal).then(
      (result) => {
        if (controller.signal.aborted || forQuery !== query) return;
        inFlight.delete(page);
        pages.set(page, result.items);
        evict();
        const totalChanged = result.total !== snapshot.total;
        update({ total: result.total, error: failed.size > 0 ? snapshot.error : null });
        // A first answer (or a changed total) may make more of the wanted pages exist.
        if (totalChanged) fill();
      },
      (error: unknown) => {
        if (controller.signal.aborted || forQuery !== query) return;
        inFlight.delete(page);
        // Not retried automatically: scrolling would otherwise hammer a failing server.
        failed.add(page);
        update({ error });
      },
    );
  }

  function fill() {
    for (const page of wanted) {
      if (pageExists(page) && !pages.has(page) && !inFlight.has(page) && !failed.has(page)) load(page);
    }
  }

  function evict() {
    for (const page of pages.keys()) {
      if (pages.size <= maxCached) break;
      if (!wanted.has(page)) pages.delete(page);
    }
  }

  function cancelAll() {
    for (const controller of inFlight.values()) controller.abort();
    inFlight = new Map();
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,

    setQuery(next) {
      cancelAll();
      query = next;
      pages = new Map();
      failed = new Set();
      wanted = new Set([1]);
      update({ queryKey: queryKeyOf(next), total: null, error: null });
      fill();
    },

    row(index) {
      const page = Math.floor(index / pageSize) + 1;
      const items = pages.get(page);
      if (!items) return undefined;
      // Touch: move the page to the most-recently-used end.
      pages.delete(page);
      pages.set(page, items);
      return items[index % pageSize];
    },

    want(next) {
      wanted = new Set(next);
      if (snapshot.total === null) wanted.add(1);
      for (const [page, controller] of inFlight) {
        if (!wanted.has(page)) {
          controller.abort();
          inFlight.delete(page);
        }
      }
      fill();
    },

    retry() {
      failed = new Set();
      update({ error: null });
      fill();
    },

    cancel() {
      cancelAll();
      query = null;
    },
  };
}

/** The 1-based pages covering rows `first..last` (0-based, inclusive). */
export function pagesFor(first: number, last: number, pageSize: number): number[] {
  if (last < first) return [];
  const from = Math.floor(first / pageSize) + 1;
  const to = Math.floor(last / pageSize) + 1;
  const out: number[] = [];
  for (let p = from; p <= to; p++) out.push(p);
  return out;
}
