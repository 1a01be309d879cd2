/**
 * Chromium refuses element heights above ~33.5M px, so a million 48 px rows (48M px) cannot get a
 * scroll area of their true height. Past MAX_SCROLL_HEIGHT we give the scroll area a smaller
 * height and map positions linearly between the two, so both ends still line up: the top of the
 * scrollbar shows the first member and the bottom shows the last.
 */
export const MAX_SCROLL_HEIGHT = 15_000_000;

export interface ScrollScale {
  /** Height the rows would need laid out end to end ("virtual" space). */
  contentHeight: number;
  /** Height we actually give the scroll area ("real" space). */
  scrollHeight: number;
  /** Virtual pixels per real pixel; 1 when no scaling is needed. */
  ratio: number;
  toVirtual(realOffset: number): number;
  toReal(virtualOffset: number): number;
}

export function createScrollScale(options: {
  rowCount: number;
  rowHeight: number;
  viewportHeight: number;
  maxScrollHeight?: number;
}): ScrollScale {
  const { rowCount, rowHeight } = options;
  const viewport = Math.max(0, options.viewportHeight);
  const contentHeight = Math.max(0, rowCount) * rowHeight;
  const scrollHeight = Math.min(contentHeight, options.maxScrollHeight ?? MAX_SCROLL_HEIGHT);
  // Map the scrollable ranges (not the heights): the last real offset must reach the last row.
  const virtualRange = Math.max(0, contentHeight - viewport);
  const realRange = Math.max(0, scrollHeight - viewport);
  const ratio = realRange > 0 && virtualRange > realRange ? virtualRange / realRange : 1;

  return {
    contentHeight,
    scrollHeight,
    ratio,
    toVirtual: (realOffset) => clamp(realOffset, 0, realRange) * ratio,
    toReal: (virtualOffset) => clamp(virtualOffset, 0, virtualRange) / ratio,
  };
}

/** First and last row index visible at a real scroll offset (for tests and keyboard paging). */
export function visibleRows(scale: ScrollScale, realOffset: number, rowHeight: number, viewportHeight: number, rowCount: number) {
  const top = scale.toVirtual(realOffset);
  const first = Math.min(rowCount - 1, Math.floor(top / rowHeight));
  const last = Math.min(rowCount - 1, Math.ceil((top + viewportHeight) / rowHeight) - 1);
  return { first, last };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
