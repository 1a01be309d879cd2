import type { PillTone } from '../../ui/Pill';
import { formatPrice } from './money';
import { formatSaleLastDay, formatSaleStart } from './sale-dates';
import type { PackageView } from './types';

export interface SaleBadge {
  text: string;
  tone: PillTone;
  title: string;
}

/** The sale as a one-line badge, from the server's saleState; in the console's one locale. */
export function saleBadge(p: Pick<PackageView, 'saleState' | 'salePrice' | 'price' | 'currency' | 'saleStartsAt' | 'saleEndsAt'>, now = Date.now()): SaleBadge | null {
  if (p.saleState === 'none' || p.salePrice === null) return null;
  const deal = `${formatPrice(p.salePrice, p.currency)} instead of ${formatPrice(p.price, p.currency)}`;
  switch (p.saleState) {
    case 'upcoming':
      return { text: `Sale starts ${formatSaleStart(p.saleStartsAt!, now)}`, tone: 'info', title: `${deal} from then on` };
    case 'active':
      return {
        text: p.saleEndsAt ? `Sale through ${formatSaleLastDay(p.saleEndsAt, now)}` : 'On sale',
        tone: 'accent',
        title: `${deal}${p.saleEndsAt ? '' : ', until you end the sale'}`,
      };
    case 'ended':
      return { text: 'Sale ended', tone: 'neutral', title: `The sale (${deal}) ran through ${formatSaleLastDay(p.saleEndsAt!, now)}` };
  }
}
