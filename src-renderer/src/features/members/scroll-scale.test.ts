import { describe, expect, it } from 'vitest';
import { createScrollScale, MAX_SCROLL_HEIGHT, visibleRows } from './scroll-scale';

const ROW = 48;
const VIEWPORT = 600;

describe('scroll scaling for very long member lists', () => {
  it('leaves short lists alone: one real pixel is one row pixel', () => {
    const scale = createScrollScale({ rowCount: 2_000, rowHeight: ROW, viewportHeight: VIEWPORT });
    expect(scale.scrollHeight).toBe(2_000 * ROW);
    expect(scale.ratio).toBe(1);
    expect(scale.toVirtual(12_345)).toBe(12_345);
    expect(scale.toReal(12_345)).toBe(12_345);
  });

  it('caps the scroll area of a million members below what Chromium can lay out', () => {
    const scale = createScrollScale({ rowCount: 1_000_000, rowHeight: ROW, viewportHeight: VIEWPORT });
    expect(scale.contentHeight).toBe(48_000_000);
    expect(scale.scrollHeight).toBe(MAX_SCROLL_HEIGHT);
    expect(scale.scrollHeight).toBeLessThan(33_500_000);
    expect(scale.ratio).toBeGreaterThan(3);
  });

  it('still reaches the last member when scrolled to the very bottom', () => {
    const rowCount = 1_000_000;
    const scale = createScrollScale({ rowCount, rowHeight: ROW, viewportHeight: VIEWPORT });
    const bottom = scale.scrollHeight - VIEWPORT;
    const { first, last } = visibleRows(scale, bottom, ROW, VIEWPORT, rowCount);
    expect(last).toBe(rowCount - 1);
    expect(first).toBe(rowCount - Math.ceil(VIEWPORT / ROW));
  });

  it('shows the first member at the top and maps the middle to the middle', () => {
    const rowCount = 1_000_000;
    const scale = createScrollScale({ rowCount, rowHeight: ROW, viewportHeight: VIEWPORT });
    expect(visibleRows(scale, 0, ROW, VIEWPORT, rowCount).first).toBe(0);
    const middle = (scale.scrollHeight - VIEWPORT) / 2;
    const { first } = visibleRows(scale, middle, ROW, VIEWPORT, rowCount);
    expect(Math.abs(first - (rowCount - VIEWPORT / ROW) / 2)).toBeLessThanOrEqual(1);
  });

  it('round-trips offsets and clamps the ones outside the list', () => {
    const scale = createScrollScale({ rowCount: 5_000_000, rowHeight: ROW, viewportHeight: VIEWPORT });
    expect(scale.toVirtual(scale.toReal(123_456_789))).toBeCloseTo(123_456_789, 3);
    expect(scale.toReal(-50)).toBe(0);
    expect(scale.toVirtual(1e12)).toBe(scale.contentHeight - VIEWPORT);
  });

  it('copes with an empty list and a viewport taller than the list', () => {
    const empty = createScrollScale({ rowCount: 0, rowHeight: ROW, viewportHeight: VIEWPORT });
    expect(empty.scrollHeight).toBe(0);
    expect(empty.toVirtual(100)).toBe(0);
    const short = createScrollScale({ rowCount: 3, rowHeight: ROW, viewportHeight: VIEWPORT });
    expect(short.ratio).toBe(1);
    expect(short.toVirtual(10)).toBe(0);
  });
});
