import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src-main/core/platform/http/server';
import { createIpcHandler } from '../../../src-main/core/platform/ipc/handler';
import { dialects, type TestCore } from '../../support/core';
import { startOwnerConsole, type OwnerConsole } from '../../support/owner-console';

// Inputs are strict and names refuse control characters, over HTTP and IPC alike:
// `packages.upsert {isPopluar: true}` was saved without a word (and the package was not popular);
// a NUL or an escape sequence in a name went into the database, exports and terminals.
describe.each(dialects)('strict inputs and clean names on %s', (dialect) => {
  let c: OwnerConsole;
  let core: TestCore;
  let server: RunningServer;
  let token: string;
  let tenantId: string;

  beforeAll(async () => {
    c = await startOwnerConsole(dialect, { slug: 'strict', name: 'Strict' });
    ({ core, server, token, tenantId } = c);
  });
  afterAll(async () => c?.dispose());

  async function post(path: string, json: unknown) {
    const res = await fetch(`${server.url}/api/trpc/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ json }),
    });
    const body = (await res.json()) as { error?: { json: { message: string; data: { code: string; fieldErrors?: Record<string, string> } } } };
    return { status: res.status, error: body.error?.json };
  }
  const ipc = (path: string, json: unknown) => createIpcHandler(core)({ path, type: 'mutation', input: { json }, tenantId });

  it('packages.upsert with a misspelt key is a 400 naming it, and nothing is saved', async () => {
    const r = await post('packages.upsert', { name: 'Pro', price: 29, isPopluar: true });
    expect(r.status).toBe(400);
    expect(r.error?.message).toBe('isPopluar: is not a field of this request');
    expect(r.error?.data.fieldErrors).toEqual({ isPopluar: 'is not a field of this request' });
    const viaIpc = await ipc('packages.upsert', { name: 'Pro', price: 29, isPopluar: true });
    expect(viaIpc).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'isPopluar: is not a field of this request' } });
    expect(await core.database.db.selectFrom('packages').select('id').execute()).toEqual([]);
  });

  it('a nested unknown key is named with its path', async () => {
    const r = await post('settings.paymentMethods.set', { bnpl: { afterpay: true, zip: true } });
    expect(r.status).toBe(400);
    expect(r.error?.message).toBe('bnpl.zip: is not a field of this request');
  });

  it.each([
    ['tenants.create', { slug: 'nul', name: 'Nul\u0000Corp' }, 'name'],
    ['packages.upsert', { name: 'Pro\u001b[2J', price: 29 }, 'name'],
    ['segments.create', { name: 'VIP\u0007', filter: {} }, 'name'],
    ['members.invite', { email: 'new@strict.test', name: 'Eve\u0000' }, 'name'],
  ])('%s with a control character in a name is a 400 naming the field', async (path, input, field) => {
    const r = await post(path, input);
    expect(r.status).toBe(400);
    expect(r.error?.data.fieldErrors?.[field]).toBe('must not contain control characters');
  });

  it('nothing with a control character reached the database', async () => {
    const names = [
      ...(await core.database.db.selectFrom('tenants').select('name').execute()),
      ...(await core.database.db.selectFrom('packages').select('name').execute()),
      ...(await core.database.db.selectFrom('segments').select('name').execute()),
      ...(await core.database.db.selectFrom('users').select('name').execute()),
    ].map((r) => r.name);
    expect(names.filter((n) => /\p{Cc}/u.test(n))).toEqual([]);
  });
});
