import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildHttpServer } from '../../src-main/core/platform/http/server';
import { startAblyFake, verifyTokenRequest, type AblyFake } from '../fakes/ably';
import { dialects } from '../support/core';
import { makeTwoTenants, type TwoTenants } from '../support/two-tenants';

// Real time across tenants, played as a member of both (the same person in alpha and bravo): what
// they see and may do in one tenant never reaches the other's spaces, chat or notifications.

async function addChatSpace(w: TwoTenants, tenantId: string, name: string, members: string[]): Promise<string> {
  const id = `space_t${Math.random().toString(36).slice(2, 12)}`;
  const now = new Date().toISOString();
  await sql`INSERT INTO spaces (id, tenant_id, group_id, name, type, visibility, created_at) VALUES (${id}, ${tenantId}, ${null}, ${name}, ${'CHAT'}, ${'groups'}, ${now})`.execute(w.core.database.db);
  for (const userId of members) await sql`INSERT INTO space_members (space_id, user_id, role, joined_at) VALUES (${id}, ${userId}, ${'MEMBER'}, ${now})`.execute(w.core.database.db);
  return id;
}

describe.each(dialects)('real time between two tenants on %s', (dialect) => {
  let w: TwoTenants;
  let ably: AblyFake;
  let alphaChat: string;
  let bravoChat: string;

  beforeAll(async () => {
    ably = await startAblyFake();
    vi.stubEnv('ABLY_API_KEY', ably.apiKey);
    vi.stubEnv('ABLY_ENDPOINT', ably.url);
    w = await makeTwoTenants(dialect);
    vi.unstubAllEnvs();
    alphaChat = await addChatSpace(w, w.alpha.id, 'Alpha lounge', [w.shared]);
    bravoChat = await addChatSpace(w, w.bravo.id, 'Bravo lounge', [w.shared]);
  });
  afterAll(async () => {
    await w?.dispose();
    await ably?.close();
  });

  it('chat: a space of the other tenant is not found, even for an ADMIN of this one', async () => {
    const asSharedInBravo = await w.caller(w.bravo.id, w.shared, 'MEMBER');
    await asSharedInBravo.chat.send({ spaceId: bravoChat, content: 'hello bravo' });
    await expect(asSharedInBravo.chat.list({ spaceId: alphaChat })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asSharedInBravo.chat.send({ spaceId: alphaChat, content: 'sneaking into alpha' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const asBravoAdmin = await w.caller(w.bravo.id, w.bravoAdmin, 'ADMIN');
    await expect(asBravoAdmin.chat.list({ spaceId: alphaChat })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await asBravoAdmin.chat.list({ spaceId: bravoChat })).items.map((m) => m.content)).toEqual(['hello bravo']);
    const asSharedInAlpha = await w.caller(w.alpha.id, w.shared, 'MEMBER');
    expect((await asSharedInAlpha.chat.list({ spaceId: alphaChat })).items).toEqual([]);
  });

  it('notifications: each tenant\'s own; marking another tenant\'s ids read changes nothing', async () => {
    const { notificationIds } = await w.core.services.realtime.notify({ tenantId: w.alpha.id, to: { userIds: [w.shared, w.bravoOnly] }, kind: 'automation', title: 'Alpha news', body: 'Only for alpha.', dedupeKey: 'alpha-news' });
    // bravoOnly is not a member of alpha: skipped.
    expect(notificationIds).toHaveLength(1);
    const inBravo = await w.caller(w.bravo.id, w.shared, 'MEMBER');
    expect((await inBravo.notifications.list({})).items).toEqual([]);
    expect(await inBravo.notifications.markRead({ ids: notificationIds })).toEqual({ marked: 0 });
    const inAlpha = await w.caller(w.alpha.id, w.shared, 'MEMBER');
    expect((await inAlpha.notifications.list({})).unread).toBe(1);
  });

  it('/api/ably-auth: the token for bravo names only bravo\'s spaces', async () => {
    const app = await buildHttpServer(w.core, { host: '127.0.0.1', port: 0 });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      const host = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const token = await w.token(w.bravo.id, w.shared, 'MEMBER');
      const res = await app.inject({ method: 'GET', url: '/api/ably-auth', headers: { host, authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      const request = res.json();
      expect(verifyTokenRequest(request, ably.apiKey)).toBe(true);
      expect(request.clientId).toBe(w.shared);
      expect(Object.keys(JSON.parse(request.capability)).sort()).toEqual([`space:${bravoChat}`, `space:${bravoChat}:chat`, `user:${w.shared}:notifications`]);
    } finally {
      await app.close();
    }
  });

  it('refuses bad input naming the field', async () => {
    // Over HTTP, as an app sees it: a 400 whose message names the field.
    const asShared = await w.http(w.bravo.id, w.shared, 'MEMBER');
    await expect(asShared.chat.send.mutate({ spaceId: bravoChat, content: 'x'.repeat(2001) })).rejects.toThrow(/^content: must be at most 2000 characters$/);
    await expect(asShared.chat.send.mutate({ spaceId: '', content: 'hi' })).rejects.toThrow(/^spaceId: must name a space$/);
    await expect(asShared.notifications.list.query({ limit: 500 })).rejects.toThrow(/^limit: /);
    await expect(asShared.notifications.markRead.mutate({ ids: 'all' } as never)).rejects.toThrow(/^ids: /);
  });
});
