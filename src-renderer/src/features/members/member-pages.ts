import type { MemberPage, MemberRowData } from '../../api/types';
import { queryKeyOf, type MemberListQuery } from './member-filter';

/** Where a page starts: its number, or the cursor the previous page gave out (cheap at any depth). */
export interface PageRequest {
  page: number;
  cursor?: string;
}

export type FetchMemberPage = (query: MemberListQuery, request: PageRequest, signal: AbortSignal) => Promise<MemberPage>;

export interface MemberPagesSnapshot {
  /** Which query the rest describes; a render may briefly see the previous one. */
  queryKey: string;
  /** Null until the first page of this query has answered. */
  total: number | null;
  /** The total is the core's estimate ("about 120,000") until the exact count arrives (setExactTotal). */
  totalIsEstimate: boolean;
  /** The rows are ranked for the search (best matches first). */
  ranked: boolean;
  /** The latest failure for this query, if a page could not be loaded. */
  error: unknown;
  /** Bumped on every change, so React re-renders the visible rows. */
  version: number;
}

export interface MemberPages {
  subscribe(listener: () => void): () => void;
  getSnapshot(): MemberPagesSnapshot;
  /** Start a new query: forget every page, cancel requests in flight, load page 1. */
  setQuery(query: MemberListQuery): void;
  /** The exact count of the query `queryKey` names (members.count), replacing an estimate. */
  setExactTotal(queryKey: string, total: number): void;
  /** The row at a 0-based index, or undefined while its page is not loaded. */
  row(index: number): MemberRowData | undefined;
  /** Load these pages (1-based) if needed and cancel in-flight pages no longer wanted. */
  want(pages: Iterable<number>): void;
  /** Load the wanted pages again (after a change), showing the old rows until the new ones arrive. */
  refresh(): void;
  /** Rows first..last (0-based, inclusive), loading the pages that are missing. */
  rows(first: number, last: number): Promise<MemberRowData[]>;
  /** Every row held right now, in list order. */
  loadedRows(): MemberRowData[];
  /** Try failed pages again. */
  retry(): void;
  /** Cancel everything in flight and ignore late answers (on unmount). */
  cancel(): void;
}

interface CachedPage {
  items: MemberRowData[];
  nextCursor: string | null;
}

/**
 * The members table's page cache: fetches pages of `pageSize` as they scroll into view, keeps a
 * bounded number of them (a million rows would not fit in memory), and drops answers that belong
 * to an older query. A page right after a loaded one is read with that page's cursor, which costs
 * the same at any depth; a page number is only used for jumps (the scrollbar, Home/End).
 */
export function createMemberPages(options: { fetchPage: FetchMemberPage; pageSize: number; maxCachedPages?: number }): MemberPages {
  const { fetchPage, pageSize } = options;
  const maxCached = options.maxCachedPages ?? 60;
  const listeners = new Set<() => void>();
  // Map keeps insertion order, which we use as least-recently-used order.
  let pages = new Map<number, CachedPage>();
  // After refresh(): the rows shown until their page has been read again.
  let stale = new Map<number, CachedPage>();
  let inFlight = new Map<number, AbortController>();
  let failed = new Set<number>();
  let wanted = new Set<number>([1]);
  let query: MemberListQuery | null = null;
  let snapshot: MemberPagesSnapshot = { queryKey: '', total: null, totalIsEstimate: false, ranked: false, error: null, version: 0 };
  // The exact count, once known: later pages' estimates do not replace it.
  let exact: number | null = null;

  function update(changes: Partial<MemberPagesSnapshot>) {
    snapshot = { ...snapshot, ...changes, version: snapshot.version + 1 };
    for (const listener of listeners) listener();
  }

  function pageCount(): number {
    return snapshot.total === null ? 1 : Math.max(1, Math.ceil(snapshot.total / pageSize));
  }

  function pageExists(page: number): boolean {
    // Until the first answer we do not know how many pages there are; page 1 always exists.
    return page >= 1 && page <= pageCount();
  }

  function request(page: number): PageRequest {
    const cursor = pages.get(page - 1)?.nextCursor;
    return cursor ? { page, cursor } : { page };
  }

  function load(page: number) {
    if (!query) return;
    const controller = new AbortController();
    const forQuery = query;
    inFlight.set(page, controller);
    fetchPage(forQuery, request(page), controller.signal).then(
      (result) => {
        if (controller.signal.aborted || forQuery !== query) return;
        inFlight.delete(page);
        pages.set(page, { items: result.items, nextCursor: result.nextCursor });
        stale.delete(page);
        evict();
        update({
          total: exact ?? result.total,
          totalIsEstimate: exact === null && result.totalIsEstimate,
          ranked: result.ranked,
          error: failed.size > 0 ? snapshot.error : null,
        });
        // The next page may have been waiting for this one's cursor, or the total may have grown.
        fill();
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
    for (const page of [...wanted].sort((a, b) => a - b)) {
      if (!pageExists(page) || pages.has(page) || inFlight.has(page) || failed.has(page)) continue;
      // Its predecessor is on its way and will bring a cursor: wait for it rather than pay for a deep page number.
      if (inFlight.has(page - 1) && !pages.get(page - 1)?.nextCursor) continue;
      load(page);
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
      stale = new Map();
      failed = new Set();
      wanted = new Set([1]);
      exact = null;
      update({ queryKey: queryKeyOf(next), total: null, totalIsEstimate: false, ranked: false, error: null });
      fill();
    },

    setExactTotal(queryKey, total) {
      if (!query || queryKeyOf(query) !== queryKey) return;
      exact = total;
      update({ total, totalIsEstimate: false });
      fill();
    },

    row(index) {
      const page = Math.floor(index / pageSize) + 1;
      const cached = pages.get(page);
      if (!cached) return stale.get(page)?.items[index % pageSize];
      // Touch: move the page to the most-recently-used end.
      pages.delete(page);
      pages.set(page, cached);
      return cached.items[index % pageSize];
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

    refresh() {
      if (!query) return;
      cancelAll();
      for (const [page, cached] of pages) if (wanted.has(page)) stale.set(page, cached);
      pages = new Map();
      failed = new Set();
      fill();
    },

    async rows(first, last) {
      const forQuery = query;
      if (!forQuery || last < first) return [];
      const needed = pagesFor(first, last, pageSize);
      const controller = new AbortController();
      const loaded = await Promise.all(
        needed.map(async (page) => pages.get(page)?.items ?? (await fetchPage(forQuery, { page }, controller.signal)).items),
      );
      const out: MemberRowData[] = [];
      loaded.forEach((items, k) => {
        const base = (needed[k]! - 1) * pageSize;
        items.forEach((row, i) => {
          if (base + i >= first && base + i <= last) out.push(row);
        });
      });
      return out;
    },

    loadedRows() {
      return [...pages.entries()].sort(([a], [b]) => a - b).flatMap(([, cached]) => cached.items);
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
