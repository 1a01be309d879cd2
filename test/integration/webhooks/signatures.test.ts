import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { dialects } from '../../support/core';
import { ledgerRows, STRIPE_SECRET, webhookHarness, type Harness, type Reply } from './harness';
import { stripeEvent, stripeIds, subscriptionObject } from './payloads';

const sdk = new Stripe('sk_test_unused');

describe.each(dialects)('the Stripe listener refuses what it cannot trust, on %s', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    delete process.env.STRIPE_WEBHOOK_SECRET;
    await h?.dispose();
  });

  const event = (h: Harness) => {
    const now = Math.floor(Date.now() / 1000);
    return stripeEvent(
      'customer.subscription.created',
      subscriptionObject({ id: stripeIds.subscription(), customer: stripeIds.customer(), status: 'active', periodStart: now, periodEnd: now + 86_400, metadata: { tenantId: h.tenantId } }),
      { created: now },
    );
  };

  async function expectNothingStored(h: Harness) {
    await h.core.jobs.drain();
    expect(await h.count('webhookEvents')).toBe(0);
    expect(await h.count('subscriptions')).toBe(0);
    expect(await h.count('jobs')).toBe(0);
  }

  it('answers 400 with a reason to every bad signature, and stores nothing', async () => {
    h = await webhookHarness(dialect);
    const e = event(h);
    const body = JSON.stringify(e);
    const now = Math.floor(Date.now() / 1000);
    // Signed over the original bytes, then sent with other bytes.
    const signedOriginal = () => sdk.webhooks.generateTestHeaderString({ payload: body, secret: STRIPE_SECRET });
    const cases: [string, () => Promise<Reply>][] = [
      ['wrong secret', () => h.postStripe(e, { secret: 'whsec_someone_elses_secret_000' })],
      ['one body byte changed', () => h.postStripe(e, { header: signedOriginal(), body: body.replace('"active"', '"activf"') })],
      ['JSON re-serialised', () => h.postStripe(e, { header: signedOriginal(), body: JSON.stringify(e, null, 2) })],
      ['timestamp 301 s old', () => h.postStripe(e, { timestamp: Math.floor(Date.now() / 1000) - 301 })],
      ['timestamp 301 s ahead', () => h.postStripe(e, { timestamp: Math.ceil(Date.now() / 1000) + 301 })],
      ['missing header', () => h.postStripe(e, { header: null })],
      ['garbled header', () => h.postStripe(e, { header: 'this is not a signature' })],
      ['header without v1', () => h.postStripe(e, { header: `t=${now}` })],
      ['non-hex v1', () => h.postStripe(e, { header: `t=${now},v1=${'z'.repeat(64)}` })],
    ];
    for (const [name, send] of cases) {
      const reply = await send();
      expect(reply.status, name).toBe(400);
      expect(typeof reply.body.error, name).toBe('string');
    }
    await expectNothingStored(h);
    // The untouched event still goes through, and so does one signed 290 s ago.
    expect((await h.postStripe(e)).status).toBe(200);
    expect((await h.postStripe(event(h), { timestamp: Math.floor(Date.now() / 1000) - 290 })).status).toBe(200);
  });

  it('accepts either secret during a rotation (saved in the console)', async () => {
    h = await webhookHarness(dialect);
    await h.core.services.webhooks.signingSecrets.set('stripe', ['whsec_new_secret_0123456789', STRIPE_SECRET]);
    expect((await h.postStripe(event(h), { secret: 'whsec_new_secret_0123456789' })).status).toBe(200);
    expect((await h.postStripe(event(h), { secret: STRIPE_SECRET })).status).toBe(200);
    expect((await h.postStripe(event(h), { secret: 'whsec_retired_secret_000000' })).status).toBe(400);
    expect(await h.count('webhookEvents')).toBe(2);
  });

  it('accepts either secret of a comma-separated STRIPE_WEBHOOK_SECRET', async () => {
    process.env.STRIPE_WEBHOOK_SECRET = 'whsec_env_new_0123456789, whsec_env_old_0123456789';
    h = await webhookHarness(dialect);
    expect((await h.postStripe(event(h), { secret: 'whsec_env_new_0123456789' })).status).toBe(200);
    expect((await h.postStripe(event(h), { secret: 'whsec_env_old_0123456789' })).status).toBe(200);
    expect(await h.core.services.webhooks.signingSecrets.describe('stripe')).toEqual({ fromEnvironment: 2, saved: 1 });
  });

  it('refuses bodies over 1 MB with 413, malformed JSON and non-events with 400', async () => {
    h = await webhookHarness(dialect);
    const e = event(h);
    const big = JSON.stringify({ ...e, padding: 'x'.repeat(1024 * 1024) });
    expect((await h.postStripe(e, { body: big })).status).toBe(413);
    const malformed = await h.postStripe(e, { body: '{"id": "evt_1", "type": ' });
    expect(malformed).toMatchObject({ status: 400, body: { error: 'the body is not valid JSON' } });
    const notAnEvent = await h.postStripe(e, { body: JSON.stringify({ hello: 'world' }) });
    expect(notAnEvent.status).toBe(400);
    expect(notAnEvent.body.error).toMatch(/not a Stripe event: id/);
    const empty = await h.postStripe(e, { body: '' });
    expect(empty.status).toBe(400);
    await expectNothingStored(h);
  });

  it('stores an unknown event type, answers 2xx, and marks it ignored without applying it', async () => {
    h = await webhookHarness(dialect);
    const now = Math.floor(Date.now() / 1000);
    const unknown = stripeEvent('charge.dispute.created', { id: 'dp_1', object: 'dispute', amount: 4900, metadata: {} }, { created: now });
    const reply = await h.postStripe(unknown);
    expect(reply).toMatchObject({ status: 200, body: { received: true } });
    await h.core.jobs.drain();
    const [row] = await ledgerRows(h);
    expect(row).toMatchObject({ status: 'ignored', type: 'charge.dispute.created', tenantId: h.tenantId, changes: null });
    expect(row!.body).toBe(JSON.stringify(unknown));
    expect(JSON.parse(row!.headers)).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'stripe-signature': expect.stringMatching(/^t=\d+,v1=[0-9a-f]{64}$/) });
    expect(await h.count('subscriptions')).toBe(0);
  });

  it('says so with 503 when no signing secret is configured, storing nothing', async () => {
    h = await webhookHarness(dialect);
    await h.core.services.webhooks.signingSecrets.set('stripe', []);
    const reply = await h.postStripe(event(h));
    expect(reply.status).toBe(503);
    expect(reply.body.error).toMatch(/no Stripe webhook signing secret/);
    await expectNothingStored(h);
  });
});
