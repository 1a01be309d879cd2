import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src-main/core/platform/http/server';
import { createIpcHandler } from '../../../src-main/core/platform/ipc/handler';
import { dialects, type TestCore } from '../../support/core';
import { startOwnerConsole, type OwnerConsole } from '../../support/owner-console';

// A malformed tRPC body or superjson `meta` answered 500 "something went wrong on our side":
// errorMapping turned tRPC's own parse error into an internal error. Each is the caller's mistake,
// so each is a 400 (BAD_REQUEST over IPC) that says what could not be read.
const BODIES: [string, string][] = [
  ['half a JSON object', '{'],
  ['null', 'null'],
  ['control bytes', '\u0001\u0002\u0000'],
  ['a bare string', '"garbage"'],
  ['bigint meta on a string', JSON.stringify({ json: { slug: 'x', name: 'y' }, meta: { values: { slug: ['bigint'] } } })],
  ['bigint meta on the whole input', JSON.stringify({ json: 'abc', meta: { values: ['bigint'] } })],
  ['meta "garbage"', JSON.stringify({ json: { slug: 'x', name: 'y' }, meta: 'garbage' })],
  ['meta values a number', JSON.stringify({ json: { slug: 'x', name: 'y' }, meta: { values: 5 } })],
  ['meta values a string', JSON.stringify({ json: { slug: 'x', name: 'y' }, meta: { values: { slug: 'bigint' } } })],
  ['an unknown custom type', JSON.stringify({ json: { slug: 'x', name: 'y' }, meta: { values: { slug: ['custom', 'nope'] } } })],
  ['an unknown class', JSON.stringify({ json: { slug: 'x', name: 'y' }, meta: { values: { slug: ['class', 'Nope'] } } })],
  ['a map from a string', JSON.stringify({ json: { slug: 'x', name: 'y' }, meta: { values: { slug: ['map'] } } })],
  ['__proto__ in meta', '{"json":{"slug":"x","name":"y"},"meta":{"values":{"__proto__":["bigint"]}}}'],
  ['referential equalities of the wrong shape', JSON.stringify({ json: { slug: 'x', name: 'y' }, meta: { referentialEqualities: { slug: 5 } } })],
  ['a set from a number', JSON.stringify({ json: { slug: 5, name: 'y' }, meta: { values: { slug: ['set'] } } })],
];

describe.each(dialects)('malformed tRPC input on %s', (dialect) => {
  let c: OwnerConsole;
  let core: TestCore;
  let server: RunningServer;
  let token: string;
  let tenantId: string;

  beforeAll(async () => {
    c = await startOwnerConsole(dialect, { slug: 'edges', name: 'Edges' });
    ({ core, server, token, tenantId } = c);
  });
  afterAll(async () => c?.dispose());

  const post = (path: string, body: string) =>
    fetch(`${server.url}/api/trpc/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });

  it.each(BODIES)('HTTP: %s → 400 naming the input, nothing created', async (_name, body) => {
    const res = await post('tenants.create', body);
    const answer = (await res.json()) as { error: { json: { message: string; data: { httpStatus: number } } } };
    expect(res.status, answer.error.json.message).toBe(400);
    expect(answer.error.json.message).toMatch(/^input: /);
    expect(answer.error.json.message).not.toMatch(/something went wrong/);
    const tenants = await core.database.db.selectFrom('tenants').select('slug').execute();
    expect(tenants.map((t) => t.slug)).toEqual(['edges']);
  });

  it('HTTP: a query whose ?input= is not JSON, and a batch whose input is not an object, are 400', async () => {
    const query = await fetch(`${server.url}/api/trpc/members.list?input=%7B`, { headers: { authorization: `Bearer ${token}` } });
    expect(query.status).toBe(400);
    expect(((await query.json()) as { error: { json: { message: string } } }).error.json.message).toMatch(/^input: /);
    const batch = await post('tenants.create?batch=1', '"garbage"');
    expect(batch.status).toBe(400);
  });

  it.each(BODIES)('IPC: %s → BAD_REQUEST', async (_name, body) => {
    let input: unknown;
    try {
      input = JSON.parse(body);
    } catch {
      input = body; // what is not JSON reaches the handler as a string
    }
    const answer = await createIpcHandler(core)({ path: 'segments.create', type: 'mutation', input, tenantId });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code, answer.error.message).toBe('BAD_REQUEST');
    expect(answer.error.httpStatus).toBe(400);
    expect(answer.error.message).toMatch(/^input: /);
  });
});
