import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TRPCError } from '@trpc/server';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { apiContext } from '../../src-main/core/api/context';
import { appRouter } from '../../src-main/core/api/router';
import { createCallerFactory } from '../../src-main/core/api/trpc';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { lemonSqueezyHandler } from '../../src-main/core/areas/webhooks/handlers/lemonsqueezy';
import { stripeHandler } from '../../src-main/core/areas/webhooks/handlers/stripe';
import { LEMONSQUEEZY_HANDLED_TYPES, STRIPE_HANDLED_TYPES } from '../../src-shared/webhook-types';
import { signLemonSqueezy } from '../../src-main/core/areas/webhooks/verify';
import { dialects, makeTestCore, type TestCore, type TestDialect } from '../support/core';

// The webhook lab (compose, sign, send to self or a URL, replay) and forward mode, end to end over
// real HTTP: what reaches a receiver is checked with the providers' own verification.

const createCaller = createCallerFactory(appRouter);
const STRIPE_SECRET = 'whsec_lab_primary_0123456789abcdef';
const LS_SECRET = 'ls_lab_signing_secret_0123456789';
const stripe = new Stripe('sk_test_unused');

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

async function startReceiver(status = 202, body = '{"thanks":true}') {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'content-type': 'application/json', 'x-receiver': 'owner-app' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { received, url: `http://localhost:${port}/api/webhooks`, close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }) };
}

let core: TestCore | undefined;
let server: RunningServer | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await server?.close();
  await core?.dispose();
  server = core = undefined;
});

async function setup(dialect: TestDialect, options: { secrets?: boolean } = {}) {
  core = await makeTestCore(dialect);
  const c = core;
  if (options.secrets !== false) {
    await c.services.webhooks.signingSecrets.set('stripe', [STRIPE_SECRET]);
    await c.services.webhooks.signingSecrets.set('lemonsqueezy', [LS_SECRET]);
  }
  const ownerId = await c.services.owner.id();
  const tenant = await c.services.tenants.create({ slug: `lab${randomBytes(3).toString('hex')}`, name: 'Lab Club' }, ownerId);
  const groupId = `group_${randomBytes(6).toString('hex')}`;
  await c.database.db.insertInto('groups').values({ id: groupId, tenantId: tenant.id, name: 'Lounge', description: null, createdAt: new Date().toISOString() }).execute();
  server = await startHttpServer(c, { host: '127.0.0.1', port: 0 });
  const api = createCaller(apiContext(c, { userId: ownerId, tenantId: tenant.id, role: 'ADMIN', isConsoleOwner: true }, 'script'));
  const ledger = () => c.database.db.selectFrom('webhookEvents').selectAll().orderBy('receivedAt').orderBy('id').execute();
  return { core: c, api, tenantId: tenant.id, groupId, ledger };
}

describe.each(dialects)('webhook lab on %s', (dialect) => {
  it('has a template for every event type the handlers know, filled with the tenant, and each one applies when sent to self', async () => {
    const t = await setup(dialect);
    const templates = await t.api.webhooks.lab.templates();
    expect(templates.filter((x) => x.provider === 'stripe').map((x) => x.type).sort()).toEqual([...STRIPE_HANDLED_TYPES].sort());
    expect(templates.filter((x) => x.provider === 'lemonsqueezy').map((x) => x.type).sort()).toEqual([...LEMONSQUEEZY_HANDLED_TYPES].sort());
    for (const x of templates) {
      expect(x.label.length, x.type).toBeGreaterThan(5);
      expect((x.provider === 'stripe' ? stripeHandler : lemonSqueezyHandler).handles(x.type), x.type).toBe(true);
      expect(x.payload, x.type).toContain(t.tenantId);
    }
    // The handlers know no type the lab lacks (spot checks of neighbours).
    expect(stripeHandler.handles('charge.refunded')).toBe(false);
    expect(lemonSqueezyHandler.handles('license_key_created')).toBe(false);
    expect(JSON.parse(templates.find((x) => x.type === 'checkout.session.completed')!.payload).data.object.metadata).toMatchObject({ tenantId: t.tenantId, groupId: t.groupId });

    const first = await t.api.webhooks.lab.send({ provider: 'stripe', payload: templates[0]!.payload, target: 'self' });
    expect(first.request).toMatchObject({ method: 'POST', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/webhooks\/stripe$/), body: templates[0]!.payload });
    expect(first.request.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}/);
    expect(first.response).toMatchObject({ status: 200, truncated: false });
    expect(JSON.parse(first.response!.body)).toMatchObject({ received: true, duplicate: false });
    expect(first.error).toBeNull();
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
    await t.core.jobs.drain();
    const user = await t.core.database.db.selectFrom('users').select('id').where('email', '=', 'new.member@example.com').executeTakeFirstOrThrow();
    expect((await t.core.services.users.getCurrentUser(user.id, t.tenantId)).isFreeMember).toBe(false);
    expect(await t.core.database.db.selectFrom('groupMembers').select('groupId').where('userId', '=', user.id).execute()).toEqual([{ groupId: t.groupId }]);

    for (const x of templates.slice(1)) {
      const sent = await t.api.webhooks.lab.send({ provider: x.provider, payload: x.payload, target: 'self' });
      expect(sent.response?.status, x.type).toBe(200);
      await t.core.jobs.drain();
    }
    const rows = await t.ledger();
    expect(rows).toHaveLength(templates.length);
    for (const row of rows) expect([row.type, row.status, row.lastError]).toEqual([row.type, 'applied', null]);
  });

  it('sends to any URL and shows the receiver\'s answer; replays a ledger event re-signed; refuses bad input naming the field', async () => {
    const t = await setup(dialect);
    const receiver = await startReceiver(202, `{"thanks":true,"pad":"${'x'.repeat(20_000)}"}`);
    closers.push(receiver.close);
    const [template] = await t.api.webhooks.lab.templates();
    const result = await t.api.webhooks.lab.send({ provider: 'stripe', payload: template!.payload, target: { url: receiver.url } });
    expect(result.request.url).toBe(receiver.url);
    expect(result.response).toMatchObject({ status: 202, truncated: true, headers: expect.objectContaining({ 'x-receiver': 'owner-app' }) });
    expect(result.response!.body).toHaveLength(16 * 1024);
    expect(result.response!.body.startsWith('{"thanks":true')).toBe(true);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.body).toBe(template!.payload);
    const event = stripe.webhooks.constructEvent(receiver.received[0]!.body, receiver.received[0]!.headers['stripe-signature'] as string, STRIPE_SECRET);
    expect(event.type).toBe('checkout.session.completed');
    expect(await t.ledger()).toHaveLength(0); // sent elsewhere: not ours to store

    // Replay: what Stripe delivered to us, byte for byte, re-signed now.
    const payload = JSON.stringify({ ...JSON.parse(template!.payload), id: `evt_${randomBytes(8).toString('hex')}` }, null, 2);
    await t.api.webhooks.lab.send({ provider: 'stripe', payload, target: 'self' });
    const [stored] = await t.ledger();
    const replay = await t.api.webhooks.lab.replay({ eventId: stored!.id, target: { url: receiver.url } });
    expect(replay.response?.status).toBe(202);
    const echoed = receiver.received[1]!;
    expect(echoed.body).toBe(stored!.body);
    expect(stripe.webhooks.constructEvent(echoed.body, echoed.headers['stripe-signature'] as string, STRIPE_SECRET).id).toBe(stored!.providerEventId);
    const toSelf = await t.api.webhooks.lab.replay({ eventId: stored!.id, target: 'self' });
    expect(JSON.parse(toSelf.response!.body)).toMatchObject({ duplicate: true, id: stored!.id });

    // Lemon Squeezy: X-Signature over the exact body, and the event name header.
    const lsTemplate = (await t.api.webhooks.lab.templates()).find((x) => x.type === 'subscription_created')!;
    await t.api.webhooks.lab.send({ provider: 'lemonsqueezy', payload: lsTemplate.payload, target: { url: receiver.url } });
    const ls = receiver.received[2]!;
    expect(ls.headers['x-signature']).toBe(signLemonSqueezy(lsTemplate.payload, LS_SECRET));
    expect(ls.headers['x-event-name']).toBe('subscription_created');

    // Nothing answering: the result says why instead of failing.
    await receiver.close();
    const down = await t.api.webhooks.lab.send({ provider: 'stripe', payload, target: { url: receiver.url } });
    expect(down).toMatchObject({ response: null, error: 'connection refused' });

    const fieldOf = (e: unknown) => (e as TRPCError & { cause?: { details?: { field?: string } } }).cause?.details?.field;
    const notJson = await t.api.webhooks.lab.send({ provider: 'stripe', payload: '{"id": ', target: 'self' }).catch((e: unknown) => e);
    expect(notJson).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^payload: is not valid JSON/) });
    expect(fieldOf(notJson)).toBe('payload');
    const metadata = await t.api.webhooks.lab.send({ provider: 'stripe', payload, target: { url: 'http://169.254.169.254/latest/meta-data/' } }).catch((e: unknown) => e);
    expect(metadata).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^target\.url: .*metadata/) });
    expect(fieldOf(metadata)).toBe('target.url');
    await expect(t.api.webhooks.lab.replay({ eventId: 'whe_doesnotexist0000', target: 'self' })).rejects.toThrow(/not found/);
    await server!.close();
    server = undefined;
    await expect(t.api.webhooks.lab.send({ provider: 'stripe', payload, target: 'self' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/^target: .*not running/) });
  });

  it('refuses to sign without a configured secret', async () => {
    const t = await setup(dialect, { secrets: false });
    const [template] = await t.api.webhooks.lab.templates();
    await expect(t.api.webhooks.lab.send({ provider: 'stripe', payload: template!.payload, target: 'self' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/^provider: there is no Stripe webhook signing secret yet; add .* in Settings → Providers/),
    });
  });

  it('forward mode delivers a re-signed copy of every received event through the outbox; lifecycle webhooks follow', async () => {
    const t = await setup(dialect);
    const app = await startReceiver(200, 'ok');
    const hooks = await startReceiver(200, 'ok');
    closers.push(app.close, hooks.close);
    await expect(t.api.webhooks.forward.set({ url: 'http://[fe80::1]:3000/x' })).rejects.toThrow(/^url: .*link-local/);
    expect(await t.api.webhooks.forward.set({ url: app.url })).toMatchObject({ url: app.url, recent: [] });
    const { secret } = await t.api.webhooks.endpoints.create({ url: hooks.url, events: ['member.joined', 'subscription.created'] });

    const templates = await t.api.webhooks.lab.templates();
    const checkout = templates.find((x) => x.type === 'checkout.session.completed')!;
    const lsOrder = templates.find((x) => x.type === 'order_created')!;
    await t.api.webhooks.lab.send({ provider: 'stripe', payload: checkout.payload, target: 'self' });
    await t.api.webhooks.lab.send({ provider: 'lemonsqueezy', payload: lsOrder.payload, target: 'self' });
    await t.api.webhooks.lab.send({ provider: 'stripe', payload: checkout.payload, target: 'self' }); // a duplicate: not forwarded again
    await t.core.jobs.drain();

    expect(app.received).toHaveLength(2);
    const [fwdStripe, fwdLs] = app.received;
    expect(fwdStripe!.body).toBe(checkout.payload);
    expect(stripe.webhooks.constructEvent(fwdStripe!.body, fwdStripe!.headers['stripe-signature'] as string, STRIPE_SECRET).type).toBe('checkout.session.completed');
    expect(fwdLs!.body).toBe(lsOrder.payload);
    expect(fwdLs!.headers['x-signature']).toBe(signLemonSqueezy(fwdLs!.body, LS_SECRET));
    const view = await t.api.webhooks.forward.get();
    expect(view.url).toBe(app.url);
    expect(view.recent.map((r) => [r.provider, r.type, r.status])).toEqual([
      ['lemonsqueezy', 'order_created', 'done'],
      ['stripe', 'checkout.session.completed', 'done'],
    ]);

    // The checkout made a member: the owner's endpoint hears of it, signed per Standard Webhooks.
    const joined = hooks.received.map((r) => ({ r, body: JSON.parse(r.body) })).filter((x) => x.body.event === 'member.joined');
    expect(joined).toHaveLength(1); // the Lemon Squeezy order found the same member: no second join
    expect(new Webhook(secret).verify(joined[0]!.r.body, joined[0]!.r.headers as Record<string, string>)).toMatchObject({
      event: 'member.joined',
      data: { tenantId: t.tenantId, email: 'new.member@example.com', joinSource: 'paid', groups: [t.groupId] },
    });

    await t.api.webhooks.forward.set({ url: null });
    const fresh = (await t.api.webhooks.lab.templates()).find((x) => x.type === 'checkout.session.completed')!;
    await t.api.webhooks.lab.send({ provider: 'stripe', payload: fresh.payload, target: 'self' });
    await t.core.jobs.drain();
    expect(app.received).toHaveLength(2);
    expect((await t.api.webhooks.forward.get()).url).toBeNull();
  });
});
