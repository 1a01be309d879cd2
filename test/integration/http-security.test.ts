import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { makeTestCore, type TestCore } from '../support/core';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// node's fetch will not let us set Host; a raw request can, as an attacker's browser would.
function raw(server: RunningServer, path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the local HTTP server', () => {
  let core: TestCore;
  let server: RunningServer;
  let token: string;
  let own: string;

  beforeAll(async () => {
    core = await makeTestCore('sqlite');
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: 'sec', name: 'Sec' }, owner);
    token = await core.services.auth.issue({ tenantId: tenant.id, userId: owner, role: 'ADMIN' });
    server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
    own = `127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
    await core?.dispose();
  });

  it('binds to loopback and answers /healthz', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await raw(server, '/healthz', { host: own });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, database: 'sqlite' });
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1.nip.io:${server.port}`]) {
      const res = await raw(server, '/healthz', { host });
      expect(res.status, host).toBe(403);
    }
    expect((await raw(server, '/healthz', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('sends no CORS headers and refuses cross-origin calls', async () => {
    const preflight = await raw(server, '/api/trpc/members.list', { host: own, origin: 'https://evil.example', 'access-control-request-method': 'GET' }, 'OPTIONS');
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const call = await raw(server, '/api/trpc/members.list', { host: own, origin: 'https://evil.example', authorization: `Bearer ${token}` });
    expect(call.status).toBe(403);
    const same = await raw(server, '/api/trpc/members.list', { host: own, origin: `http://${own}`, authorization: `Bearer ${token}` });
    expect(same.status).toBe(200);
    expect(same.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 401 with a JSON error without a token or with a bad one', async () => {
    for (const authorization of [undefined, 'Bearer nonsense', 'Basic dXNlcjpwYXNz', `Bearer ${token}x`]) {
      const res = await raw(server, '/api/trpc/members.list', { host: own, ...(authorization ? { authorization } : {}) });
      expect(res.status, authorization).toBe(401);
      expect(JSON.parse(res.body).error.json.data.code).toBe('UNAUTHORIZED');
    }
  });

  it('cuts a client that trickles its headers at the configured 10 s (it lived ~32 s)', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((res) => socket.once('connect', () => res()));
    const started = Date.now();
    socket.write(`GET /healthz HTTP/1.1\r\nHost: ${own}\r\n`);
    // One byte of a never-ending header a second: the socket is never idle, the headers never end.
    const trickle = setInterval(() => socket.writable && socket.write('x'), 1000);
    socket.on('error', () => undefined);
    socket.resume();
    await new Promise<void>((res) => socket.once('close', () => res()));
    clearInterval(trickle);
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(9.5);
    expect(seconds).toBeLessThan(12.5);
  });

  it('accepts content-type: application/json with an empty body (a body-less DELETE from common clients)', async () => {
    const headers = { host: own, authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await raw(server, '/admin/packages', headers, 'POST', JSON.stringify({ name: 'Empty body', price: 5 }));
    expect(created.status).toBe(201);
    const { id } = JSON.parse(created.body) as { id: string };
    const deleted = await raw(server, `/admin/packages/${id}`, headers, 'DELETE', '');
    expect(deleted.status, deleted.body).toBe(204);
    const list = await raw(server, '/admin/packages', headers);
    expect(JSON.parse(list.body)).toEqual([]);
    // A route that needs a body still says so, naming it.
    const empty = await raw(server, '/admin/packages', headers, 'POST', '');
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.body)).toMatchObject({ field: 'body' });
    // Broken JSON stays a 400.
    expect((await raw(server, '/admin/packages', headers, 'POST', '{')).status).toBe(400);
  });

  it('refuses bodies over 1 MB', async () => {
    const big = JSON.stringify({ json: { slug: 'x', name: 'y'.repeat(1_100_000) } });
    const res = await raw(server, '/api/trpc/tenants.create', { host: own, authorization: `Bearer ${token}`, 'content-type': 'application/json' }, 'POST', big);
    expect(res.status).toBe(413);
  });
});
