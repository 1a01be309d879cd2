import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiContext } from '../../src-main/core/api/context';
import { appRouter } from '../../src-main/core/api/router';
import { createCallerFactory } from '../../src-main/core/api/trpc';
import { fixedClock } from '../../src-main/core/platform/clock';
import { createCore, type Core } from '../../src-main/core/create-core';
import type { DomainEventData, DomainEventType } from '../../src-main/core/platform/events';
import { enqueueJob } from '../../src-main/core/platform/jobs/queue';
import { silentLogger } from '../../src-main/core/platform/logger';
import { postTo } from '../../src-main/core/areas/webhooks/outgoing/http-post';
import { DELIVERY_SCHEDULE_MS, retryAfterMs } from '../../src-main/core/areas/webhooks/outgoing/schedule';
import { dialects, type TestDialect } from '../support/core';

// Outgoing member-lifecycle webhooks against a real local receiver: Standard Webhooks signatures
// checked with the spec's own library, the retry schedule walked with a hand-moved clock, and a
// restart of the core in the middle of it.

const createCaller = createCallerFactory(appRouter);

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
type Reply = { status: number; headers?: Record<string, string>; body?: string };

/** A receiver that answers from a script (the last reply repeats) and records every request. */
async function startReceiver(script: Reply[], port = 0) {
  const received: Received[] = [];
  const replies = [...script];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body ?? `answer ${reply.status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    received,
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}/hooks`,
    script: (next: Reply[]) => replies.splice(0, replies.length, ...next),
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** A core on a database that outlives it, so that a test can "restart" the app. */
function persistentStore(dialect: TestDialect) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tc-out-'));
  const masterKey = randomBytes(32).toString('base64');
  const schema = dialect === 'postgres' ? `test_${randomBytes(6).toString('hex')}` : undefined;
  const open = (clock: ReturnType<typeof fixedClock>) =>
    createCore({ dataDir, masterKey, databaseUrl: schema ? process.env.TEST_DATABASE_URL : undefined, postgresSchema: schema, logger: silentLogger, clock, providers: {} });
  return {
    open,
    async destroy(core: Core) {
      if (schema) await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(core.database.db);
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Verifies as a receiver would, at the moment the attempt was made (the test clock runs ahead). */
function verifyAt(secret: string, r: Received) {
  const ts = Number(r.headers['webhook-timestamp']);
  const spy = vi.spyOn(Date, 'now').mockReturnValue(ts * 1000);
  try {
    return new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
  } finally {
    spy.mockRestore();
  }
}

describe.each(dialects)('outgoing webhooks on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(script: Reply[]) {
    const clock = fixedClock(new Date().toISOString());
    const store = persistentStore(dialect);
    let core = await store.open(clock);
    const receiver = await startReceiver(script);
    cleanups.push(async () => {
      await receiver.close();
      await store.destroy(core);
    });
    const ownerId = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: `out-${randomBytes(3).toString('hex')}`, name: 'Out' }, ownerId);
    const api = () => createCaller(apiContext(core, { userId: ownerId, tenantId: tenant.id, role: 'ADMIN', isConsoleOwner: true }, 'script'));
    const publish = <T extends DomainEventType>(type: T, data: DomainEventData<T>) => core.services.events.publish(core.database.db, { type, tenantId: tenant.id, data });
    return {
      clock,
      tenantId: tenant.id,
      receiver,
      api,
      publish,
      get core() {
        return core;
      },
      /** Closes this core and opens a new one on the same database, as a restarted app would. */
      async restart() {
        await core.close();
        core = await store.open(clock);
      },
      drain: () => core.jobs.drain(),
    };
  }

  it('delivers after 3 failures (500, refused, then a restart, 503) with the same webhook-id, each signature verifying', async () => {
    const t = await setup([{ status: 500, body: 'boom' }]);
    const { endpoint, secret } = await t.api().webhooks.endpoints.create({ url: t.receiver.url, events: ['member.joined'], description: 'my app' });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(endpoint).toMatchObject({ url: t.receiver.url, events: ['member.joined'], enabled: true, description: 'my app', deliveries: { pending: 0, delivered: 0, failed: 0 } });

    const event = await t.publish('member.joined', { userId: 'user_abc123', email: 'member@example.com', joinSource: 'free_signup', groups: ['group_public_lounge'] });
    await t.drain();
    expect(t.receiver.received).toHaveLength(1);
    let [delivery] = (await t.api().webhooks.deliveries.list({})).items;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500', eventType: 'member.joined' });
    expect(Date.parse(delivery!.nextAttemptAt!) - t.clock.nowMs()).toBe(5_000);

    // The receiver goes away: connection refused.
    await t.receiver.close();
    t.clock.advance(4_000);
    await t.drain();
    expect((await t.api().webhooks.deliveries.get({ id: delivery!.id })).attemptLog).toHaveLength(1); // not due yet
    t.clock.advance(1_000);
    await t.drain();
    delivery = await t.api().webhooks.deliveries.get({ id: delivery!.id });
    expect(delivery).toMatchObject({ status: 'pending', attempts: 2, lastError: 'connection refused' });

    // The app restarts mid-schedule; the receiver is back but still failing once.
    await t.restart();
    const back = await startReceiver([{ status: 503, body: 'starting up' }, { status: 200, body: '{"ok":true}' }], t.receiver.port);
    cleanups.push(back.close);
    t.clock.advance(DELIVERY_SCHEDULE_MS[2]);
    await t.drain();
    t.clock.advance(DELIVERY_SCHEDULE_MS[3]);
    await t.drain();

    const done = await t.api().webhooks.deliveries.get({ id: delivery.id });
    expect(done).toMatchObject({ status: 'delivered', attempts: 4, lastError: null, nextAttemptAt: null });
    expect(done.attemptLog.map((a) => a.statusCode)).toEqual([500, null, 503, 200]);
    expect(done.attemptLog.map((a) => a.responseExcerpt)).toEqual(['boom', null, 'starting up', '{"ok":true}']);
    expect(done.attemptLog[1]!.error).toBe('connection refused');
    for (const a of done.attemptLog) expect(a.durationMs).toBeGreaterThanOrEqual(0);

    const all = [...t.receiver.received, ...back.received];
    expect(all).toHaveLength(3);
    const ids = new Set(all.map((r) => r.headers['webhook-id']));
    expect(ids).toEqual(new Set([done.messageId]));
    expect(done.messageId).toBe(`msg_${event.id.replace(/^evt_/, '')}`);
    expect(new Set(all.map((r) => r.headers['webhook-timestamp'])).size).toBe(3);
    for (const r of all) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(verifyAt(secret, r)).toEqual({
        event: 'member.joined',
        timestamp: event.timestamp.replace(/\.\d{3}Z$/, 'Z'),
        data: { userId: 'user_abc123', tenantId: t.tenantId, email: 'member@example.com', joinSource: 'free_signup', groups: ['group_public_lounge'] },
      });
    }
    // A signature is bound to its body and secret.
    const last = all[2]!;
    expect(() => verifyAt(secret, { ...last, body: last.body.replace('abc123', 'abc124') })).toThrow(/signature/i);
    expect(() => verifyAt(`whsec_${randomBytes(32).toString('base64')}`, last)).toThrow(/signature/i);
    expect((await t.api().webhooks.endpoints.list())[0]!.deliveries).toEqual({ pending: 0, delivered: 1, failed: 0 });
  });

  it('makes one delivery per matching enabled endpoint and event, even when the event is dispatched twice', async () => {
    const t = await setup([{ status: 204 }]);
    const api = t.api();
    const members = await api.webhooks.endpoints.create({ url: t.receiver.url, events: ['member.joined', 'member.left'] });
    const billing = await api.webhooks.endpoints.create({ url: `${t.receiver.url}?billing`, events: ['subscription.created', 'payment.failed'] });
    const off = await api.webhooks.endpoints.create({ url: `${t.receiver.url}?off`, events: ['member.joined'] });
    await api.webhooks.endpoints.update({ id: off.endpoint.id, enabled: false });

    const joined = await t.publish('member.joined', { userId: 'user_1', email: 'a@example.com', joinSource: 'paid', groups: [] });
    await t.publish('subscription.created', { userId: 'user_1', tenantId: t.tenantId, planId: 'price_monthly_49', status: 'active', currentPeriodEnd: '2026-05-08T12:00:00.000Z' });
    await t.publish('member.role_changed', { userId: 'user_1', from: 'MEMBER', to: 'ADMIN' });
    await t.drain();
    // The same domain event handed to the listeners again (a retried dispatch).
    await enqueueJob(t.core.database.db, t.clock, { kind: 'domain-event.dispatch', payload: joined });
    await t.drain();

    const deliveries = (await api.webhooks.deliveries.list({})).items;
    expect(deliveries.map((d) => [d.endpointId, d.eventType, d.status]).sort()).toEqual(
      [
        [billing.endpoint.id, 'subscription.created', 'delivered'],
        [members.endpoint.id, 'member.joined', 'delivered'],
      ].sort(),
    );
    expect(t.receiver.received).toHaveLength(2);
    const sub = t.receiver.received.map((r) => JSON.parse(r.body)).find((b) => b.event === 'subscription.created');
    expect(sub.data).toEqual({ userId: 'user_1', tenantId: t.tenantId, planId: 'price_monthly_49', status: 'active', currentPeriodEnd: '2026-05-08T12:00:00.000Z' });
    expect((await api.webhooks.deliveries.list({ endpointId: billing.endpoint.id })).items).toHaveLength(1);
    expect((await api.webhooks.deliveries.list({ status: 'failed' })).items).toHaveLength(0);
    const page = await api.webhooks.deliveries.list({ limit: 1 });
    expect(page.nextCursor).toEqual(expect.any(String));
    expect((await api.webhooks.deliveries.list({ limit: 1, cursor: page.nextCursor! })).items[0]!.id).not.toBe(page.items[0]!.id);

    // The secret is shown once; the list never carries it. Rotation signs from then on with the new one.
    const listed = await api.webhooks.endpoints.list();
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    expect(listed.find((e) => e.id === off.endpoint.id)).toMatchObject({ enabled: false, disabledReason: 'disabled by the owner' });
    const rotated = await api.webhooks.endpoints.rotateSecret({ id: members.endpoint.id });
    expect(rotated.secret).not.toBe(members.secret);
    await t.publish('member.left', { userId: 'user_1', reason: 'removed' });
    await t.drain();
    const left = t.receiver.received[2]!;
    expect(JSON.parse(left.body)).toMatchObject({ event: 'member.left', data: { userId: 'user_1', tenantId: t.tenantId, reason: 'removed' } });
    expect(verifyAt(rotated.secret, left)).toMatchObject({ event: 'member.left' });
    expect(() => verifyAt(members.secret, left)).toThrow();

    await api.webhooks.endpoints.delete({ id: billing.endpoint.id });
    expect((await api.webhooks.endpoints.list()).map((e) => e.id)).not.toContain(billing.endpoint.id);
    await expect(api.webhooks.endpoints.delete({ id: billing.endpoint.id })).rejects.toThrow(/no webhook endpoint/);
    await expect(api.webhooks.endpoints.create({ url: t.receiver.url, events: [] })).rejects.toThrow(/events/);
    await expect(api.webhooks.endpoints.create({ url: t.receiver.url, events: ['member.erased' as never] })).rejects.toThrow(/events/);
  });

  it('disables the endpoint on 410 Gone and fails the delivery; resend works once it is enabled again', async () => {
    const t = await setup([{ status: 410, body: 'gone' }]);
    const api = t.api();
    const { endpoint } = await api.webhooks.endpoints.create({ url: t.receiver.url, events: ['payment.failed'] });
    await t.publish('payment.failed', { userId: 'user_9', subscriptionId: 'sub_1', planId: 'price_1', status: 'past_due' });
    await t.drain();
    const [delivery] = (await api.webhooks.deliveries.list({})).items;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null, lastError: expect.stringMatching(/410/) });
    const [disabled] = await api.webhooks.endpoints.list();
    expect(disabled).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/410 Gone/) });

    // Nothing more is sent to it: neither new events nor retries.
    await t.publish('payment.failed', { userId: 'user_9', subscriptionId: 'sub_1', planId: 'price_1', status: 'past_due' });
    t.clock.advance(3_600_000);
    await t.drain();
    expect(t.receiver.received).toHaveLength(1);
    await expect(api.webhooks.deliveries.resend({ id: delivery!.id })).rejects.toThrow(/disabled; enable it first/);

    t.receiver.script([{ status: 200 }]);
    await api.webhooks.endpoints.update({ id: endpoint.id, enabled: true });
    expect((await api.webhooks.endpoints.list())[0]).toMatchObject({ enabled: true, disabledReason: null });
    expect(await api.webhooks.deliveries.resend({ id: delivery!.id })).toMatchObject({ status: 'pending', attempts: 0 });
    await t.drain();
    const resent = await api.webhooks.deliveries.get({ id: delivery!.id });
    expect(resent).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(resent.attemptLog.map((a) => a.statusCode)).toEqual([410, 200]);
    expect(t.receiver.received[1]!.headers['webhook-id']).toBe(t.receiver.received[0]!.headers['webhook-id']);
  });

  it('honours Retry-After on 429, in seconds and as an HTTP date', async () => {
    const t = await setup([{ status: 429, headers: { 'retry-after': '120' } }]);
    const api = t.api();
    await api.webhooks.endpoints.create({ url: t.receiver.url, events: ['member.joined'] });
    await t.publish('member.joined', { userId: 'user_2', email: 'b@example.com', joinSource: 'invite_link', groups: [] });
    await t.drain();
    let [d] = (await api.webhooks.deliveries.list({})).items;
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/429.*Retry-After/) });
    expect(Date.parse(d!.nextAttemptAt!) - t.clock.nowMs()).toBe(120_000);

    const at = new Date(Math.ceil((t.clock.nowMs() + 3_600_000) / 1000) * 1000);
    t.receiver.script([{ status: 429, headers: { 'retry-after': at.toUTCString() } }]);
    t.clock.advance(DELIVERY_SCHEDULE_MS[1]); // the schedule's 5 s is not enough: Retry-After wins
    await t.drain();
    expect(t.receiver.received).toHaveLength(1);
    t.clock.advance(120_000 - DELIVERY_SCHEDULE_MS[1]);
    await t.drain();
    [d] = (await api.webhooks.deliveries.list({})).items;
    expect(t.receiver.received).toHaveLength(2);
    expect(d).toMatchObject({ attempts: 2, nextAttemptAt: at.toISOString() });

    t.receiver.script([{ status: 200 }]);
    t.clock.set(new Date(at.getTime() - 1_000).toISOString());
    await t.drain();
    expect(t.receiver.received).toHaveLength(2);
    t.clock.set(at.toISOString());
    await t.drain();
    expect((await api.webhooks.deliveries.list({})).items[0]).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(retryAfterMs('soon', 0)).toBeNull();
  });

  it('fails a delivery after the whole schedule (about 31.5 hours), and a resend starts it again', async () => {
    const t = await setup([{ status: 500, body: 'x'.repeat(5_000) }]);
    const api = t.api();
    await api.webhooks.endpoints.create({ url: t.receiver.url, events: ['subscription.canceled'] });
    await t.publish('subscription.canceled', { userId: 'user_3', planId: 'price_1', status: 'canceled', currentPeriodEnd: null });
    await t.drain();
    for (const delay of DELIVERY_SCHEDULE_MS.slice(1)) {
      t.clock.advance(delay);
      await t.drain();
    }
    expect(DELIVERY_SCHEDULE_MS.reduce<number>((a, b) => a + b, 0) / 3_600_000).toBeCloseTo(31.6, 1);
    const [d] = (await api.webhooks.deliveries.list({})).items;
    expect(d).toMatchObject({ status: 'failed', attempts: 8, nextAttemptAt: null, lastError: 'HTTP 500; gave up after 8 attempts' });
    t.clock.advance(48 * 3_600_000);
    await t.drain();
    expect(t.receiver.received).toHaveLength(8);

    await api.webhooks.deliveries.resend({ id: d!.id });
    await t.drain();
    expect(t.receiver.received).toHaveLength(9);
    const log = (await api.webhooks.deliveries.get({ id: d!.id })).attemptLog;
    expect(log).toHaveLength(9);
    expect(log.every((a) => a.statusCode === 500 && a.responseExcerpt === 'x'.repeat(1024))).toBe(true);

    // A receiver that never answers: the attempt ends at the timeout and counts as a failure to retry.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => { silent.close(() => resolve()); silent.closeAllConnections(); }));
    const hung = await postTo(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, '{}', {}, { timeoutMs: 300, excerptBytes: 10 });
    expect(hung).toMatchObject({ response: null, failure: 'timeout', error: 'no answer within 0.3 s' });
    expect(hung.durationMs).toBeGreaterThanOrEqual(250);
  });

  it('refuses link-local and cloud-metadata targets naming url, and checks resolved addresses when sending', async () => {
    const t = await setup([{ status: 200 }]);
    const api = t.api();
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://169.254.10.1:8080/hook',
      'http://[fe80::1]/hook',
      'http://[fd00:ec2::254]/',
      'http://[::ffff:169.254.169.254]/',
      'http://2852039166/',
      'http://metadata.google.internal/computeMetadata/v1/',
    ]) {
      const err = await api.webhooks.endpoints.create({ url, events: ['member.joined'] }).catch((e: unknown) => e as TRPCError);
      expect(err, url).toBeInstanceOf(TRPCError);
      expect(err, url).toMatchObject({ code: 'BAD_REQUEST', cause: { details: { field: 'url' } } });
      expect((err as Error).message, url).toMatch(/^url: .*(link-local|metadata)/);
    }
    await expect(api.webhooks.endpoints.create({ url: 'ftp://example.com/x', events: ['member.joined'] })).rejects.toThrow(/url/);
    for (const url of ['http://localhost:3000/webhooks', 'http://127.0.0.1:3000/x', 'https://hooks.example.com/in', 'http://[::1]:3000/', 'http://192.168.1.20/hook']) {
      await expect(api.webhooks.endpoints.create({ url, events: ['member.joined'] }), url).resolves.toMatchObject({ endpoint: { enabled: true } });
    }
    const { endpoint } = await api.webhooks.endpoints.create({ url: t.receiver.url, events: ['member.left'] });
    await expect(api.webhooks.endpoints.update({ id: endpoint.id, url: 'http://169.254.169.254/' })).rejects.toThrow(/^url: /);
    expect(await t.core.database.db.selectFrom('auditLog').select('action').where('targetId', '=', endpoint.id).execute()).toEqual([{ action: 'webhooks.endpoint_created' }]);

    // At delivery time the name is resolved and the address checked before connecting.
    const resolveTo = (address: string) => (_host: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => cb(null, [{ address, family: 4 }]);
    const target = `http://hooks.example.test:${t.receiver.port}/hooks`;
    const refused = await postTo(target, '{}', {}, { timeoutMs: 2_000, excerptBytes: 100, resolve: resolveTo('169.254.169.254') });
    expect(refused).toMatchObject({ response: null, failure: 'refused_address', error: expect.stringMatching(/resolves to 169\.254\.169\.254.*metadata/) });
    const allowed = await postTo(target, '{}', {}, { timeoutMs: 2_000, excerptBytes: 100, resolve: resolveTo('127.0.0.1') });
    expect(allowed.response?.status).toBe(200);
    expect(t.receiver.received).toHaveLength(1);

    // A stored URL that is no longer allowed (an older row): the delivery fails, nothing is sent.
    await t.core.database.db.updateTable('webhookEndpoints').set({ url: 'http://169.254.169.254/hook' }).where('id', '=', endpoint.id).execute();
    await t.publish('member.left', { userId: 'user_4', reason: 'removed' });
    await t.drain();
    const [d] = (await api.webhooks.deliveries.list({ endpointId: endpoint.id })).items;
    expect(d).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/metadata/) });
    expect(t.receiver.received).toHaveLength(1);
  });
});
