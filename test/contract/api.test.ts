import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { createIpcHandler } from '../../src-main/core/platform/ipc/handler';
import { addMembers, makeTestCore, type TestCore } from '../support/core';
import { httpClient, ipcClient } from '../support/clients';

// The same calls over HTTP (Bearer JWT) and over the IPC channel give the same answers and the
// same errors: one router, two transports.
describe('the API contract over HTTP and IPC', () => {
  let core: TestCore;
  let server: RunningServer;
  let tenantId: string;
  let clients: Record<'http' | 'ipc', ReturnType<typeof httpClient>>;

  beforeAll(async () => {
    core = await makeTestCore('sqlite');
    const owner = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'contract', name: 'Contract Co' }, owner)).id;
    await addMembers(core, tenantId, [
      { name: 'Alice Adams', email: 'alice@contract.test', role: 'ADMIN' },
      { name: 'Bob Brown', email: 'bob@contract.test' },
    ]);
    server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
    const token = await core.services.auth.issue({ tenantId, userId: owner, role: 'ADMIN' });
    clients = { http: httpClient(server.url, token), ipc: ipcClient(createIpcHandler(core), () => tenantId) };
  });
  afterAll(async () => {
    await server?.close();
    await core?.dispose();
  });

  it.each(['http', 'ipc'] as const)('%s: users.getCurrentUser, tenants.list, members.list', async (transport) => {
    const api = clients[transport];
    expect(await api.users.getCurrentUser.query()).toMatchObject({ email: 'owner@tenant-console.local', tenantId, role: 'ADMIN', isFreeMember: false });
    expect(await api.tenants.list.query()).toEqual([expect.objectContaining({ id: tenantId, slug: 'contract', memberCount: 3 })]);
    const page = await api.members.list.query({ page: 1, limit: 20, search: 'bob', role: 'MEMBER' });
    expect(page.items.map((m) => m.email)).toEqual(['bob@contract.test']);
    expect(page.total).toBe(1);
  });

  it('both transports return identical results', async () => {
    const input = { page: 1, limit: 2 };
    expect(await clients.ipc.members.list.query(input)).toEqual(await clients.http.members.list.query(input));
    expect(await clients.ipc.users.getCurrentUser.query()).toEqual(await clients.http.users.getCurrentUser.query());
  });

  it.each(['http', 'ipc'] as const)('%s: bad input is a BAD_REQUEST naming the field', async (transport) => {
    const err = await clients[transport].members.list.query({ limit: 1000 }).catch((e) => e);
    expect(err.message).toBe('limit: must be at most 200');
    expect(err.data.code).toBe('BAD_REQUEST');
    expect(err.data.httpStatus).toBe(400);
  });

  it.each(['http', 'ipc'] as const)('%s: tenants.create conflict names the slug, and changes nothing', async (transport) => {
    const err = await clients[transport].tenants.create.mutate({ slug: 'contract', name: 'Again' }).catch((e) => e);
    expect(err.data.code).toBe('CONFLICT');
    expect(err.message).toMatch(/^slug: /);
    expect(await clients[transport].tenants.list.query()).toHaveLength(1);
  });

  it('answers a batch of several queries in one request (the page that loads them together)', async () => {
    const token = await core.services.auth.issue({ tenantId, userId: await core.services.owner.id(), role: 'ADMIN' });
    const paths = ['users.getCurrentUser', 'tenants.list', 'dashboard.setup', 'packages.list', 'segments.list', 'webhooks.endpoints.list', 'analytics.status'];
    const input = Object.fromEntries(paths.map((_, i) => [i, { json: null }]));
    const res = await fetch(`${server.url}/api/trpc/${paths.join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const answers = (await res.json()) as { result?: unknown; error?: unknown }[];
    expect(answers).toHaveLength(paths.length);
    expect(answers.every((a) => a.result !== undefined)).toBe(true);
  });

  it('errors never carry a stack or SQL', async () => {
    const res = await fetch(`${server.url}/api/trpc/members.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 'x' } }))}`, {
      headers: { authorization: `Bearer ${await core.services.auth.issue({ tenantId, userId: await core.services.owner.id(), role: 'ADMIN' })}` },
    });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).not.toMatch(/stack|at \w+ \(|SELECT|sqlite/i);
  });

  it('a MEMBER token cannot list members', async () => {
    const [bobId] = await addMembers(core, tenantId, [{ name: 'Carl', email: 'carl@contract.test' }]);
    const memberToken = await core.services.auth.issue({ tenantId, userId: bobId!, role: 'MEMBER' });
    const err = await httpClient(server.url, memberToken).members.list.query({}).catch((e) => e);
    expect(err.data.code).toBe('FORBIDDEN');
    expect(await httpClient(server.url, memberToken, 'mobile').users.getCurrentUser.query()).toMatchObject({ email: 'carl@contract.test', isFreeMember: true });
  });
});
