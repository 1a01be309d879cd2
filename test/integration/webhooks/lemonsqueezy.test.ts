import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { signLemonSqueezy } from '../../../src-main/core/areas/webhooks/verify';
import { addMembers, dialects } from '../../support/core';
import { ledgerRows, LS_SECRET, memberState, webhookHarness, type Harness } from './harness';
import { lsInvoiceEvent, lsOrderEvent, lsSubscriptionEvent } from './payloads';

describe.each(dialects)('Lemon Squeezy webhooks on %s', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.dispose());

  const subscription = (h: Harness, id: string) =>
    h.core.database.db.selectFrom('subscriptions').selectAll().where('provider', '=', 'lemonsqueezy').where('providerSubscriptionId', '=', id).executeTakeFirstOrThrow();

  async function addPackage(h: Harness) {
    await h.core.database.db
      .insertInto('packages')
      .values({ id: 'pkg_ls_monthly', tenantId: h.tenantId, name: 'Monthly', description: null, priceMinor: 2900, variantId: '6001', stripePriceId: null, stripeProductId: null, salePriceMinor: null, saleStartsAt: null, saleEndsAt: null, archivedAt: null, syncError: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' })
      .execute();
  }

  it('subscription_created grants access, subscription_cancelled keeps it until ends_at, subscription_expired ends it', async () => {
    const clock = fixedClock('2026-11-22T10:00:00.000Z');
    h = await webhookHarness(dialect, { clock });
    await addPackage(h);
    const [userId] = await addMembers(h.core, h.tenantId, [{ name: 'Lee Member', email: 'lee@example.com' }]);
    const base = { id: '1001', email: 'lee@example.com', renewsAt: '2026-12-22T10:00:00.000000Z', createdAt: '2026-11-22T09:59:00.000000Z', customData: { tenantId: h.tenantId, userId: userId! } };

    const created = lsSubscriptionEvent('subscription_created', { ...base, status: 'active', updatedAt: '2026-11-22T09:59:00.000000Z' });
    expect(await h.postLemonSqueezy(created)).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    await h.core.jobs.drain();
    expect((await memberState(h, userId!)).isFreeMember).toBe(false);
    expect(await subscription(h, '1001')).toMatchObject({ status: 'active', userId, packageId: 'pkg_ls_monthly', planId: '6001', amountMinor: 2900, currentPeriodEnd: '2026-12-22T10:00:00.000Z' });
    const [row] = await ledgerRows(h);
    expect(row).toMatchObject({ status: 'applied', type: 'subscription_created', providerEventId: 'subscription_created:subscriptions:1001:2026-11-22T09:59:00.000000Z', userId });

    // The same delivery again (Lemon Squeezy retries with the same body): one row.
    expect((await h.postLemonSqueezy(created)).body.duplicate).toBe(true);

    clock.advance(3_600_000);
    const cancelled = lsSubscriptionEvent('subscription_cancelled', { ...base, status: 'cancelled', endsAt: '2026-12-22T10:00:00.000000Z', updatedAt: '2026-11-22T11:00:00.000000Z' });
    await h.postLemonSqueezy(cancelled);
    await h.core.jobs.drain();
    expect(await subscription(h, '1001')).toMatchObject({ status: 'active', cancelAtPeriodEnd: 1, currentPeriodEnd: '2026-12-22T10:00:00.000Z', canceledAt: '2026-11-22T11:00:00.000Z' });
    expect((await memberState(h, userId!)).isFreeMember).toBe(false);

    const expired = lsSubscriptionEvent('subscription_expired', { ...base, status: 'expired', endsAt: '2026-12-22T10:00:00.000000Z', updatedAt: '2026-12-22T10:00:05.000000Z' });
    await h.postLemonSqueezy(expired);
    await h.core.jobs.drain();
    expect((await subscription(h, '1001')).status).toBe('canceled');
    const after = await memberState(h, userId!);
    expect(after.isFreeMember).toBe(true);
    expect(after.membership.subscriptionStatus).toBe('canceled');
    expect(h.published.map((e) => e.type)).toEqual(['subscription.created', 'subscription.updated', 'subscription.canceled']);
    expect(await h.count('webhookEvents')).toBe(3);
  });

  it('ends a cancelled subscription at ends_at even when subscription_expired never arrives', async () => {
    const clock = fixedClock('2026-11-22T10:00:00.000Z');
    h = await webhookHarness(dialect, { clock });
    const base = { id: '2002', email: 'nia@example.com', name: 'Nia New', renewsAt: '2026-12-01T00:00:00.000000Z', createdAt: '2026-11-01T00:00:00.000000Z', customData: { tenantId: h.tenantId } };
    await h.postLemonSqueezy(lsSubscriptionEvent('subscription_created', { ...base, status: 'active', updatedAt: '2026-11-01T00:00:00.000000Z' }));
    await h.postLemonSqueezy(lsSubscriptionEvent('subscription_cancelled', { ...base, status: 'cancelled', endsAt: '2026-12-01T00:00:00.000000Z', updatedAt: '2026-11-22T09:00:00.000000Z' }));
    await h.core.jobs.drain();
    const user = await h.core.database.db.selectFrom('users').selectAll().where('email', '=', 'nia@example.com').executeTakeFirstOrThrow();
    let state = await memberState(h, user.id);
    expect(state.membership).toMatchObject({ joinSource: 'paid', subscriptionStatus: 'active' });

    clock.set('2026-12-01T00:00:01.000Z');
    await h.core.jobs.drain();
    expect(await subscription(h, '2002')).toMatchObject({ status: 'canceled' });
    state = await memberState(h, user.id);
    expect(state.membership.subscriptionStatus).toBe('canceled');
  });

  it('payment_failed puts the subscription past due and publishes payment.failed; payment_success restores it', async () => {
    h = await webhookHarness(dialect);
    const [userId] = await addMembers(h.core, h.tenantId, [{ name: 'Pat', email: 'pat@example.com' }]);
    const base = { id: '3003', email: 'pat@example.com', renewsAt: '2026-12-22T00:00:00.000000Z', createdAt: '2026-10-22T00:00:00.000000Z', customData: { tenantId: h.tenantId, userId: userId! } };
    await h.postLemonSqueezy(lsSubscriptionEvent('subscription_created', { ...base, status: 'active', updatedAt: '2026-10-22T00:00:00.000000Z' }));
    await h.postLemonSqueezy(lsInvoiceEvent('subscription_payment_failed', { id: '5001', subscriptionId: '3003', status: 'pending', updatedAt: '2026-11-22T00:00:00.000000Z' }));
    await h.core.jobs.drain();
    expect((await subscription(h, '3003')).status).toBe('past_due');
    expect(h.published.find((e) => e.type === 'payment.failed')?.data).toMatchObject({ userId, tenantId: h.tenantId, amountMinor: 4900, currency: 'USD' });
    await h.postLemonSqueezy(lsInvoiceEvent('subscription_payment_success', { id: '5002', subscriptionId: '3003', status: 'paid', updatedAt: '2026-11-23T00:00:00.000000Z' }));
    await h.core.jobs.drain();
    expect(await subscription(h, '3003')).toMatchObject({ status: 'active', graceEndsAt: null });
  });

  it('order_created makes the buyer a paid member', async () => {
    h = await webhookHarness(dialect);
    await h.postLemonSqueezy(lsOrderEvent({ id: '7001', email: 'ola@example.com', name: 'Ola Order', updatedAt: '2026-11-22T00:00:00.000000Z', customData: { tenantId: h.tenantId } }));
    await h.postLemonSqueezy(lsOrderEvent({ id: '7002', email: 'pending@example.com', status: 'pending', updatedAt: '2026-11-22T00:00:00.000000Z' }));
    await h.core.jobs.drain();
    const user = await h.core.database.db.selectFrom('users').selectAll().where('email', '=', 'ola@example.com').executeTakeFirstOrThrow();
    expect((await memberState(h, user.id)).membership).toMatchObject({ joinSource: 'paid', status: 'active' });
    expect(h.published.map((e) => e.type)).toEqual(['member.joined']);
    const rows = await ledgerRows(h);
    expect(rows.map((r) => r.status).sort()).toEqual(['applied', 'ignored']);
    expect(await h.core.database.db.selectFrom('users').select('id').where('email', '=', 'pending@example.com').executeTakeFirst()).toBeUndefined();
  });

  it('refuses a missing, garbled or wrong X-Signature with 400 and stores nothing', async () => {
    h = await webhookHarness(dialect);
    const event = lsSubscriptionEvent('subscription_created', { id: '4004', email: 'x@example.com', status: 'active', renewsAt: '2026-12-22T00:00:00.000000Z', createdAt: '2026-11-22T00:00:00.000000Z', updatedAt: '2026-11-22T00:00:00.000000Z' });
    const body = JSON.stringify(event);
    for (const [name, signature, sent] of [
      ['missing', null, body],
      ['garbled', 'not-hex', body],
      ['wrong secret', signLemonSqueezy(body, 'someone-elses-secret'), body],
      ['one byte changed', signLemonSqueezy(body, LS_SECRET), body.replace('x@example.com', 'y@example.com')],
      ['upper-case of another body', signLemonSqueezy('{}', LS_SECRET).toUpperCase(), body],
    ] as const) {
      const reply = await h.postLemonSqueezy(event, { signature, body: sent });
      expect(reply.status, name).toBe(400);
      expect(typeof reply.body.error, name).toBe('string');
    }
    expect(await h.count('webhookEvents')).toBe(0);
    expect((await h.postLemonSqueezy(event)).status).toBe(200);
  });
});
