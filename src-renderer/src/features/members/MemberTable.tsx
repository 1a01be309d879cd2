import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type Dispatch, type KeyboardEvent, type SetStateAction } from 'react';
import type { MemberRowData } from '../../api/types';
import type { MemberSort, MemberSortField } from './member-filter';
import { pagesFor } from './member-pages';
import { HeaderRow, MemberRow, rowId, SkeletonRow } from './MemberRow';
import { EMPTY_SELECTION, isSelected, setMany, toggle, toggleRange, type Selection } from './selection';
import { scaledScrollElement } from './scaled-scroll-element';
import { createScrollScale } from './scroll-scale';
import { PAGE_SIZE, type MemberPagesView } from './use-member-pages';
import { useNow } from '../../ui/use-now';

export const ROW_HEIGHT = 48;
const HEADER_HEIGHT = 40;
const OVERSCAN = 6;
/** Rows fetched beyond the visible ones, so the next page is usually there before it is needed. */
const PREFETCH_ROWS = 30;
/** At most one round of page requests per this many ms while the owner scrolls. */
const FETCH_THROTTLE_MS = 100;
/**
 * Rows are placed relative to a base that only moves every this many pixels, and the block of
 * rows is moved as one. A row's own props then stay the same while it is on screen, so a scroll
 * frame re-renders only the rows that came into view.
 */
const BASE_BLOCK = ROW_HEIGHT * 10_000;

/**
 * The virtualised members grid. The browser only ever holds the rows on screen; the scroll area
 * is `total × ROW_HEIGHT` tall, or compressed (see scroll-scale.ts) when that would be too tall.
 */
export function MemberTable({
  view,
  sort,
  onSort,
  selection,
  onSelection,
  onOpen,
}: {
  view: MemberPagesView & { total: number };
  sort: MemberSort;
  onSort: (field: MemberSortField) => void;
  selection: Selection;
  onSelection: Dispatch<SetStateAction<Selection>>;
  onOpen: (member: MemberRowData) => void;
}) {
  const { pages, total } = view;
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  const [height, setHeight] = useState(0);
  const [active, setActive] = useState<number | null>(null);
  const now = useNow(60_000);

  // Measured in the ref callback (during commit) so the first paint already has rows.
  const attach = useCallback((el: HTMLDivElement | null) => {
    setContainer(el);
    if (el) setHeight(el.clientHeight);
  }, []);
  useEffect(() => {
    if (!container) return;
    const observer = new ResizeObserver(() => setHeight(container.clientHeight));
    observer.observe(container);
    return () => observer.disconnect();
  }, [container]);

  const rowsViewport = Math.max(0, height - HEADER_HEIGHT);
  const scale = useMemo(
    () => createScrollScale({ rowCount: total, rowHeight: ROW_HEIGHT, viewportHeight: rowsViewport }),
    [total, rowsViewport],
  );
  const scrollView = useMemo(
    () => (container ? scaledScrollElement(container, scale, rowsViewport) : null),
    [container, scale, rowsViewport],
  );

  // No React Compiler here; the virtualizer is read afresh on every render, as TanStack intends.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollView,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    // Our own size source: the rows' viewport excludes the sticky header.
    observeElementRect: (_instance, report) => {
      report({ width: container?.clientWidth ?? 0, height: rowsViewport });
    },
  });

  const items = virtualizer.getVirtualItems();
  // Enough slots for every row the virtualizer can render at this height (visible, partial, overscan).
  const slots = Math.max(items.length, Math.ceil(rowsViewport / ROW_HEIGHT) + 2 * OVERSCAN + 2);
  const virtualOffset = virtualizer.scrollOffset ?? 0;
  const base = Math.floor(virtualOffset / BASE_BLOCK) * BASE_BLOCK;
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;

  const lastFetchAt = useRef(0);
  useEffect(() => {
    if (last < 0) return;
    const request = () => {
      lastFetchAt.current = performance.now();
      pages.want(pagesFor(Math.max(0, first - PREFETCH_ROWS), Math.min(total - 1, last + PREFETCH_ROWS), PAGE_SIZE));
    };
    const wait = lastFetchAt.current + FETCH_THROTTLE_MS - performance.now();
    if (wait <= 0) {
      request();
      return;
    }
    const timer = setTimeout(request, wait);
    return () => clearTimeout(timer);
  }, [pages, first, last, total]);

  /** Scrolls just enough to show a row; rounding leans towards keeping the row fully visible. */
  function reveal(index: number) {
    if (!container) return;
    const top = index * ROW_HEIGHT;
    const shownFrom = scale.toVirtual(container.scrollTop);
    if (top < shownFrom) container.scrollTop = Math.floor(scale.toReal(top));
    else if (top + ROW_HEIGHT > shownFrom + rowsViewport) container.scrollTop = Math.ceil(scale.toReal(top + ROW_HEIGHT - rowsViewport));
  }

  // The row callbacks stay the same function for the table's life (rows are memoised); they read
  // the latest selection and handlers from here, updated after each render.
  const latest = useRef({ selection, onSelection, onOpen });
  useLayoutEffect(() => {
    latest.current = { selection, onSelection, onOpen };
  });

  const toggleRow = useCallback(
    (index: number, member: MemberRowData, event: { shiftKey: boolean }) => {
      setActive(index);
      const { selection: current, onSelection: select } = latest.current;
      const anchor = current.mode === 'ids' ? current.anchor : null;
      if (event.shiftKey && anchor !== null && anchor !== index) {
        const on = !isSelected(current, member.userId);
        const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
        // The rows between may still be loading; the selection is taken as it is when they arrive.
        void pages.rows(from, to).then((rows) => select((now) => toggleRange(now, rows, index, on)));
        return;
      }
      select(toggle(current, member.userId, index, () => pages.loadedRows()));
    },
    [pages],
  );

  const pickRow = useCallback((index: number, member: MemberRowData) => {
    setActive(index);
    latest.current.onOpen(member);
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (total === 0) return;
    if (event.target !== event.currentTarget) return; // keys in a checkbox or the header's buttons are theirs
    if (event.key === 'Enter' || event.key === ' ') {
      const member = active === null ? undefined : pages.row(active);
      if (active === null || !member) return;
      event.preventDefault();
      if (event.key === 'Enter') onOpen(member);
      else toggleRow(active, member, event);
      return;
    }
    if (event.key === 'Escape' && (selection.mode === 'all' || selection.ids.size > 0)) {
      event.preventDefault();
      onSelection(EMPTY_SELECTION);
      return;
    }
    const perScreen = Math.max(1, Math.floor(rowsViewport / ROW_HEIGHT) - 1);
    const firstShown = Math.min(total - 1, Math.ceil(virtualOffset / ROW_HEIGHT));
    const from = active ?? firstShown - 1;
    const moves: Record<string, number> = {
      ArrowDown: from + 1,
      ArrowUp: active === null ? firstShown : from - 1,
      PageDown: from + perScreen,
      PageUp: from - perScreen,
      Home: 0,
      End: total - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = Math.min(total - 1, Math.max(0, target));
    setActive(next);
    reveal(next);
  }

  const activeRendered = active !== null && items.some((item) => item.index === active);
  const shown = items.map((item) => pages.row(item.index)).filter((m): m is MemberRowData => m !== undefined);
  const shownSelected = shown.filter((m) => isSelected(selection, m.userId)).length;
  const anySelected = selection.mode === 'all' || selection.ids.size > 0;
  const headerSelection = {
    checked: selection.mode === 'all' || (shown.length > 0 && shownSelected === shown.length),
    indeterminate: selection.mode === 'ids' && anySelected && shownSelected < shown.length,
    onToggle: () => onSelection(anySelected ? EMPTY_SELECTION : setMany(selection, shown, true)),
  };

  return (
    <div
      ref={attach}
      className="members-scroll"
      role="grid"
      aria-label="Members"
      aria-rowcount={total + 1}
      aria-colcount={8}
      aria-multiselectable="true"
      aria-activedescendant={activeRendered ? rowId(active) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="members-head-group" style={{ height: HEADER_HEIGHT }}>
        <HeaderRow sort={sort} onSort={onSort} selection={headerSelection} />
      </div>
      <div role="rowgroup" className="members-spacer" style={{ height: scale.scrollHeight }}>
        <div className="members-layer" style={{ top: HEADER_HEIGHT, height: Math.min(rowsViewport, scale.scrollHeight) }}>
          <div className="members-rows" style={{ transform: `translateY(${base - virtualOffset}px)` }}>
            {items.map((item) => {
              const top = item.start - base;
              const member = pages.row(item.index);
              // Keyed by slot, not by index: a row that scrolls out hands its DOM to the one scrolling
              // in, so a fast scroll updates text in place instead of building and tearing down rows.
              const slot = item.index % slots;
              return member ? (
                <MemberRow
                  key={slot}
                  member={member}
                  index={item.index}
                  top={top}
                  active={item.index === active}
                  selected={isSelected(selection, member.userId)}
                  now={now}
                  onPick={pickRow}
                  onToggle={toggleRow}
                />
              ) : (
                <SkeletonRow key={slot} index={item.index} top={top} />
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}

/** A fixed block of skeleton rows for the very first load, before the total is known. */
export function MemberTableLoading({ rows = 10 }: { rows?: number }) {
  return (
    <div className="members-scroll is-loading" role="grid" aria-label="Members" aria-busy="true">
      <div role="rowgroup" className="members-head-group" style={{ height: HEADER_HEIGHT }}>
        <HeaderRow />
      </div>
      <div role="rowgroup" className="members-static">
        {Array.from({ length: rows }, (_, i) => (
          <SkeletonRow key={i} index={i} />
        ))}
      </div>
    </div>
  );
}
