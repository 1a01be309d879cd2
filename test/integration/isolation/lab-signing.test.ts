import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../../src-main/core/platform/http/server';
import { signLemonSqueezy } from '../../../src-main/core/areas/webhooks/verify';
import { dialects } from '../../support/core';
import { makeTwoTenants, type TwoTenants } from '../../support/two-tenants';

// Finding: a bravo ADMIN forged Stripe and Lemon Squeezy events into alpha through the webhook lab
// (signed with the console's real secrets), and read a valid Stripe-Signature off the lab's answer.
// Now a tenant ADMIN's lab signs with their tenant's lab secret, which /api/webhooks/* refuses, and
// may not send to "self"; replay reaches their own tenant's events only.

const STRIPE_SECRET = 'whsec_real_console_secret_0123456789';
const LS_SECRET = 'ls_real_console_secret_0123456789';
const stripe = new Stripe('sk_test_unused');

let t: TwoTenants | undefined;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  await t?.dispose();
  server = t = undefined;
});

async function setup(dialect: (typeof dialects)[number]) {
  t = await makeTwoTenants(dialect);
  await t.core.services.webhooks.signingSecrets.set('stripe', [STRIPE_SECRET]);
  await t.core.services.webhooks.signingSecrets.set('lemonsqueezy', [LS_SECRET]);
  server = await startHttpServer(t.core, { host: '127.0.0.1', port: 0 });
  const bravoAdmin = await t.caller(t.bravo.id, t.bravoAdmin);
  const owner = await t.caller(t.alpha.id, t.owner);
  return { t, bravoAdmin, owner, url: server.url };
}

/** A checkout that would make a paid member in `tenantId`. */
function forgedCheckout(tenantId: string) {
  return JSON.stringify({
    id: `evt_${randomBytes(8).toString('hex')}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `cs_${randomBytes(8).toString('hex')}`,
        mode: 'subscription',
        customer: `cus_${randomBytes(6).toString('hex')}`,
        subscription: `sub_${randomBytes(6).toString('hex')}`,
        customer_details: { email: 'forged@evil.test', name: 'Forged' },
        amount_total: 19900,
        currency: 'usd',
        metadata: { tenantId },
      },
    },
  });
}

function forgedOrder(tenantId: string) {
  return JSON.stringify({
    meta: { event_name: 'order_created', custom_data: { tenant_id: tenantId } },
    data: { type: 'orders', id: String(Date.now()), attributes: { customer_id: 77, user_email: 'forged@evil.test', user_name: 'Forged', status: 'paid', updated_at: new Date().toISOString() } },
  });
}

const ledgerSize = async () => (await t!.core.database.db.selectFrom('webhookEvents').select('id').execute()).length;
const forgedUser = () => t!.core.database.db.selectFrom('users').select('id').where('email', '=', 'forged@evil.test').executeTakeFirst();

describe.each(dialects)('webhook lab as a tenant ADMIN on %s', (dialect) => {
  it('refuses "self" and signs URL sends with a lab secret that /api/webhooks/* rejects', async () => {
    const { bravoAdmin, url } = await setup(dialect);
    const access = await bravoAdmin.webhooks.lab.access();
    expect(access).toMatchObject({ signing: 'lab', selfTarget: false, privateTargets: true, consoleOwner: false });
    expect(access.labSecret).toMatch(/^whsec_lab_/);
    expect((await bravoAdmin.webhooks.lab.access()).labSecret).toBe(access.labSecret); // stable

    // "self" is the console owner's, for either provider.
    for (const [provider, payload] of [['stripe', forgedCheckout(t!.alpha.id)], ['lemonsqueezy', forgedOrder(t!.alpha.id)]] as const) {
      await expect(bravoAdmin.webhooks.lab.send({ provider, payload, target: 'self' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^target: .*console owner/) });
    }

    // Aimed straight at the console's endpoint (a URL, allowed since it listens on loopback): refused.
    const stripeSend = await bravoAdmin.webhooks.lab.send({ provider: 'stripe', payload: forgedCheckout(t!.alpha.id), target: { url: `${url}/api/webhooks/stripe` } });
    expect(stripeSend.response?.status).toBe(400);
    const lsSend = await bravoAdmin.webhooks.lab.send({ provider: 'lemonsqueezy', payload: forgedOrder(t!.alpha.id), target: { url: `${url}/api/webhooks/lemonsqueezy` } });
    expect(lsSend.response?.status).toBe(400);

    // What the lab answered carries the lab signature: it verifies with the lab secret only.
    const sig = stripeSend.request.headers['stripe-signature']!;
    expect(stripe.webhooks.constructEvent(stripeSend.request.body, sig, access.labSecret!).type).toBe('checkout.session.completed');
    expect(() => stripe.webhooks.constructEvent(stripeSend.request.body, sig, STRIPE_SECRET)).toThrow();
    expect(lsSend.request.headers['x-signature']).toBe(signLemonSqueezy(lsSend.request.body, access.labSecret!));
    expect(lsSend.request.headers['x-signature']).not.toBe(signLemonSqueezy(lsSend.request.body, LS_SECRET));

    // Posting those exact headers and body ourselves: 400, nothing stored, nobody created in alpha.
    for (const sent of [stripeSend, lsSend]) {
      const res = await fetch(sent.request.url, { method: 'POST', headers: sent.request.headers, body: sent.request.body });
      expect(res.status).toBe(400);
    }
    expect(await ledgerSize()).toBe(0);
    expect(await forgedUser()).toBeUndefined();
  });

  it('the console owner still signs with the console secrets and sends to self', async () => {
    const { owner } = await setup(dialect);
    expect(await owner.webhooks.lab.access()).toEqual({ signing: 'console', labSecret: null, selfTarget: true, privateTargets: true, consoleOwner: true });
    const sent = await owner.webhooks.lab.send({ provider: 'stripe', payload: forgedCheckout(t!.alpha.id), target: 'self' });
    expect(sent.response?.status).toBe(200);
    expect(stripe.webhooks.constructEvent(sent.request.body, sent.request.headers['stripe-signature']!, STRIPE_SECRET).type).toBe('checkout.session.completed');
  });

  it('replays only the caller\'s tenant events, never shows a stored signature, and templates name only their tenant', async () => {
    const { bravoAdmin, owner, url } = await setup(dialect);
    // An alpha event and an event no tenant was found for, both in the ledger.
    await owner.webhooks.lab.send({ provider: 'stripe', payload: forgedCheckout(t!.alpha.id), target: 'self' });
    await owner.webhooks.lab.send({ provider: 'stripe', payload: forgedCheckout('tenant_nobody'), target: 'self' });
    await t!.core.jobs.drain();
    const rows = await t!.core.database.db.selectFrom('webhookEvents').select(['id', 'tenantId']).execute();
    expect(rows.map((r) => r.tenantId).sort()).toEqual([t!.alpha.id, null].sort());
    for (const row of rows) {
      await expect(bravoAdmin.webhooks.lab.replay({ eventId: row.id, target: { url: `${url}/api/webhooks/stripe` } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(bravoAdmin.webhooks.lab.replay({ eventId: row.id, target: 'self' })).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/) });
    }

    // Their own tenant's event: replayed with the lab signature; its stored signature is not shown.
    const ownerInBravo = await t!.caller(t!.bravo.id, t!.owner);
    await ownerInBravo.webhooks.lab.send({ provider: 'stripe', payload: forgedCheckout(t!.bravo.id), target: 'self' });
    await t!.core.jobs.drain();
    const bravoEvent = await t!.core.database.db.selectFrom('webhookEvents').select('id').where('tenantId', '=', t!.bravo.id).executeTakeFirstOrThrow();
    const replayed = await bravoAdmin.webhooks.lab.replay({ eventId: bravoEvent.id, target: { url: `${url}/api/webhooks/stripe` } });
    expect(replayed.response?.status).toBe(400);
    expect((await bravoAdmin.webhooks.get({ id: bravoEvent.id })).headers['stripe-signature']).toBe('(shown to the console owner only)');
    expect((await ownerInBravo.webhooks.get({ id: bravoEvent.id })).headers['stripe-signature']).toMatch(/^t=\d+,v1=/);

    const templates = await bravoAdmin.webhooks.lab.templates();
    expect(templates.length).toBeGreaterThan(0);
    for (const x of templates) {
      expect(x.payload, x.type).not.toContain(t!.alpha.id);
    }
    expect(templates.some((x) => x.payload.includes(t!.bravo.id))).toBe(true);
  });
});
