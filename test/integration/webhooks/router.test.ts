import { sql } from 'kysely';
import { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { addMembers, dialects } from '../../support/core';
import { httpClient } from '../../support/clients';
import { ledgerRows, webhookHarness, type Harness } from './harness';
import { checkoutSession, stripeEvent, stripeIds, subscriptionObject } from './payloads';

describe.each(dialects)('webhooks.list / get / retry on %s', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.dispose());

  const ownerClient = async (h: Harness) => httpClient(h.server.url, await h.core.services.auth.issue({ tenantId: h.tenantId, userId: h.ownerId, role: 'ADMIN' }));

  it('lists newest first with filters and a cursor, and shows one event with headers, body, changes and member', async () => {
    const clock = fixedClock('2026-11-22T10:00:00.000Z');
    h = await webhookHarness(dialect, { clock });
    const [userId] = await addMembers(h.core, h.tenantId, [{ name: 'Ann', email: 'ann@example.com' }]);
    const now = Math.floor(clock.nowMs() / 1000);
    const subId = stripeIds.subscription();
    const checkout = stripeEvent('checkout.session.completed', checkoutSession({ customer: stripeIds.customer(), subscription: subId, created: now, metadata: { tenantId: h.tenantId, userId: userId! } }), { created: now });
    await h.postStripe(checkout);
    clock.advance(1_000);
    await h.postStripe(stripeEvent('charge.refunded', { id: 'ch_1', object: 'charge', metadata: {} }, { created: now }));
    clock.advance(1_000);
    await h.postStripe(stripeEvent('customer.subscription.updated', subscriptionObject({ id: subId, customer: 'cus_x', status: 'active', periodStart: now, periodEnd: now + 86_400 }), { created: now + 1 }));
    await h.core.jobs.drain();
    const api = await ownerClient(h);

    const all = await api.webhooks.list.query({ limit: 2 });
    expect(all.items).toHaveLength(2);
    expect(all.nextCursor).toEqual(expect.any(String));
    const rest = await api.webhooks.list.query({ limit: 2, cursor: all.nextCursor! });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    const types = [...all.items, ...rest.items].map((i) => i.type);
    expect(types).toEqual(['customer.subscription.updated', 'charge.refunded', 'checkout.session.completed']);

    expect((await api.webhooks.list.query({ status: 'ignored' })).items.map((i) => i.type)).toEqual(['charge.refunded']);
    expect((await api.webhooks.list.query({ type: 'checkout.session.completed', provider: 'stripe' })).items).toHaveLength(1);
    expect((await api.webhooks.list.query({ provider: 'lemonsqueezy' })).items).toHaveLength(0);

    const id = rest.items[0]!.id;
    const detail = await api.webhooks.get.query({ id });
    expect(detail).toMatchObject({ id, provider: 'stripe', providerEventId: checkout.id, status: 'applied', member: { userId, email: 'ann@example.com' } });
    expect(detail.body).toBe(JSON.stringify(checkout));
    expect(detail.headers['stripe-signature']).toMatch(/^t=\d+,v1=/);
    expect(detail.changes).toEqual(expect.arrayContaining([expect.objectContaining({ entity: 'subscription', field: 'status', to: 'active' })]));

    await expect(api.webhooks.list.query({ limit: 0 })).rejects.toThrow(/limit/);
    await expect(api.webhooks.list.query({ cursor: 'bm9wZQ' })).rejects.toThrow(/cursor/);
    await expect(api.webhooks.get.query({ id: 'whe_doesnotexist0000' })).rejects.toThrow(/not found/);
    await expect(api.webhooks.retry.mutate({ id })).rejects.toThrow(/only a failed event can be retried/);
  });

  it('retries a failing handler with backoff, then marks the event failed with its error; retry applies it once fixed', async () => {
    const clock = fixedClock('2026-11-22T10:00:00.000Z');
    h = await webhookHarness(dialect, { clock });
    const db = h.core.database.db;
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER history_down BEFORE INSERT ON subscription_events BEGIN SELECT RAISE(ABORT, 'history store unavailable'); END`.execute(db);
    } else {
      await sql`CREATE FUNCTION history_down() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'history store unavailable'; END $$ LANGUAGE plpgsql`.execute(db);
      await sql`CREATE TRIGGER history_down BEFORE INSERT ON subscription_events FOR EACH ROW EXECUTE FUNCTION history_down()`.execute(db);
    }
    const now = Math.floor(clock.nowMs() / 1000);
    const subId = stripeIds.subscription();
    const event = stripeEvent('customer.subscription.created', subscriptionObject({ id: subId, customer: stripeIds.customer(), status: 'active', periodStart: now, periodEnd: now + 86_400, metadata: { tenantId: h.tenantId } }), { created: now });
    expect((await h.postStripe(event)).status).toBe(200);

    await h.core.jobs.drain();
    let [row] = await ledgerRows(h);
    expect(row).toMatchObject({ status: 'received', attempts: 1, lastError: 'history store unavailable' });
    expect(await h.count('subscriptions')).toBe(0);

    for (let i = 0; i < 12; i++) {
      clock.advance(2 * 3_600_000);
      await h.core.jobs.drain();
    }
    [row] = await ledgerRows(h);
    expect(row).toMatchObject({ status: 'failed', attempts: 10, lastError: 'history store unavailable' });
    expect(await h.count('subscriptions')).toBe(0);

    const api = await ownerClient(h);
    expect((await api.webhooks.list.query({ status: 'failed' })).items.map((i) => i.id)).toEqual([row!.id]);
    await sql`DROP TRIGGER history_down${dialect === 'postgres' ? sql` ON subscription_events` : sql``}`.execute(db);
    expect(await api.webhooks.retry.mutate({ id: row!.id })).toEqual({ id: row!.id, status: 'received' });
    await expect(api.webhooks.retry.mutate({ id: row!.id })).rejects.toThrow(/only a failed event/);
    await h.core.jobs.drain();
    [row] = await ledgerRows(h);
    expect(row).toMatchObject({ status: 'applied', attempts: 11, lastError: null });
    expect(await h.count('subscriptions')).toBe(1);
    expect(await h.count('subscriptionEvents')).toBe(1);
  });

  it('marks an event no tenant can be found for as failed with the fix, shown to the console owner only', async () => {
    h = await webhookHarness(dialect);
    const other = await h.core.services.tenants.create({ slug: 'second', name: 'Second' }, h.ownerId);
    const [adminId] = await addMembers(h.core, other.id, [{ name: 'Other Admin', email: 'admin@second.example', role: 'ADMIN' }]);
    const now = Math.floor(Date.now() / 1000);
    await h.postStripe(stripeEvent('customer.subscription.created', subscriptionObject({ id: stripeIds.subscription(), customer: stripeIds.customer(), status: 'active', periodStart: now, periodEnd: now + 86_400 }), { created: now }));
    await h.postStripe(stripeEvent('customer.subscription.created', subscriptionObject({ id: stripeIds.subscription(), customer: stripeIds.customer(), status: 'active', periodStart: now, periodEnd: now + 86_400, metadata: { tenantId: 'tenant_nosuchtenant000' } }), { created: now }));
    await h.core.jobs.drain();
    const rows = await ledgerRows(h);
    expect(rows.map((r) => [r.status, r.tenantId])).toEqual([
      ['failed', null],
      ['failed', null],
    ]);
    expect(rows.map((r) => r.lastError)).toEqual(
      expect.arrayContaining([expect.stringMatching(/cannot tell which tenant.*metadata\.tenantId/), 'metadata.tenantId "tenant_nosuchtenant000" is not a tenant of this console']),
    );
    expect(await h.count('subscriptions')).toBe(0);

    const owner = await ownerClient(h);
    expect((await owner.webhooks.list.query({})).items).toHaveLength(2);
    const admin = httpClient(h.server.url, await h.core.services.auth.issue({ tenantId: other.id, userId: adminId!, role: 'ADMIN' }));
    expect((await admin.webhooks.list.query({})).items).toHaveLength(0);
    const denied = await admin.webhooks.get.query({ id: rows[0]!.id }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(TRPCClientError);
    await expect(admin.webhooks.setSigningSecrets.mutate({ provider: 'stripe', secrets: ['whsec_hijack_000000'] })).rejects.toThrow(/console owner/);
    expect(await owner.webhooks.signingSecrets.query()).toEqual({ stripe: { fromEnvironment: 0, saved: 1 }, lemonsqueezy: { fromEnvironment: 0, saved: 1 } });
  });
});
