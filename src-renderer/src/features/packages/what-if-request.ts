import type { WhatIfRequest } from './types';

export type SaleChoice = 'keep' | 'none' | 'new';

export interface WhatIfForm {
  packageId: string;
  newPrice: string;
  sale: SaleChoice;
  salePrice: string;
  saleStartsAt: string;
  saleEndsAt: string;
  mode: 'grandfather' | 'move';
}

export type WhatIfField = 'newPrice' | 'salePrice' | 'saleStartsAt' | 'saleEndsAt';

/** Typed text as an amount: "" is nothing, "29,50" is 29.5, anything else unreadable is NaN. */
function amount(text: string): number | undefined {
  const t = text.trim().replace(/^(\d+),(\d{1,2})$/, '$1.$2');
  if (t === '') return undefined;
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/**
 * The whatIf request the form stands for, or what is missing before it can be asked. The server
 * judges the rest (sale below price, dates in order) and names the field.
 */
export function whatIfRequest(form: WhatIfForm): { request: WhatIfRequest } | { field: WhatIfField; message: string } | null {
  if (!form.packageId) return null;
  const newPrice = amount(form.newPrice);
  if (Number.isNaN(newPrice)) return { field: 'newPrice', message: 'must be an amount such as 29 or 29.50' };
  const request: WhatIfRequest = { packageId: form.packageId, mode: form.mode, ...(newPrice !== undefined && { newPrice }) };
  if (form.sale === 'none') request.sale = null;
  if (form.sale === 'new') {
    const salePrice = amount(form.salePrice);
    if (salePrice === undefined) return { field: 'salePrice', message: 'enter a sale price to see the sale' };
    if (Number.isNaN(salePrice)) return { field: 'salePrice', message: 'must be an amount such as 19 or 19.50' };
    request.sale = {
      salePrice,
      ...(form.saleStartsAt && { saleStartsAt: form.saleStartsAt }),
      ...(form.saleEndsAt && { saleEndsAt: form.saleEndsAt }),
    };
  }
  return { request };
}
