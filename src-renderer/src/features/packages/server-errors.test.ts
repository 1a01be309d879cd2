import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { firstSegmentIn, mapServerErrors } from './server-errors';

const refusal = (message: string, data: Record<string, unknown> = {}) =>
  TRPCClientError.from({ error: { code: -32600, message, data: { code: 'BAD_REQUEST', httpStatus: 400, ...data } } });

const resolve = firstSegmentIn(['name', 'price', 'salePrice', 'displayFeatures'] as const);

describe("the server's errors, next to the field they name", () => {
  it('splits "field: message" parts (the IPC shape) and keeps the rest as a general message', () => {
    const mapped = mapServerErrors(refusal('salePrice: must be below price; displayFeatures.2: must not be empty; input: odd'), resolve);
    expect(mapped.fields).toEqual({ salePrice: 'must be below price', displayFeatures: 'must not be empty' });
    expect(mapped.general).toBe('input: odd');
  });

  it('takes fieldErrors when HTTP sends them, and a domain error that names the field', () => {
    expect(mapServerErrors(refusal('price: must not be negative', { fieldErrors: { price: 'must not be negative' } }), resolve)).toEqual({
      fields: { price: 'must not be negative' },
      general: null,
    });
    expect(mapServerErrors(refusal('name: this tenant already has a package named "Starter"', { field: 'name' }), resolve).fields.name).toBe(
      'this tenant already has a package named "Starter"',
    );
  });

  it('a message that names no field stays whole', () => {
    expect(mapServerErrors(refusal('no package with id pkg_1 in this tenant'), resolve)).toEqual({ fields: {}, general: 'no package with id pkg_1 in this tenant' });
  });
});
