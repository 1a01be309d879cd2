import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PushMessage } from '../../src-shared/push';
import { createIpcHandler } from '../../src-main/core/platform/ipc/handler';
import { addMembers, dialects } from '../support/core';
import { httpClient, ipcClient } from '../support/clients';
import { webhookHarness, type Harness } from './webhooks/harness';
import { checkoutSession, stripeEvent, stripeIds } from './webhooks/payloads';

type Client = ReturnType<typeof httpClient>;

/** Opens events.stream and records what arrives (and how it ended). */
function listen(client: Client) {
  const got: PushMessage[] = [];
  const errors: unknown[] = [];
  const sub = client.events.stream.subscribe(undefined, { onData: (m) => void got.push(m), onError: (e) => void errors.push(e) });
  return { got, errors, stop: () => sub.unsubscribe() };
}

describe.each(dialects)('events.stream over HTTP (server-sent events) on %s', (dialect) => {
  let h: Harness;
  const stops: (() => void)[] = [];
  afterEach(async () => {
    stops.splice(0).forEach((stop) => stop());
    await h?.dispose();
  });

  it('tells the open window that a signed webhook was stored, then that it changed its tenant', async () => {
    h = await webhookHarness(dialect);
    const [userId] = await addMembers(h.core, h.tenantId, [{ name: 'Ann Free', email: 'ann@example.com' }]);
    const token = await h.core.services.auth.issue({ tenantId: h.tenantId, userId: h.ownerId, role: 'ADMIN' });
    const sse = listen(httpClient(h.server.url, token));
    const ipc = listen(ipcClient(createIpcHandler(h.core), () => h.tenantId));
    stops.push(sse.stop, ipc.stop);
    await vi.waitFor(() => expect(h.core.services.push.subscriberCount()).toBe(2));

    const now = Math.floor(Date.now() / 1000);
    const checkout = stripeEvent(
      'checkout.session.completed',
      checkoutSession({ customer: stripeIds.customer(), subscription: stripeIds.subscription(), email: 'ann@example.com', created: now, metadata: { tenantId: h.tenantId, userId: userId! } }),
      { created: now },
    );
    expect((await h.postStripe(checkout)).status).toBe(200);
    // Stored, not processed yet: the console owner hears of it (no tenant is known yet).
    await vi.waitFor(() => expect(sse.got.map((m) => m.topic)).toContain('webhooks'));

    await h.core.jobs.drain();
    await vi.waitFor(() => expect(sse.got.map((m) => m.topic)).toContain('members'));
    // Both transports carry the same notices.
    await vi.waitFor(() => expect(ipc.got.map((m) => m.topic).sort()).toEqual(sse.got.map((m) => m.topic).sort()));
    expect(sse.errors).toEqual([]);
  });

  it('refuses a stream without a valid token, and one for a member who is not an ADMIN', async () => {
    h = await webhookHarness(dialect);
    const [memberId] = await addMembers(h.core, h.tenantId, [{ name: 'Bo Member', email: 'bo@example.com' }]);
    const memberToken = await h.core.services.auth.issue({ tenantId: h.tenantId, userId: memberId!, role: 'MEMBER' });
    const anonymous = listen(httpClient(h.server.url, null));
    const forged = listen(httpClient(h.server.url, 'not-a-token'));
    const member = listen(httpClient(h.server.url, memberToken));
    stops.push(anonymous.stop, forged.stop, member.stop);
    const codeOf = (e: unknown) => (e as { data?: { code?: string } }).data?.code;
    await vi.waitFor(() => {
      expect(anonymous.errors.map(codeOf)).toEqual(['UNAUTHORIZED']);
      expect(forged.errors.map(codeOf)).toEqual(['UNAUTHORIZED']);
      expect(member.errors.map(codeOf)).toEqual(['FORBIDDEN']);
    });
    expect(h.core.services.push.subscriberCount()).toBe(0);
  });
});
