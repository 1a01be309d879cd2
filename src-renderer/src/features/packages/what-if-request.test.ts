import { describe, expect, it } from 'vitest';
import { whatIfRequest, type WhatIfForm } from './what-if-request';

const form = (patch: Partial<WhatIfForm> = {}): WhatIfForm => ({
  packageId: 'pkg_1',
  newPrice: '',
  sale: 'keep',
  salePrice: '',
  saleStartsAt: '',
  saleEndsAt: '',
  mode: 'grandfather',
  ...patch,
});

describe('the what-if request', () => {
  it('leaves out what the owner did not change', () => {
    expect(whatIfRequest(form())).toEqual({ request: { packageId: 'pkg_1', mode: 'grandfather' } });
    expect(whatIfRequest(form({ newPrice: '35', mode: 'move' }))).toEqual({ request: { packageId: 'pkg_1', mode: 'move', newPrice: 35 } });
  });

  it('"No sale" prices without the current sale; a new sale carries its dates', () => {
    expect(whatIfRequest(form({ sale: 'none' }))).toEqual({ request: { packageId: 'pkg_1', mode: 'grandfather', sale: null } });
    expect(whatIfRequest(form({ sale: 'new', salePrice: '19', saleEndsAt: '2026-11-30' }))).toEqual({
      request: { packageId: 'pkg_1', mode: 'grandfather', sale: { salePrice: 19, saleEndsAt: '2026-11-30' } },
    });
  });

  it('says which field is missing or unreadable instead of asking', () => {
    expect(whatIfRequest(form({ newPrice: 'ten' }))).toMatchObject({ field: 'newPrice' });
    expect(whatIfRequest(form({ sale: 'new' }))).toMatchObject({ field: 'salePrice' });
    expect(whatIfRequest(form({ packageId: '' }))).toBeNull();
  });
});
