import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { addMembers, dialects } from '../../support/core';
import { ledgerRows, memberState, webhookHarness, type Harness } from './harness';
import { checkoutSession, invoiceObject, stripeEvent, stripeIds, subscriptionObject, unix } from './payloads';

describe.each(dialects)('Stripe webhooks on %s', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.dispose());

  const subscription = (h: Harness) => (id: string) =>
    h.core.database.db.selectFrom('subscriptions').selectAll().where('providerSubscriptionId', '=', id).executeTakeFirstOrThrow();

  it('a signed checkout makes a free member paid, a deletion makes them free again, and a repeat changes nothing', async () => {
    h = await webhookHarness(dialect);
    const [userId] = await addMembers(h.core, h.tenantId, [{ name: 'Ann Free', email: 'ann@example.com' }]);
    const group = { id: 'group_premium_lounge', tenantId: h.tenantId, name: 'Premium lounge', description: null, createdAt: new Date().toISOString() };
    await h.core.database.db.insertInto('groups').values(group).execute();
    expect((await memberState(h, userId!)).isFreeMember).toBe(true);

    const now = Math.floor(Date.now() / 1000);
    const customer = stripeIds.customer();
    const subId = stripeIds.subscription();
    const checkout = stripeEvent(
      'checkout.session.completed',
      checkoutSession({ customer, subscription: subId, email: 'ann@example.com', created: now, metadata: { tenantId: h.tenantId, userId: userId!, groupId: group.id } }),
      { created: now },
    );
    const first = await h.postStripe(checkout);
    expect(first).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    await h.core.jobs.drain();

    const paid = await memberState(h, userId!);
    expect(paid.isFreeMember).toBe(false);
    expect(paid.listedAsFree).toBe(false);
    expect(paid.membership).toMatchObject({ subscriptionStatus: 'active', joinSource: 'free_signup' });
    const sub = await subscription(h)(subId);
    expect(sub).toMatchObject({ status: 'active', userId, tenantId: h.tenantId, amountMinor: 4900 });
    const inGroup = await h.core.database.db.selectFrom('groupMembers').selectAll().where('userId', '=', userId!).execute();
    expect(inGroup.map((g) => g.groupId)).toEqual([group.id]);
    const [row] = await ledgerRows(h);
    expect(row).toMatchObject({ status: 'applied', type: 'checkout.session.completed', tenantId: h.tenantId, userId, providerEventId: checkout.id });
    expect(JSON.parse(row!.changes!)).toEqual(
      expect.arrayContaining([
        { entity: 'subscription', id: sub.id, field: 'status', from: null, to: 'active' },
        { entity: 'membership', id: expect.any(String), field: 'subscriptionStatus', from: null, to: 'active' },
        { entity: 'group_member', id: group.id, field: 'member', from: null, to: userId },
      ]),
    );
    expect(h.published.map((e) => e.type)).toEqual(['subscription.created']);
    expect(h.published[0]!.data).toMatchObject({ userId, tenantId: h.tenantId, status: 'active' });

    // The same delivery again: acknowledged, not applied twice.
    const again = await h.postStripe(checkout);
    expect(again).toMatchObject({ status: 200, body: { received: true, duplicate: true, id: row!.id } });
    await h.core.jobs.drain();
    expect(await h.count('webhookEvents')).toBe(1);
    expect(await h.count('subscriptionEvents')).toBe(1);
    expect(h.published).toHaveLength(1);

    const deleted = stripeEvent(
      'customer.subscription.deleted',
      subscriptionObject({ id: subId, customer, status: 'canceled', periodStart: now, periodEnd: now + 30 * 86_400, canceledAt: now + 60 }),
      { created: now + 60 },
    );
    expect((await h.postStripe(deleted)).status).toBe(200);
    await h.core.jobs.drain();
    const free = await memberState(h, userId!);
    expect(free.isFreeMember).toBe(true);
    expect(free.membership.subscriptionStatus).toBe('canceled');
    expect(await subscription(h)(subId)).toMatchObject({ status: 'canceled', canceledAt: new Date((now + 60) * 1000).toISOString(), planId: 'price_monthly_49' });
    const rows = await ledgerRows(h);
    expect(JSON.parse(rows[1]!.changes!)).toEqual(expect.arrayContaining([{ entity: 'subscription', id: sub.id, field: 'status', from: 'active', to: 'canceled' }]));
    expect(h.published.map((e) => e.type)).toEqual(['subscription.created', 'subscription.canceled']);

    // A second delivery of the same state under a new event id is still no change.
    await h.postStripe({ ...deleted, id: stripeIds.event() });
    await h.core.jobs.drain();
    expect(await h.count('subscriptionEvents')).toBe(2);
    expect(JSON.parse((await ledgerRows(h))[2]!.changes!)).toEqual([]);
  });

  it('a checkout from a new email creates the user and a paid membership, and announces the join', async () => {
    h = await webhookHarness(dialect);
    const now = Math.floor(Date.now() / 1000);
    const subId = stripeIds.subscription();
    await h.postStripe(
      stripeEvent('checkout.session.completed', checkoutSession({ customer: stripeIds.customer(), subscription: subId, email: 'New.Buyer@Example.com', name: 'New Buyer', created: now, metadata: { tenantId: h.tenantId } }), { created: now }),
    );
    await h.core.jobs.drain();
    const user = await h.core.database.db.selectFrom('users').selectAll().where('email', '=', 'new.buyer@example.com').executeTakeFirstOrThrow();
    expect(user.name).toBe('New Buyer');
    const state = await memberState(h, user.id);
    expect(state.membership).toMatchObject({ joinSource: 'paid', subscriptionStatus: 'active', status: 'active' });
    expect(state.isFreeMember).toBe(false);
    expect(h.published.map((e) => e.type).sort()).toEqual(['member.joined', 'subscription.created']);
    expect(h.published.find((e) => e.type === 'member.joined')!.data).toEqual({ userId: user.id, tenantId: h.tenantId, email: 'new.buyer@example.com', joinSource: 'paid', groups: [] });
  });

  it('ends at the newest state whatever the order: updated before created, an old event after a new one', async () => {
    h = await webhookHarness(dialect);
    const [userId] = await addMembers(h.core, h.tenantId, [{ name: 'Bo', email: 'bo@example.com' }]);
    await h.core.database.db
      .insertInto('packages')
      .values({ id: 'pkg_pro', tenantId: h.tenantId, name: 'Pro', description: null, priceMinor: 9900, stripePriceId: 'price_pro_99', variantId: null, stripeProductId: null, salePriceMinor: null, saleStartsAt: null, saleEndsAt: null, archivedAt: null, syncError: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' })
      .execute();
    const t0 = Math.floor(Date.now() / 1000) - 3600;
    const customer = stripeIds.customer();
    const subId = stripeIds.subscription();
    const meta = { tenantId: h.tenantId, userId: userId! };
    const base = { id: subId, customer, periodStart: t0, periodEnd: t0 + 30 * 86_400, metadata: meta };

    // updated (t0+10) arrives before created (t0): created must not roll it back.
    await h.postStripe(stripeEvent('customer.subscription.updated', subscriptionObject({ ...base, status: 'active', priceId: 'price_pro_99', unitAmount: 9900 }), { created: t0 + 10, previousAttributes: { status: 'incomplete' } }));
    await h.postStripe(stripeEvent('customer.subscription.created', subscriptionObject({ ...base, status: 'incomplete' }), { created: t0 }));
    await h.core.jobs.drain();
    let sub = await subscription(h)(subId);
    expect(sub).toMatchObject({ status: 'active', planId: 'price_pro_99', packageId: 'pkg_pro', amountMinor: 9900, userId, currentPeriodEnd: new Date((t0 + 30 * 86_400) * 1000).toISOString() });
    expect((await memberState(h, userId!)).isFreeMember).toBe(false);

    // A newer state (cancel at period end, t0+30), then an older one (plain active, t0+20).
    await h.postStripe(stripeEvent('customer.subscription.updated', subscriptionObject({ ...base, status: 'active', priceId: 'price_pro_99', unitAmount: 9900, cancelAtPeriodEnd: true, canceledAt: t0 + 30 }), { created: t0 + 30 }));
    await h.postStripe(stripeEvent('customer.subscription.updated', subscriptionObject({ ...base, status: 'past_due', priceId: 'price_pro_99', unitAmount: 9900 }), { created: t0 + 20 }));
    await h.core.jobs.drain();
    sub = await subscription(h)(subId);
    expect(sub).toMatchObject({ status: 'active', cancelAtPeriodEnd: 1, canceledAt: new Date((t0 + 30) * 1000).toISOString(), providerUpdatedAt: new Date((t0 + 30) * 1000).toISOString() });
    const lastRow = (await ledgerRows(h)).at(-1)!;
    expect(lastRow.status).toBe('applied');
    expect(JSON.parse(lastRow.changes!)).toEqual([]);

    // A deletion is final: an old "active" after it changes nothing.
    await h.postStripe(stripeEvent('customer.subscription.deleted', subscriptionObject({ ...base, status: 'canceled', canceledAt: t0 + 40 }), { created: t0 + 40 }));
    await h.postStripe(stripeEvent('customer.subscription.updated', subscriptionObject({ ...base, status: 'active' }), { created: t0 + 35 }));
    await h.core.jobs.drain();
    expect((await subscription(h)(subId)).status).toBe('canceled');
    expect((await memberState(h, userId!)).isFreeMember).toBe(true);
  });

  it('reads the billing period from the subscription itself in API versions before 2025', async () => {
    h = await webhookHarness(dialect);
    const now = Math.floor(Date.now() / 1000);
    const subId = stripeIds.subscription();
    await h.postStripe(stripeEvent('customer.subscription.created', subscriptionObject({ id: subId, customer: stripeIds.customer(), status: 'trialing', periodStart: now, periodEnd: now + 14 * 86_400, legacyPeriod: true, metadata: { tenantId: h.tenantId } }), { created: now }));
    await h.core.jobs.drain();
    expect(await subscription(h)(subId)).toMatchObject({ status: 'trialing', currentPeriodEnd: new Date((now + 14 * 86_400) * 1000).toISOString(), userId: null });
  });

  it('keeps access through the grace period after a failed payment, then revokes it unless the invoice gets paid', async () => {
    const clock = fixedClock('2026-11-22T10:00:00.000Z');
    h = await webhookHarness(dialect, { clock });
    await h.core.services.billing.setGraceDays(h.tenantId, 2);
    const [late, recovers] = await addMembers(h.core, h.tenantId, [
      { name: 'Late Payer', email: 'late@example.com' },
      { name: 'Recovers', email: 'recovers@example.com' },
    ]);
    const now = unix(clock.nowIso());
    const subs: Record<string, { sub: string; customer: string }> = {};
    for (const userId of [late!, recovers!]) {
      const ids = { sub: stripeIds.subscription(), customer: stripeIds.customer() };
      subs[userId] = ids;
      await h.postStripe(stripeEvent('checkout.session.completed', checkoutSession({ customer: ids.customer, subscription: ids.sub, created: now, metadata: { tenantId: h.tenantId, userId } }), { created: now }));
    }
    await h.core.jobs.drain();

    clock.advance(60_000);
    const failedAt = unix(clock.nowIso());
    for (const userId of [late!, recovers!]) {
      const { sub, customer } = subs[userId]!;
      await h.postStripe(stripeEvent('invoice.payment_failed', invoiceObject({ customer, subscription: sub, status: 'open', created: failedAt }), { created: failedAt }));
    }
    await h.core.jobs.drain();
    for (const userId of [late!, recovers!]) {
      expect((await subscription(h)(subs[userId]!.sub)).status).toBe('past_due');
      const state = await memberState(h, userId);
      expect(state.listedAsFree).toBe(false);
      expect(state.membership.subscriptionStatus).toBe('active');
    }
    expect(h.published.filter((e) => e.type === 'payment.failed').map((e) => e.data.userId).sort()).toEqual([late, recovers].sort());

    // One of them pays within the grace period.
    clock.advance(86_400_000);
    const paidAt = unix(clock.nowIso());
    const r = subs[recovers!]!;
    await h.postStripe(stripeEvent('invoice.paid', invoiceObject({ customer: r.customer, subscription: r.sub, status: 'paid', created: paidAt }), { created: paidAt }));
    await h.core.jobs.drain();
    expect((await subscription(h)(r.sub))).toMatchObject({ status: 'active', graceEndsAt: null });

    // The grace period ends: the one who did not pay loses paid access.
    clock.advance(86_400_000 + 1_000);
    await h.core.jobs.drain();
    const lateState = await memberState(h, late!);
    expect(lateState.membership.subscriptionStatus).toBe('past_due');
    expect(lateState.listedAsFree).toBe(true);
    expect(lateState.isFreeMember).toBe(true);
    const recovered = await memberState(h, recovers!);
    expect(recovered.membership.subscriptionStatus).toBe('active');
    expect(recovered.isFreeMember).toBe(false);
  });

  it('a paid invoice does not turn a trial into an active subscription, nor hide later news of it', async () => {
    h = await webhookHarness(dialect);
    const now = Math.floor(Date.now() / 1000);
    const ids = { sub: stripeIds.subscription(), customer: stripeIds.customer() };
    await h.postStripe(stripeEvent('customer.subscription.created', subscriptionObject({ id: ids.sub, customer: ids.customer, status: 'trialing', periodStart: now, periodEnd: now + 7 * 86_400, metadata: { tenantId: h.tenantId } }), { created: now }));
    await h.postStripe(stripeEvent('invoice.paid', invoiceObject({ customer: ids.customer, subscription: ids.sub, status: 'paid', amount: 0, created: now + 1 }), { created: now + 1 }));
    await h.core.jobs.drain();
    expect((await subscription(h)(ids.sub)).status).toBe('trialing');

    // That invoice said nothing about the subscription's other fields: a change to them from
    // the same moment as the trial still applies when it arrives after the invoice.
    await h.postStripe(stripeEvent('customer.subscription.updated', subscriptionObject({ id: ids.sub, customer: ids.customer, status: 'trialing', periodStart: now, periodEnd: now + 7 * 86_400, cancelAtPeriodEnd: true, metadata: { tenantId: h.tenantId } }), { created: now }));
    await h.core.jobs.drain();
    expect(await subscription(h)(ids.sub)).toMatchObject({ status: 'trialing', cancelAtPeriodEnd: 1 });
  });
});
