import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../support/proxy';

// Issue 17: two `serve` processes on one PostgreSQL behind a reverse proxy that answers as
// console.test, the way a team runs the console. Everything goes through real HTTP.

const PG_URL = process.env.TEST_DATABASE_URL;
const ROOT = resolve('.');
const SECRET = 'whsec_team_server_0123456789abcdef';
const PUBLIC = 'console.test';
const stripe = new Stripe('sk_test_unused');

interface Instance {
  name: string;
  port: number;
  child: ChildProcessWithoutNullStreams;
  out: string;
  err: string;
  exited: Promise<number | null>;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: () => { result?: { data?: { json?: unknown } }; error?: { json?: { message?: string } }; message?: string; tenantId?: string };
}

/** node:http, so the test picks the Host header and the client's own loopback address. */
function request(port: number, o: { method?: string; path: string; host?: string; headers?: Record<string, string>; body?: string; from?: string }): Promise<Answer> {
  return new Promise((res, rej) => {
    const r = http.request(
      { host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, localAddress: o.from, headers: { host: o.host ?? PUBLIC, ...(o.body ? { 'content-type': 'application/json' } : {}), ...o.headers } },
      (answer) => {
        let text = '';
        answer.on('data', (d: Buffer) => (text += d.toString()));
        answer.on('end', () => res({ status: answer.statusCode ?? 0, headers: answer.headers, text, json: () => JSON.parse(text) }));
      },
    );
    r.on('error', rej);
    r.end(o.body);
  });
}

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  const { port } = s.address() as AddressInfo;
  await new Promise((res) => s.close(res));
  return port;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!PG_URL)('two team servers on one PostgreSQL behind a proxy', () => {
  const schema = `team_${randomBytes(5).toString('hex')}`;
  const masterKey = randomBytes(32).toString('base64');
  const dirs: string[] = [];
  const instances: Instance[] = [];
  let admin: pg.Client;
  let proxy: TestProxy;
  let ownerCode = '';
  let ownerCookie = '';
  // Stands in for the owner's app behind `stripe listen --forward-to`: slow, so a shutdown finds forwards running.
  const forwarded: string[] = [];
  let receiverBusy = 0;
  const receiver = http.createServer((req, res) => {
    let body = '';
    receiverBusy += 1;
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () =>
      setTimeout(() => {
        forwarded.push((JSON.parse(body) as { id: string }).id);
        receiverBusy -= 1;
        res.end('ok');
      }, 1_500),
    );
  });

  function startServe(name: string, port: number): Instance {
    const dataDir = mkdtempSync(join(tmpdir(), `tc-team-${name}-`));
    dirs.push(dataDir);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src-main/cli/bin.ts'), 'serve', '--port', String(port), '--data-dir', dataDir, '--shutdown-timeout', '1'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: PG_URL,
          DATABASE_SCHEMA: schema,
          PUBLIC_URL: `http://${PUBLIC}`,
          TRUST_PROXY: '127.0.0.1',
          METRICS_TOKEN: 'scrape-token-0123456789',
          TENANT_CONSOLE_MASTER_KEY: masterKey,
          STRIPE_WEBHOOK_SECRET: SECRET,
          SMTP_URL: '',
          MAIL_FROM: '',
          LOG_LEVEL: 'warn',
        },
      },
    );
    const inst: Instance = { name, port, child, out: '', err: '', exited: new Promise((res) => child.on('exit', res)) };
    child.stdout.on('data', (d: Buffer) => (inst.out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (inst.err += d.toString()));
    instances.push(inst);
    return inst;
  }

  const trpc = {
    query: (path: string, input: unknown, cookie: string) =>
      request(proxy.port, { path: `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, headers: { cookie } }),
    mutate: (path: string, input: unknown, cookie: string, headers: Record<string, string> = {}) =>
      request(proxy.port, { method: 'POST', path: `/api/trpc/${path}`, body: JSON.stringify({ json: input }), headers: { cookie, ...headers } }),
  };
  const signIn = (code: string, from?: string) => request(proxy.port, { method: 'POST', path: '/auth/session', body: JSON.stringify({ code }), from });
  const cookieOf = (a: Answer) => String(a.headers['set-cookie']?.[0] ?? '').split(';')[0]!;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.query(`SET search_path TO "${schema}"`);
    await new Promise<void>((res) => receiver.listen(0, '127.0.0.1', res));
  });

  afterAll(async () => {
    for (const i of instances) i.child.kill('SIGKILL');
    await proxy?.close();
    receiver.closeAllConnections();
    receiver.close();
    await admin?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin?.end();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('instances started together run the migrations once; /readyz is 503 until they are done', async () => {
    // Hold the migration lock, as a slow first instance would: both must wait behind a 503.
    await admin.query(`SELECT pg_advisory_lock(hashtext('tenant-console.migrate:' || current_schema()))`);
    const [a, b] = [startServe('a', await freePort()), startServe('b', await freePort())];
    for (const inst of [a, b]) {
      const ready = await until(`${inst.name} to answer`, () => request(inst.port, { path: '/readyz', host: `127.0.0.1:${inst.port}` }));
      expect(ready.status).toBe(503);
      expect(ready.headers['retry-after']).toBe('1');
      expect((await request(inst.port, { path: '/healthz', host: `127.0.0.1:${inst.port}` })).status).toBe(200);
    }
    await admin.query(`SELECT pg_advisory_unlock(hashtext('tenant-console.migrate:' || current_schema()))`);
    for (const inst of [a, b]) await until(`${inst.name} to listen`, async () => (inst.out.includes('Sign in:') ? true : undefined));
    const reports = [a, b].map((i) => /Database schema: (applied \d+ migrations|up to date)/.exec(i.err)?.[1]).sort();
    expect(reports[0]).toMatch(/^applied \d+ migrations$/);
    expect(reports[1]).toBe('up to date');
    const { rows } = await admin.query('SELECT name, COUNT(*)::int AS n FROM schema_migrations GROUP BY name HAVING COUNT(*) > 1');
    expect(rows).toEqual([]);
    for (const inst of [a, b]) expect((await request(inst.port, { path: '/readyz', host: `127.0.0.1:${inst.port}` })).status).toBe(200);

    // Both print links with the public URL, never the address they bind.
    expect(a.out).toMatch(new RegExp(`listening on http://${PUBLIC}\\n`));
    ownerCode = /Sign in: http:\/\/console\.test\/#code=([\w-]+)/.exec(a.out)![1]!;
    proxy = await startProxy([a, b].map((i) => ({ host: '127.0.0.1', port: i.port })), PUBLIC);
  });

  it('a teammate invited by the owner signs in with the one-time link, lists members and signs out; the link works once', async () => {
    const owner = await signIn(ownerCode);
    expect(owner.status).toBe(200);
    ownerCookie = cookieOf(owner);

    const invited = await trpc.mutate('settings.team.invite', { email: 'tess@team.test', name: 'Tess Teammate' }, ownerCookie);
    expect(invited.status).toBe(200);
    const invite = invited.json().result!.data!.json as { link: string; emailed: boolean };
    // No SMTP: the owner is shown the link to pass on; it points at the public URL.
    expect(invite.emailed).toBe(false);
    expect(invite.link).toMatch(/^http:\/\/console\.test\/#code=[\w-]{20,}$/);
    const code = invite.link.split('#code=')[1]!;

    const first = await signIn(code);
    expect(first.status).toBe(200);
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/^tc_session=[\w.-]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    expect(first.text).not.toMatch(/eyJ/); // the token is in the cookie only, never readable by page scripts
    const cookie = cookieOf(first);

    // Through the proxy to either instance: both accept the session.
    for (let i = 0; i < 2; i++) {
      const members = await trpc.query('members.list', { limit: 50 }, cookie);
      expect(members.status).toBe(200);
      const emails = (members.json().result!.data!.json as { items: { email: string }[] }).items.map((m) => m.email);
      expect(emails).toContain('tess@team.test');
    }
    expect(new Set(proxy.hits).size).toBe(2);

    // The owner sees the teammate's session (browser, real client address).
    const sessions = (await trpc.query('settings.team.sessions', {}, ownerCookie)).json().result!.data!.json as { email: string; clientIp: string }[];
    expect(sessions.find((s) => s.email === 'tess@team.test')).toMatchObject({ clientIp: '127.0.0.1' });

    // The Origin check stays: a cookie from another site's page is refused.
    const crossSite = await trpc.mutate('settings.team.invite', { email: 'x@evil.test' }, ownerCookie, { origin: 'http://evil.test' });
    expect(crossSite.status).toBe(403);

    const out = await request(proxy.port, { method: 'DELETE', path: '/auth/session', headers: { cookie } });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await trpc.query('members.list', { limit: 50 }, cookie)).status).toBe(401);

    const again = await signIn(code);
    expect(again.status).toBe(401);
    expect(again.json().message).toMatch(/already used/);
  });

  it('refuses another Host, through the proxy and directly', async () => {
    const viaProxy = await request(proxy.port, { path: '/readyz', host: 'evil.example' });
    expect(viaProxy.status).toBe(403);
    expect(viaProxy.json().message).toMatch(/only answers to its own host name/);
    // X-Forwarded-Host counts only from the trusted proxy; the instance's own port still answers to console.test.
    expect((await request(instances[0]!.port, { path: '/readyz', host: 'evil.example' })).status).toBe(403);
    expect((await request(proxy.port, { path: '/readyz' })).status).toBe(200);
  });

  it('a signed Stripe webhook through the proxy is applied once, even when Stripe sends it to both instances', async () => {
    const event = { id: `evt_team_${randomBytes(6).toString('hex')}`, object: 'event', api_version: '2025-03-31.basil', created: Math.floor(Date.now() / 1000), type: 'customer.created', data: { object: { id: 'cus_team', object: 'customer', email: 'c@team.test', metadata: {} } }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } };
    const payload = JSON.stringify(event);
    proxy.pin(null);
    for (let i = 0; i < 2; i++) {
      const header = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
      const r = await request(proxy.port, { method: 'POST', path: '/api/webhooks/stripe', body: payload, headers: { 'stripe-signature': header } });
      expect(r.status).toBe(200);
    }
    const row = await until('the event to be processed', async () => {
      const { rows } = await admin.query('SELECT status, COUNT(*) OVER () AS n FROM webhook_events WHERE provider_event_id = $1', [event.id]);
      return rows[0]?.status !== 'received' && rows[0] ? rows : undefined;
    });
    expect(row).toHaveLength(1);
    expect(['applied', 'ignored']).toContain(row[0].status);
  });

  it('limits sign-in attempts per real client address: 429 with Retry-After', async () => {
    proxy.pin(0);
    const tries: number[] = [];
    for (let i = 0; i < 10; i++) tries.push((await signIn('nope-nope-nope-nope-nope', '127.0.0.2')).status);
    expect(tries.every((s) => s === 401)).toBe(true);
    const limited = await signIn('nope-nope-nope-nope-nope', '127.0.0.2');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client behind the same proxy is not held back.
    expect((await signIn('nope-nope-nope-nope-nope', '127.0.0.3')).status).toBe(401);
    proxy.pin(null);
  });

  it('/metrics: Prometheus text for the scrape token, refused without it', async () => {
    expect((await request(proxy.port, { path: '/metrics' })).status).toBe(401);
    const m = await request(proxy.port, { path: '/metrics', headers: { authorization: 'Bearer scrape-token-0123456789' } });
    expect(m.status).toBe(200);
    expect(m.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(m.text).toMatch(/^tenant_console_jobs_queued\{kind="webhooks"\} \d+$/m);
    expect(m.text).toMatch(/^tenant_console_jobs_oldest_due_age_seconds\{kind="deliveries"\} [\d.]+$/m);
    expect(m.text).toMatch(/^tenant_console_http_requests_total\{method="POST",route="\/auth\/session",status="401"\} \d+$/m);
  });

  it('SIGTERM during a burst of jobs: nothing is lost, leases are handed back, the other instance runs the rest at once', async () => {
    const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    expect((await trpc.mutate('webhooks.forward.set', { url: target }, ownerCookie)).status).toBe(200);
    // Each instance reads the forward URL at most every 5 s: wait until both forward.
    const probe = async (i: number) => {
      proxy.pin(i);
      const id = `evt_probe_${i}_${randomBytes(4).toString('hex')}`;
      await postEvent(id);
      await until(`instance ${i} to forward`, async () => (forwarded.includes(id) ? true : undefined), 30_000);
    };
    await probe(0);
    await probe(1);
    proxy.pin(null);

    const ids = Array.from({ length: 24 }, (_, i) => `evt_burst_${i}_${randomBytes(4).toString('hex')}`);
    for (const id of ids) await postEvent(id);
    const [a] = instances;
    // Forwards are running (each takes 1.5 s, longer than the 1 s shutdown timeout): stop A now.
    await until('forwards to be running', async () => (receiverBusy > 0 ? true : undefined));
    const { rows } = await admin.query(`SELECT COUNT(*)::int AS n FROM jobs WHERE status IN ('pending', 'running')`);
    const stoppedAt = Date.now();
    a!.child.kill('SIGTERM');
    expect(await a!.exited).toBe(0);
    await until('every event to be forwarded', async () => (ids.every((id) => forwarded.includes(id)) ? true : undefined), 60_000);
    const tookMs = Date.now() - stoppedAt;
    // A lease left behind would hold its job for the 20 s lease; handed back, B runs it at once.
    expect(tookMs).toBeLessThan(15_000);
    const handedBack = /jobs handed back at shutdown.*?"count":(\d+)/.exec(a!.err)?.[1];
    expect(Number(handedBack)).toBeGreaterThan(0);
    // Empty of what is due: periodic work (hourly checks, provider polls, catch-ups) waits in the queue for later.
    await until('the queue to empty', async () => ((await admin.query(`SELECT COUNT(*)::int AS n FROM jobs WHERE status = 'running' OR (status = 'pending' AND run_at <= $1)`, [new Date().toISOString()])).rows[0].n === 0 ? true : undefined));
    const ledger = await admin.query('SELECT COUNT(*)::int AS n FROM webhook_events WHERE provider_event_id = ANY($1)', [ids]);
    expect(ledger.rows[0].n).toBe(ids.length);
    console.info(`SIGTERM with ${rows[0].n} jobs unfinished, ${handedBack} of them running on A and handed back: all ${ids.length} forwards done ${tookMs} ms later`);
  });

  async function postEvent(id: string) {
    const payload = JSON.stringify({ id, object: 'event', api_version: '2025-03-31.basil', created: Math.floor(Date.now() / 1000), type: 'customer.updated', data: { object: { id: 'cus_burst', object: 'customer', metadata: {} } }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } });
    const r = await request(proxy.port, { method: 'POST', path: '/api/webhooks/stripe', body: payload, headers: { 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) } });
    expect(r.status).toBe(200);
  }
});
