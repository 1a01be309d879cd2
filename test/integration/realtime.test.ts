import * as Ably from 'ably';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { buildHttpServer } from '../../src-main/core/platform/http/server';
import type { FastifyInstance } from 'fastify';
import { startAblyFake, verifyTokenRequest, type AblyFake } from '../fakes/ably';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

// The Ably bridge (issue 13): member tokens from /api/ably-auth, publishing through the outbox with
// idempotent ids, chat history and notifications, against the Ably fake (REST + realtime).

/** A space only its listed members (and ADMINs) can use: visibility 'groups' with no group. */
async function addSpace(core: TestCore, tenantId: string, name: string, type: 'FEED' | 'CHAT', members: string[]): Promise<string> {
  const id = `space_t${Math.random().toString(36).slice(2, 12)}`;
  const now = new Date().toISOString();
  await sql`INSERT INTO spaces (id, tenant_id, group_id, name, type, visibility, created_at) VALUES (${id}, ${tenantId}, ${null}, ${name}, ${type}, ${'groups'}, ${now})`.execute(core.database.db);
  for (const userId of members) {
    await sql`INSERT INTO space_members (space_id, user_id, role, joined_at) VALUES (${id}, ${userId}, ${'MEMBER'}, ${now})`.execute(core.database.db);
  }
  return id;
}

describe.each(dialects)('the Ably bridge on %s', (dialect) => {
  let ably: AblyFake;
  let core: TestCore;
  let app: FastifyInstance;
  let host = '';
  const clock = fixedClock(new Date().toISOString());
  let tenantId: string;
  let otherTenantId: string;
  let admin = '', mo = '', lu = '', outsider = '';
  let feed: string, chat: string, otherChat: string;
  const tokenOf = async (userId: string, role: 'ADMIN' | 'MEMBER' = 'MEMBER', tenant = tenantId) => core.services.auth.issue({ tenantId: tenant, userId, role });
  const asCaller = (userId: string, role: 'ADMIN' | 'MEMBER' = 'MEMBER') => ({ tenantId, userId, role });
  /** Runs due jobs, then moves time past any retry's backoff and runs them again, until none is left. */
  async function drainAll(rounds = 6) {
    for (let i = 0; i < rounds; i++) {
      await core.jobs.drain();
      clock.advance(3_600_000);
    }
    await core.jobs.drain();
  }
  const pendingDeliveries = async () =>
    Number((await core.database.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'realtime.deliver').where('status', '=', 'pending').executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    ably = await startAblyFake();
    vi.stubEnv('ABLY_API_KEY', '');
    vi.stubEnv('ABLY_ENDPOINT', ably.url);
    core = await makeTestCore(dialect, { clock });
    const owner = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'rt', name: 'Realtime Club' }, owner)).id;
    otherTenantId = (await core.services.tenants.create({ slug: 'rt-other', name: 'Other Club' }, owner)).id;
    [admin = '', mo = '', lu = ''] = await addMembers(core, tenantId, [
      { name: 'Ada Admin', email: 'ada@rt.io', role: 'ADMIN' },
      { name: 'Mo Member', email: 'mo@rt.io' },
      { name: 'Lu Member', email: 'lu@rt.io' },
    ]);
    [outsider = ''] = await addMembers(core, otherTenantId, [{ name: 'Oz Outsider', email: 'oz@other.io' }]);
    feed = await addSpace(core, tenantId, 'Announcements', 'FEED', [mo, lu]);
    chat = await addSpace(core, tenantId, 'Lounge', 'CHAT', [mo]);
    otherChat = await addSpace(core, otherTenantId, 'Elsewhere', 'CHAT', [outsider]);
    app = await buildHttpServer(core, { host: '127.0.0.1', port: 0 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    host = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await app?.close();
    await core?.dispose();
    await ably?.close();
    vi.unstubAllEnvs();
  });

  const ablyAuth = async (method: 'GET' | 'POST', token?: string) =>
    app.inject({ method, url: '/api/ably-auth', headers: { host, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

  it('answers 503 in plain words while no Ably key is set, and 401 without a token', async () => {
    expect((await ablyAuth('GET')).statusCode).toBe(401);
    const res = await ablyAuth('GET', await tokenOf(mo));
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toMatch(/real time is not set up.*Settings → Real time/);
    // Settings → Real time: the key the bridge uses from now on (no restart).
    await core.services.settings.realtime.set({ ablyApiKey: ably.apiKey });
  });

  it('signs a TokenRequest with the key, scoped to the calling member (GET and POST)', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const res = await ablyAuth(method, await tokenOf(mo));
      expect(res.statusCode).toBe(200);
      const request = res.json();
      expect(verifyTokenRequest(request, ably.apiKey)).toBe(true);
      expect(verifyTokenRequest({ ...request, clientId: lu }, ably.apiKey)).toBe(false);
      expect(request).toMatchObject({ keyName: ably.apiKey.split(':')[0], clientId: mo, ttl: 3_600_000 });
      expect(JSON.parse(request.capability)).toEqual({
        [`space:${chat}`]: ['presence', 'subscribe'],
        [`space:${chat}:chat`]: ['presence', 'publish', 'subscribe'],
        [`space:${feed}`]: ['presence', 'subscribe'],
        [`user:${mo}:notifications`]: ['subscribe'],
      });
      expect(request.capability).not.toContain('*');
    }
  });

  it('a member cannot get another member\'s channel: the token Ably issues refuses it', async () => {
    const request = (await ablyAuth('POST', await tokenOf(lu))).json();
    expect(Object.keys(JSON.parse(request.capability))).toEqual([`space:${feed}`, `user:${lu}:notifications`]);
    // The member's own SDK exchanges it at Ably (the fake checks the mac) and publishes with the token.
    const client = new Ably.Rest({ authCallback: (_p, cb) => cb(null, request), useBinaryProtocol: false, endpoint: '127.0.0.1', port: Number(new URL(ably.url).port), tls: false, fallbackHosts: [], logLevel: 0 });
    await expect(client.channels.get(`user:${mo}:notifications`).publish('notification', { hi: 1 })).rejects.toMatchObject({ code: 40160 });
    await expect(client.channels.get(`space:${chat}:chat`).publish('message', { content: 'sneaky' })).rejects.toMatchObject({ code: 40160 });
    expect(ably.messagesOn(`space:${chat}:chat`)).toHaveLength(0);
  });

  it('an ADMIN acting with a MEMBER token gets a member\'s channels and cannot chat in private CHAT spaces', async () => {
    const asAdminToken = JSON.parse((await ablyAuth('GET', await tokenOf(admin, 'ADMIN'))).json().capability);
    expect(Object.keys(asAdminToken)).toEqual(expect.arrayContaining([`space:${chat}`, `space:${feed}`]));
    const asMemberToken = JSON.parse((await ablyAuth('GET', await tokenOf(admin, 'MEMBER'))).json().capability);
    expect(asMemberToken).toEqual({ [`user:${admin}:notifications`]: ['subscribe'] });
    // chat.send / chat.list with the MEMBER token (tRPC over HTTP): refused in the private CHAT space.
    const memberToken = await tokenOf(admin, 'MEMBER');
    const trpc = async (path: string, input: unknown, method: 'GET' | 'POST') => {
      const url = method === 'GET' ? `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}` : `/api/trpc/${path}`;
      return app.inject({ method, url, headers: { host, authorization: `Bearer ${memberToken}`, 'content-type': 'application/json' }, ...(method === 'POST' && { payload: JSON.stringify({ json: input }) }) });
    };
    const sent = await trpc('chat.send', { spaceId: chat, content: 'admin in disguise' }, 'POST');
    expect(sent.statusCode, sent.body).toBe(403);
    expect((await trpc('chat.list', { spaceId: chat }, 'GET')).statusCode).toBe(403);
    await expect(core.services.realtime.chat.send(asCaller(admin, 'MEMBER'), { spaceId: chat, content: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('works as the SDK\'s authUrl (GET and POST): the member publishes in their CHAT space with the token Ably issued', async () => {
    for (const authMethod of ['GET', 'POST'] as const) {
      const client = new Ably.Rest({
        authUrl: `http://${host}/api/ably-auth`,
        authMethod,
        authHeaders: { authorization: `Bearer ${await tokenOf(mo)}` },
        useBinaryProtocol: false,
        endpoint: '127.0.0.1',
        port: Number(new URL(ably.url).port),
        tls: false,
        fallbackHosts: [],
        logLevel: 0,
      });
      await client.channels.get(`space:${chat}:chat`).publish({ name: 'typing', id: `sdk-${authMethod}:0`, data: { userId: mo } });
      expect(ably.messagesOn(`space:${chat}:chat`).at(-1)).toMatchObject({ id: `sdk-${authMethod}:0`, clientId: mo });
      // The space's own channel carries the console's posts: members cannot forge one there.
      await expect(client.channels.get(`space:${chat}`).publish('post', { postId: 'post_forged', title: 'Free money' })).rejects.toMatchObject({ code: 40160 });
      await expect(client.channels.get(`space:${feed}`).publish('typing', {})).rejects.toMatchObject({ code: 40160 });
    }
    ably.messages.splice(0);
  });

  it('posts.create PUBLISHED publishes once on its space, even when Ably fails the first attempt after keeping it', async () => {
    ably.failNextPublishes(1, { afterAccepting: true });
    const before = ably.publishAttempts();
    const post = await core.services.community.posts.create(asCaller(mo), { spaceId: feed, title: 'Hello', content: '<p>First post</p>', status: 'PUBLISHED' });
    await drainAll();
    // Two attempts (the first answered 500 after Ably kept it), one message: the retry reused the id.
    expect(ably.publishAttempts() - before).toBe(2);
    const published = ably.messagesOn(`space:${feed}`);
    expect(published).toEqual([expect.objectContaining({ id: `${post.id}:0`, name: 'post', data: expect.objectContaining({ postId: post.id, spaceId: feed, title: 'Hello' }) })]);
  });

  it('keeps publishes in the outbox while Ably is down and delivers each once when it is back', async () => {
    ably.goDown();
    const sent = [];
    for (const content of ['one', 'two', 'three']) sent.push(await core.services.realtime.chat.send(asCaller(mo), { spaceId: chat, content }));
    // A long outage: each retry fails, and the next one is never more than a minute away.
    for (let i = 0; i < 8; i++) {
      await core.jobs.drain();
      clock.advance(61_000);
    }
    expect(await pendingDeliveries()).toBe(3);
    expect(ably.messagesOn(`space:${chat}:chat`)).toHaveLength(0);
    const waiting = await core.database.db.selectFrom('jobs').select(['runAt', 'attempts', 'lastError']).where('kind', '=', 'realtime.deliver').where('status', '=', 'pending').orderBy('runAt').execute();
    expect(waiting.every((j) => Number(j.attempts) >= 8 && Date.parse(j.runAt) - clock.nowMs() <= 60_000 && /Ably/.test(j.lastError ?? ''))).toBe(true);
    ably.comeUp();
    // Back: the first retry that gets through brings the others forward, so all go out at once.
    clock.set(waiting[0]!.runAt);
    await core.jobs.drain();
    expect(await pendingDeliveries()).toBe(0);
    const arrived = ably.messagesOn(`space:${chat}:chat`);
    // Retries go out in any order; each message once, in the seed's shape (clients order by timestamp).
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(arrived.map((m) => ({ id: m.id, name: m.name, data: m.data })).sort(byId)).toEqual(
      sent.map((m) => ({ id: `${m.id}:0`, name: 'message', data: { userId: mo, content: m.content, timestamp: m.timestamp } })).sort(byId),
    );
  });

  it('keeps chat history for members of the CHAT space only, in this tenant only', async () => {
    const page = await core.services.realtime.chat.list(asCaller(mo), { spaceId: chat, limit: 2 });
    expect(page.items.map((m) => m.content)).toEqual(['two', 'three']);
    expect(page.items[0]!.author).toMatchObject({ id: mo, name: 'Mo Member' });
    const older = await core.services.realtime.chat.list(asCaller(mo), { spaceId: chat, limit: 2, before: page.olderCursor! });
    expect(older.items.map((m) => m.content)).toEqual(['one']);
    await expect(core.services.realtime.chat.send(asCaller(lu), { spaceId: chat, content: 'let me in' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.services.realtime.chat.send(asCaller(mo), { spaceId: feed, content: 'wrong place' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(core.services.realtime.chat.list(asCaller(admin, 'ADMIN'), { spaceId: otherChat, limit: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.services.realtime.chat.send(asCaller(mo), { spaceId: chat, content: '   ' })).rejects.toThrow(/content: a message cannot be empty/);
  });

  it('notifies through the outbox: a reply, a space role change, a failed payment, and `notify` to admins (once per key)', async () => {
    await core.database.db.transaction().execute(async (trx) => {
      await core.services.events.publish(trx, {
        type: 'comment.created',
        tenantId,
        data: { commentId: 'cmt_rt1', postId: 'post_rt1_unused', spaceId: feed, authorId: lu, parentId: null, postAuthorId: mo, parentAuthorId: null, mentionedUserIds: [lu] },
      });
      await core.services.events.publish(trx, { type: 'space.role_changed', tenantId, data: { spaceId: feed, userId: lu, from: 'MEMBER', to: 'MODERATOR' } });
      await core.services.events.publish(trx, { type: 'payment.failed', tenantId, data: { userId: mo, subscriptionId: 'sub_1', planId: null, status: 'past_due' } });
    });
    for (let i = 0; i < 2; i++) await core.services.realtime.notify({ tenantId, to: 'admins', kind: 'automation', title: 'Three members joined', body: 'Say hello.', dedupeKey: 'auto:1' });
    await drainAll();
    const mine = await core.services.realtime.notifications.list(tenantId, mo, { limit: 10 });
    expect(mine.items.map((n) => [n.kind, n.title]).sort()).toEqual([['payment_failed', 'Your payment failed'], ['reply', 'Lu Member commented on your post']]);
    expect(mine.unread).toBe(2);
    // The commenter is never told of their own comment (the mention of themselves included).
    const lus = await core.services.realtime.notifications.list(tenantId, lu, { limit: 10 });
    expect(lus.items.map((n) => [n.kind, n.title])).toEqual([['role_changed', 'You are now a moderator of “Announcements”']]);
    expect((await core.services.realtime.notifications.list(tenantId, admin, { limit: 10 })).items.map((n) => n.title)).toEqual(['Three members joined']);
    const onAbly = ably.messagesOn(`user:${mo}:notifications`);
    expect(onAbly.map((m) => m.name)).toEqual(['notification', 'notification']);
    expect(onAbly.map((m) => m.id).sort()).toEqual(mine.items.map((n) => `${n.id}:0`).sort());
    // Marking read touches only the caller's own.
    expect(await core.services.realtime.notifications.markRead(tenantId, lu, { ids: mine.items.map((n) => n.id) })).toEqual({ marked: 0 });
    expect(await core.services.realtime.notifications.markRead(tenantId, mo, {})).toEqual({ marked: 2 });
    expect((await core.services.realtime.notifications.list(tenantId, mo, { limit: 10 })).unread).toBe(0);
  });

  it('publishes with msgpack too (the SDK\'s default) and the fake decodes it', async () => {
    const client = new Ably.Rest({ key: ably.apiKey, endpoint: '127.0.0.1', port: Number(new URL(ably.url).port), tls: false, fallbackHosts: [], logLevel: 0 });
    await client.channels.get('space:msgpack-check').publish({ name: 'message', id: 'm1:0', data: { content: 'binary' } });
    await client.channels.get('space:msgpack-check').publish({ name: 'message', id: 'm1:0', data: { content: 'binary' } });
    expect(ably.messagesOn('space:msgpack-check')).toEqual([expect.objectContaining({ via: 'msgpack', data: { content: 'binary' } })]);
  });

  it('listens on CHAT spaces over Ably Realtime and keeps what members say there', async () => {
    await core.services.realtime.listener.refresh();
    await vi.waitFor(() => expect(ably.realtime.attachedTo(`space:${chat}:chat`)).toBe(true), { timeout: 10_000 });
    expect(core.services.realtime.listener.channels()).toEqual(expect.arrayContaining([`space:${chat}:chat`, `space:${otherChat}:chat`]));
    // Mo's own app, with the token from /api/ably-auth, publishes over a realtime connection.
    const request = (await ablyAuth('GET', await tokenOf(mo))).json();
    const member = new Ably.Realtime({
      authCallback: (_p, cb) => cb(null, request),
      useBinaryProtocol: false,
      endpoint: '127.0.0.1',
      port: Number(new URL(ably.url).port),
      tls: false,
      fallbackHosts: [],
      logLevel: 0,
    });
    try {
      // A timestamp in the data (here a year back, to sit first or pinned) is not what the console keeps.
      await member.channels.get(`space:${chat}:chat`).publish('message', { userId: mo, content: 'live from the app', timestamp: '2025-01-01T00:00:00.000Z' });
      await vi.waitFor(async () => {
        const page = await core.services.realtime.chat.list(asCaller(mo), { spaceId: chat, limit: 10 });
        expect(page.items.at(-1)).toMatchObject({ content: 'live from the app', source: 'ably', author: { id: mo }, timestamp: clock.nowIso() });
      }, { timeout: 10_000 });
      // The console's own messages heard back are not stored twice.
      const all = await core.services.realtime.chat.list(asCaller(mo), { spaceId: chat, limit: 50 });
      expect(all.items.map((m) => m.content)).toEqual(['one', 'two', 'three', 'live from the app']);
    } finally {
      member.close();
    }
  });
});

describe.each(dialects)('without an Ably key, on %s', (dialect) => {
  let core: TestCore;
  afterAll(async () => core?.dispose());

  it('the console\'s own push channel tells the window of chat messages and notifications, and nothing waits for Ably', async () => {
    vi.stubEnv('ABLY_API_KEY', '');
    core = await makeTestCore(dialect);
    vi.unstubAllEnvs();
    const owner = await core.services.owner.id();
    const tenantId = (await core.services.tenants.create({ slug: 'rt-local', name: 'Local Club' }, owner)).id;
    const [mo = ''] = await addMembers(core, tenantId, [{ name: 'Mo Member', email: 'mo@local.io' }]);
    const chat = await addSpace(core, tenantId, 'Lounge', 'CHAT', [mo]);
    const heard: { topic: string; id?: string }[] = [];
    const stop = core.services.push.subscribe({ tenantId, isConsoleOwner: false }, (m) => heard.push({ topic: m.topic, id: m.id }));
    try {
      await core.services.realtime.chat.send({ tenantId, userId: mo, role: 'MEMBER' }, { spaceId: chat, content: 'anyone here?' });
      await core.services.realtime.notify({ tenantId, to: { userIds: [mo] }, kind: 'automation', title: 'Welcome', body: 'Glad you are here.', dedupeKey: 'welcome' });
      heard.length = 0;
      await core.jobs.drain();
      expect(heard).toEqual(expect.arrayContaining([{ topic: 'chat', id: chat }, { topic: 'notifications', id: undefined }]));
      const left = await core.database.db.selectFrom('jobs').select(['status']).where('kind', '=', 'realtime.deliver').execute();
      expect(left.map((j) => j.status)).toEqual(['done', 'done']);
    } finally {
      stop();
    }
  });
});
