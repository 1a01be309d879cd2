import { afterEach, describe, expect, it } from 'vitest';
import { upsertPackageInput } from '../../../src-shared/schemas/packages';
import { dialects } from '../../support/core';
import { webhookHarness, type Harness } from '../webhooks/harness';
import { checkoutSession, lsSubscriptionEvent, stripeEvent, stripeIds, unix } from '../webhooks/payloads';

// Finding: a checkout whose metadata.packageId named no package was "Applied", and the member
// showed a phantom "package no longer offered" at $199. Now the event is stored and shown as
// failed with the reason, and nothing is created from it.

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const at = '2026-11-20T10:00:00.000Z';

async function eventRow(h: Harness) {
  await h.core.jobs.drain();
  return h.core.database.db.selectFrom('webhookEvents').select(['status', 'lastError', 'tenantId']).orderBy('receivedAt', 'desc').executeTakeFirstOrThrow();
}

const countUsers = async (h: Harness, email: string) => (await h.core.database.db.selectFrom('users').select('id').where('email', '=', email).execute()).length;

describe.each(dialects)('checkout naming an unknown package on %s', (dialect) => {
  it('Stripe: failed with the reason, no member and no subscription; a real package still applies', async () => {
    h = await webhookHarness(dialect);
    const session = checkoutSession({
      customer: stripeIds.customer(),
      subscription: stripeIds.subscription(),
      email: 'phantom@example.com',
      amountTotal: 19900,
      created: unix(at),
      metadata: { tenantId: h.tenantId, packageId: 'pkg_doesnotexist' },
    });
    expect((await h.postStripe(stripeEvent('checkout.session.completed', session, { created: unix(at) }))).status).toBe(200);
    const row = await eventRow(h);
    expect(row).toMatchObject({ status: 'failed', tenantId: h.tenantId, lastError: expect.stringMatching(/^metadata\.packageId: "pkg_doesnotexist" is not a package of this community/) });
    expect(await countUsers(h, 'phantom@example.com')).toBe(0);
    expect(await h.count('subscriptions')).toBe(0);
    // The Webhooks page shows it failed, with the reason.
    const listed = await h.core.services.webhooks.list({ tenantId: h.tenantId, includeUnattributed: false }, { limit: 10 });
    expect(listed.items[0]).toMatchObject({ status: 'failed', lastError: expect.stringContaining('pkg_doesnotexist') });

    // Another tenant's package is no package of this tenant either.
    const other = await h.core.services.tenants.create({ slug: 'other', name: 'Other' }, h.ownerId);
    const foreign = (await h.core.services.packages.upsert(other.id, h.ownerId, upsertPackageInput.parse({ name: 'Gold', price: 199, interval: 'month', currency: 'USD', isActive: true }))).package;
    const foreignSession = checkoutSession({ customer: stripeIds.customer(), subscription: stripeIds.subscription(), email: 'phantom@example.com', amountTotal: 19900, created: unix(at), metadata: { tenantId: h.tenantId, packageId: foreign.id } });
    await h.postStripe(stripeEvent('checkout.session.completed', foreignSession, { created: unix(at) }));
    expect(await eventRow(h)).toMatchObject({ status: 'failed' });
    expect(await h.count('subscriptions')).toBe(0);

    const own = (await h.core.services.packages.upsert(h.tenantId, h.ownerId, upsertPackageInput.parse({ name: 'Pro', price: 49, interval: 'month', currency: 'USD', isActive: true }))).package;
    const good = checkoutSession({ customer: stripeIds.customer(), subscription: stripeIds.subscription(), email: 'real@example.com', amountTotal: 4900, created: unix(at), metadata: { tenantId: h.tenantId, packageId: own.id } });
    await h.postStripe(stripeEvent('checkout.session.completed', good, { created: unix(at) }));
    expect(await eventRow(h)).toMatchObject({ status: 'applied', lastError: null });
    const sub = await h.core.database.db.selectFrom('subscriptions').select(['packageId']).executeTakeFirstOrThrow();
    expect(sub.packageId).toBe(own.id);
  });

  it('Lemon Squeezy: a subscription_created or order naming an unknown package fails the same way', async () => {
    h = await webhookHarness(dialect);
    const created = lsSubscriptionEvent('subscription_created', {
      id: '4242',
      status: 'active',
      email: 'phantom@example.com',
      renewsAt: '2026-12-20T10:00:00.000Z',
      createdAt: at,
      updatedAt: at,
      customData: { tenant_id: h.tenantId, package_id: 'pkg_doesnotexist' },
    });
    expect((await h.postLemonSqueezy(created)).status).toBe(200);
    expect(await eventRow(h)).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^meta\.custom_data\.package_id: "pkg_doesnotexist" is not a package/) });
    const order = {
      meta: { event_name: 'order_created', custom_data: { tenant_id: h.tenantId, package_id: 'pkg_doesnotexist' } },
      data: { type: 'orders', id: '777', attributes: { customer_id: 90001, user_email: 'phantom@example.com', user_name: 'P', status: 'paid', updated_at: at } },
    };
    expect((await h.postLemonSqueezy(order)).status).toBe(200);
    expect(await eventRow(h)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('pkg_doesnotexist') });
    expect(await countUsers(h, 'phantom@example.com')).toBe(0);
    expect(await h.count('subscriptions')).toBe(0);
  });
});
