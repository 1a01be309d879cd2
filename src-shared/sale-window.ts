/**
 * The one sale rule used everywhere: a sale is active from saleStartsAt (inclusive) to saleEndsAt
 * (exclusive) on the server's clock. A missing start means "already started"; a missing end means
 * "until further notice". No sale price means no sale.
 */
export type SaleState = 'none' | 'upcoming' | 'active' | 'ended';

export interface SaleWindow {
  salePriceMinor: number | null;
  saleStartsAt: string | null;
  saleEndsAt: string | null;
}

export function saleState(window: SaleWindow, nowIso: string): SaleState {
  if (window.salePriceMinor === null) return 'none';
  const now = Date.parse(nowIso);
  if (window.saleStartsAt !== null && now < Date.parse(window.saleStartsAt)) return 'upcoming';
  if (window.saleEndsAt !== null && now >= Date.parse(window.saleEndsAt)) return 'ended';
  return 'active';
}

export function effectivePriceMinor(
  priceMinor: number,
  window: SaleWindow,
  nowIso: string,
): number {
  return saleState(window, nowIso) === 'active' && window.salePriceMinor !== null
    ? window.salePriceMinor
    : priceMinor;
}
