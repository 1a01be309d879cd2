import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import { apiContext } from '../../src-main/core/api/context';
import { appRouter } from '../../src-main/core/api/router';
import { createCallerFactory } from '../../src-main/core/api/trpc';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import type { ProviderEnv } from '../../src-main/core/areas/settings/provider-config';
import { startLemonSqueezyFake, type LemonSqueezyFake } from '../fakes/lemonsqueezy';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { dialects, type TestCore, type TestDialect } from '../support/core';
import { makeProviderCore } from '../support/provider-core';

// Catch-up reconciliation against the local fakes: what happened at the provider while the
// console was offline (events made in the fake and never delivered) is listed, stored in the
// ledger as reconciled, applied by the same handlers, and never applied twice.

const createCaller = createCallerFactory(appRouter);
const STRIPE_SECRET = 'whsec_reconcile_0123456789abcdef';
const LS_SECRET = 'ls_reconcile_secret_0123456789';

let stripe: StripeFake | undefined;
let ls: LemonSqueezyFake | undefined;
let core: TestCore | undefined;
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  await core?.dispose();
  await stripe?.close();
  await ls?.close();
  server = core = stripe = ls = undefined;
});

async function setup(dialect: TestDialect, providers: { stripe?: boolean; lemonSqueezy?: boolean } = {}) {
  stripe = await startStripeFake();
  ls = await startLemonSqueezyFake();
  const catalog = ls.seedCatalog();
  const env: ProviderEnv = { stripeApiBase: stripe.url, lemonSqueezyApiBase: ls.url, stripeMaxNetworkRetries: 0 };
  if (providers.stripe !== false) env.stripeSecretKey = stripe.apiKey;
  if (providers.lemonSqueezy !== false) Object.assign(env, { lemonSqueezyApiKey: ls.apiKey, lemonSqueezyStoreId: catalog.store.id });
  core = await makeProviderCore(dialect, { providers: env });
  const c = core;
  await c.services.webhooks.signingSecrets.set('stripe', [STRIPE_SECRET]);
  await c.services.webhooks.signingSecrets.set('lemonsqueezy', [LS_SECRET]);
  const ownerId = await c.services.owner.id();
  const tenant = await c.services.tenants.create({ slug: `r${randomBytes(3).toString('hex')}`, name: 'Recon' }, ownerId);
  server = await startHttpServer(c, { host: '127.0.0.1', port: 0 });
  const api = createCaller(apiContext(c, { userId: ownerId, tenantId: tenant.id, role: 'ADMIN', isConsoleOwner: true }, 'script'));
  const member = async (email: string) => {
    const user = await c.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (!user) return null;
    const me = await c.services.users.getCurrentUser(user.id, tenant.id);
    const membership = await c.database.db.selectFrom('memberships').select('subscriptionStatus').where('tenantId', '=', tenant.id).where('userId', '=', user.id).executeTakeFirstOrThrow();
    return { userId: user.id, isFreeMember: me.isFreeMember, subscriptionStatus: membership.subscriptionStatus };
  };
  const counts = async () => ({
    ledger: Number((await c.database.db.selectFrom('webhookEvents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    history: Number((await c.database.db.selectFrom('subscriptionEvents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    users: Number((await c.database.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  });
  return { core: c, api, tenantId: tenant.id, catalog, member, counts, stripe: stripe!, ls: ls!, url: (p: string) => `${server!.url}/api/webhooks/${p}` };
}

describe.each(dialects)('webhooks.reconcile on %s', (dialect) => {
  it('recovers Stripe events made while offline, applies them through the handlers, and changes nothing when run twice or delivered late', async () => {
    const t = await setup(dialect);
    const { price } = t.stripe.createPrice({ unitAmount: 4900, interval: 'month' });
    const gateway = await t.core.services.providers.requireStripe();
    const checkout = async (email: string) => {
      const session = await gateway.createCheckoutSession({
        idempotencyKey: randomBytes(8).toString('hex'),
        priceId: price.id,
        metadata: { tenantId: t.tenantId },
        successUrl: 'https://example.com/ok',
        cancelUrl: 'https://example.com/no',
      });
      return t.stripe.completeCheckout(session.id, { email });
    };

    // Online: Ann's checkout is delivered as usual.
    const ann = await checkout('ann@example.com');
    for (const e of t.stripe.events().filter((e) => ['customer.subscription.created', 'checkout.session.completed'].includes(e.type as string))) {
      expect((await t.stripe.deliverWebhook(t.url('stripe'), STRIPE_SECRET, e)).status).toBe(200);
    }
    await t.core.jobs.drain();
    expect(await t.member('ann@example.com')).toMatchObject({ isFreeMember: false, subscriptionStatus: 'active' });
    const deliveredIds = new Set(t.stripe.events().map((e) => e.id));

    // Offline: Bob buys, Ann cancels. Stripe has these events; nobody delivered them.
    t.stripe.advanceClock(60);
    await checkout('bob@example.com');
    t.stripe.updateSubscription(ann.subscription!.id, { status: 'canceled' });
    const offline = t.stripe.events().filter((e) => !deliveredIds.has(e.id));
    const handled = offline.filter((e) => ['customer.subscription.created', 'checkout.session.completed', 'customer.subscription.deleted'].includes(e.type as string));
    expect(handled).toHaveLength(3);
    expect(await t.member('bob@example.com')).toBeNull();

    const preview = await t.api.webhooks.reconcile.preview({ provider: 'stripe' });
    expect(preview.provider).toBe('stripe');
    expect(preview.missingEvents.map((e) => e.providerEventId)).toEqual(handled.map((e) => e.id));
    expect(preview.missingEvents.map((e) => e.type)).toEqual(handled.map((e) => e.type));
    expect(preview.missingEvents.every((e) => !Number.isNaN(Date.parse(e.createdAt)))).toBe(true);
    expect(Date.now() - Date.parse(preview.since!)).toBeLessThanOrEqual(30 * 86_400_000);
    expect(await t.counts()).toMatchObject({ ledger: 2 }); // preview stores nothing

    const run = await t.api.webhooks.reconcile.run({ provider: 'stripe' });
    expect(run.stored.map((s) => s.providerEventId)).toEqual(handled.map((e) => e.id));
    expect(run.alreadyKnown).toBe(0);
    await t.core.jobs.drain();
    const rows = (await t.api.webhooks.list({ limit: 10 })).items.filter((r) => run.stored.some((s) => s.id === r.id));
    expect(rows.map((r) => r.status).sort()).toEqual(['applied', 'applied', 'applied']);
    const detail = await t.api.webhooks.get({ id: run.stored[0]!.id });
    expect(detail.headers['x-tenant-console-source']).toBe('reconciled');
    expect(JSON.parse(detail.body)).toMatchObject({ id: handled[0]!.id, type: handled[0]!.type });
    expect(await t.member('bob@example.com')).toMatchObject({ isFreeMember: false, subscriptionStatus: 'active' });
    // Ann joined by paying, so she is never "free" (the seed's rule), but her access has ended.
    expect(await t.member('ann@example.com')).toMatchObject({ subscriptionStatus: 'canceled' });

    // Twice: nothing new. A late real delivery of a recovered event: a duplicate, no change.
    const before = await t.counts();
    const again = await t.api.webhooks.reconcile.run({ provider: 'stripe' });
    expect(again.stored).toEqual([]);
    expect((await t.api.webhooks.reconcile.preview({ provider: 'stripe' })).missingEvents).toEqual([]);
    const late = await t.stripe.deliverWebhook(t.url('stripe'), STRIPE_SECRET, handled[1]!);
    expect(late.status).toBe(200);
    expect(JSON.parse(late.body)).toMatchObject({ duplicate: true, id: run.stored[1]!.id });
    await t.core.jobs.drain();
    expect(await t.counts()).toEqual(before);
  });

  it('recovers Lemon Squeezy subscriptions whose state differs from ours as synthetic events, idempotently', async () => {
    const t = await setup(dialect);
    const variant = t.catalog.variants[0]!;
    const first = t.ls.addSubscription(variant.id, { user_email: 'lena@example.com', user_name: 'Lena' });
    const delivered = await t.ls.deliverWebhook(t.url('lemonsqueezy'), LS_SECRET, 'subscription_created', t.ls.subscriptionPayload(first.id, { tenant_id: t.tenantId }));
    expect(delivered.status).toBe(200);
    await t.core.jobs.drain();
    expect(await t.member('lena@example.com')).toMatchObject({ isFreeMember: false });

    // Offline for longer than Lemon Squeezy retries: Lena cancels; Max subscribes; an old expired one exists.
    await new Promise((r) => setTimeout(r, 5));
    const renews = first.attributes.renews_at as string;
    t.ls.updateSubscription(first.id, { status: 'cancelled', cancelled: true, ends_at: renews });
    const second = t.ls.addSubscription(variant.id, { user_email: 'max@example.com', user_name: 'Max' });
    t.ls.addSubscription(variant.id, { user_email: 'gone@example.com', status: 'expired' });

    const preview = await t.api.webhooks.reconcile.preview({ provider: 'lemonsqueezy' });
    expect(preview.missingEvents).toEqual([]);
    expect(preview.subscriptionChanges).toEqual([
      {
        subscriptionId: first.id,
        email: 'lena@example.com',
        eventName: 'subscription_updated',
        from: { status: 'active', currentPeriodEnd: new Date(renews).toISOString(), cancelAtPeriodEnd: false },
        to: { status: 'active', currentPeriodEnd: new Date(renews).toISOString(), cancelAtPeriodEnd: true },
      },
      {
        subscriptionId: second.id,
        email: 'max@example.com',
        eventName: 'subscription_created',
        from: null,
        to: { status: 'active', currentPeriodEnd: new Date(second.attributes.renews_at as string).toISOString(), cancelAtPeriodEnd: false },
      },
    ]);

    const run = await t.api.webhooks.reconcile.run({ provider: 'lemonsqueezy' });
    expect(run.stored.map((s) => s.type)).toEqual(['subscription_updated', 'subscription_created']);
    await t.core.jobs.drain();
    for (const s of run.stored) expect((await t.api.webhooks.get({ id: s.id })).status).toBe('applied');
    const lena = await t.core.database.db.selectFrom('subscriptions').selectAll().where('providerSubscriptionId', '=', first.id).executeTakeFirstOrThrow();
    expect(lena).toMatchObject({ status: 'active', cancelAtPeriodEnd: 1 });
    expect(await t.member('max@example.com')).toMatchObject({ isFreeMember: false });
    expect(await t.member('gone@example.com')).toBeNull();

    const before = await t.counts();
    expect((await t.api.webhooks.reconcile.preview({ provider: 'lemonsqueezy' })).subscriptionChanges).toEqual([]);
    expect((await t.api.webhooks.reconcile.run({ provider: 'lemonsqueezy' })).stored).toEqual([]);
    // Lemon Squeezy's own delivery of the same change, late: the same ledger id, a duplicate.
    const late = await t.ls.deliverWebhook(t.url('lemonsqueezy'), LS_SECRET, 'subscription_updated', t.ls.subscriptionPayload(first.id, { tenant_id: t.tenantId }));
    expect(JSON.parse(late.body)).toMatchObject({ duplicate: true, id: run.stored[0]!.id });
    await t.core.jobs.drain();
    expect(await t.counts()).toEqual(before);
  });

  it('runs on start for each configured provider', async () => {
    const t = await setup(dialect, { lemonSqueezy: false });
    const { price } = t.stripe.createPrice({ unitAmount: 1900 });
    t.stripe.createSubscription({ price: price.id, email: 'sam@example.com', metadata: { tenantId: t.tenantId } });
    const event = t.stripe.events('customer.subscription.created')[0]!;
    t.core.start();
    let found = false;
    for (let i = 0; i < 100 && !found; i++) {
      await new Promise((r) => setTimeout(r, 50));
      found = !!(await t.core.database.db.selectFrom('webhookEvents').select('status').where('providerEventId', '=', event.id).where('status', '=', 'applied').executeTakeFirst());
    }
    expect(found).toBe(true);
    const jobs = await t.core.database.db.selectFrom('jobs').select(['kind', 'payload', 'status']).where('kind', '=', 'webhooks.reconcile').execute();
    expect(jobs).toEqual([{ kind: 'webhooks.reconcile', payload: JSON.stringify({ provider: 'stripe' }), status: 'done' }]);
  });

  it('answers PRECONDITION_FAILED naming the setting when the provider is not configured', async () => {
    const t = await setup(dialect, { stripe: false, lemonSqueezy: false });
    for (const [provider, field] of [['stripe', 'stripeSecretKey'], ['lemonsqueezy', 'lemonSqueezyApiKey']] as const) {
      const err = await t.api.webhooks.reconcile.preview({ provider }).catch((e: unknown) => e as TRPCError);
      expect(err).toBeInstanceOf(TRPCError);
      expect(err).toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(new RegExp(`^${field}: .* not configured`)) });
      await expect(t.api.webhooks.reconcile.run({ provider })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    }
    await expect(t.api.webhooks.reconcile.preview({ provider: 'paypal' as never })).rejects.toThrow(/provider/);
  });
});
