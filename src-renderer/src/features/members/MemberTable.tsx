import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { pagesFor } from './member-pages';
import { HeaderRow, MemberRow, rowId, SkeletonRow } from './MemberRow';
import { scaledScrollElement } from './scaled-scroll-element';
import { createScrollScale } from './scroll-scale';
import { PAGE_SIZE, type MemberPagesView } from './use-member-pages';
import { useNow } from '../../ui/use-now';

export const ROW_HEIGHT = 48;
const HEADER_HEIGHT = 40;
/** Rows fetched beyond the visible ones, so the next page is usually there before it is needed. */
const PREFETCH_ROWS = 30;
/** At most one round of page requests per this many ms while the owner scrolls. */
const FETCH_THROTTLE_MS = 100;

/**
 * The virtualised members grid. The browser only ever holds the rows on screen; the scroll area
 * is `total × ROW_HEIGHT` tall, or compressed (see scroll-scale.ts) when that would be too tall.
 */
export function MemberTable({ view }: { view: MemberPagesView & { total: number } }) {
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
    overscan: 6,
    // Our own size source: the rows' viewport excludes the sticky header.
    observeElementRect: (_instance, report) => {
      report({ width: container?.clientWidth ?? 0, height: rowsViewport });
    },
  });

  const items = virtualizer.getVirtualItems();
  const virtualOffset = virtualizer.scrollOffset ?? 0;
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

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (total === 0) return;
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

  return (
    <div
      ref={attach}
      className="members-scroll"
      role="grid"
      aria-label="Members"
      aria-rowcount={total + 1}
      aria-colcount={7}
      aria-activedescendant={activeRendered ? rowId(active) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="members-head-group" style={{ height: HEADER_HEIGHT }}>
        <HeaderRow />
      </div>
      <div role="rowgroup" className="members-spacer" style={{ height: scale.scrollHeight }}>
        <div className="members-layer" style={{ top: HEADER_HEIGHT, height: Math.min(rowsViewport, scale.scrollHeight) }}>
          {items.map((item) => {
            const style = { height: ROW_HEIGHT, transform: `translateY(${item.start - virtualOffset}px)` };
            const member = pages.row(item.index);
            return member ? (
              <MemberRow key={item.index} member={member} index={item.index} style={style} active={item.index === active} now={now} onPick={setActive} />
            ) : (
              <SkeletonRow key={item.index} index={item.index} style={style} />
            );
          })}
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
          <SkeletonRow key={i} index={i} style={{ height: ROW_HEIGHT }} />
        ))}
      </div>
    </div>
  );
}
