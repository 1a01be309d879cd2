import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { createStripeGateway, type StripeGateway } from '../../../src-main/core/integrations/stripe';
import { WebhookSignatureError } from '../../../src-main/core/integrations/webhook-signature-error';
import { startStripeFake, type StripeFake } from '../../fakes/stripe';
import { startWebhookReceiver } from './webhook-receiver';

const NOW = '2026-05-01T12:00:00.000Z';
const nowSeconds = Date.parse(NOW) / 1000;
const CURRENT = 'whsec_current_0123456789abcdef';
const PREVIOUS = 'whsec_previous_fedcba9876543210';

let fake: StripeFake;
let stripe: StripeGateway;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let secrets: string[];

beforeEach(async () => {
  fake = await startStripeFake();
  // A fixed clock, so the 300 s boundary is exact and not at the mercy of a slow machine.
  stripe = createStripeGateway({ apiKey: fake.apiKey, apiBase: fake.url, clock: fixedClock(NOW) });
  secrets = [CURRENT];
  receiver = await startWebhookReceiver(({ rawBody, headers }) => {
    const event = stripe.webhooks.verify(rawBody, headers['stripe-signature'] as string | undefined, secrets);
    return { id: event.id, type: event.type };
  });
});
afterEach(async () => {
  await receiver.close();
  await fake.close();
});

function subscriptionEvent() {
  const { price } = fake.createPrice({ unitAmount: 2900 });
  fake.createSubscription({ price: price.id, email: 'ada@example.com' });
  return fake.events('customer.subscription.created')[0]!;
}

const deliver = (secret: string, options: Parameters<StripeFake['deliverWebhook']>[3] = {}) =>
  fake.deliverWebhook(receiver.url, secret, subscriptionEvent(), { timestamp: nowSeconds, ...options });

const refusal = (body: string) => (JSON.parse(body) as { error: string }).error;

describe('Stripe webhook verification', () => {
  it("accepts the fake's signed delivery and returns the event", async () => {
    const event = subscriptionEvent();
    const res = await fake.deliverWebhook(receiver.url, CURRENT, event.id, { timestamp: nowSeconds });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, result: { id: event.id, type: 'customer.subscription.created' } });
    expect(receiver.received[0]?.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}/);
  });

  it('accepts a delivery signed with the previous secret during a rotation', async () => {
    secrets = [CURRENT, PREVIOUS];
    expect((await deliver(PREVIOUS)).status).toBe(200);
    expect((await deliver(CURRENT)).status).toBe(200);
    secrets = [CURRENT]; // rotation over: the old secret stops working
    expect((await deliver(PREVIOUS)).status).toBe(400);
  });

  it('refuses a delivery signed with another secret', async () => {
    const res = await deliver('whsec_someone_else');
    expect(res.status).toBe(400);
    expect(refusal(res.body)).toBe('signature_mismatch');
  });

  it('refuses a body with one byte changed, or re-serialised JSON', async () => {
    const flipped = await deliver(CURRENT, { tamper: (raw) => raw.replace('"quantity": 1', '"quantity": 2') });
    expect(flipped.rawBody).toContain('"quantity": 2');
    expect(refusal(flipped.body)).toBe('signature_mismatch');
    const compact = await deliver(CURRENT, { tamper: (raw) => JSON.stringify(JSON.parse(raw)) });
    expect(compact.status).toBe(400);
    expect(refusal(compact.body)).toBe('signature_mismatch');
  });

  it('accepts a signature exactly 300 s old and refuses one 301 s old or 301 s ahead', async () => {
    expect((await deliver(CURRENT, { timestamp: nowSeconds - 300 })).status).toBe(200);
    const old = await deliver(CURRENT, { timestamp: nowSeconds - 301 });
    expect(old.status).toBe(400);
    expect(refusal(old.body)).toBe('timestamp_out_of_tolerance');
    expect(refusal((await deliver(CURRENT, { timestamp: nowSeconds + 301 })).body)).toBe('timestamp_out_of_tolerance');
  });

  it('refuses a missing or garbled Stripe-Signature header', async () => {
    expect(refusal((await deliver(CURRENT, { signatureHeader: null })).body)).toBe('missing_signature');
    expect(refusal((await deliver(CURRENT, { signatureHeader: 'v1=deadbeef' })).body)).toBe('malformed_signature');
    expect(refusal((await deliver(CURRENT, { signatureHeader: `t=${nowSeconds},v1=${'0'.repeat(64)}` })).body)).toBe('signature_mismatch');
  });

  it('refuses everything when no secret is configured', () => {
    const reasonOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        if (err instanceof WebhookSignatureError) return err.reason;
        throw err;
      }
      return 'accepted';
    };
    expect(reasonOf(() => stripe.webhooks.verify('{}', `t=${nowSeconds},v1=abc`, ['']))).toBe('no_secret_configured');
    expect(reasonOf(() => stripe.webhooks.verify('{}', `t=${nowSeconds},v1=abc`, []))).toBe('no_secret_configured');
  });
});
