import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../src-main/core/platform/errors';
import { createLemonSqueezyGateway, type LemonSqueezyGateway } from '../../../src-main/core/integrations/lemonsqueezy';
import { ProviderError } from '../../../src-main/core/integrations/provider-error';
import { WebhookSignatureError } from '../../../src-main/core/integrations/webhook-signature-error';
import { startLemonSqueezyFake, type LemonSqueezyFake } from '../../fakes/lemonsqueezy';
import { startWebhookReceiver } from './webhook-receiver';

let fake: LemonSqueezyFake;
let ls: LemonSqueezyGateway;

beforeEach(async () => {
  fake = await startLemonSqueezyFake();
  ls = createLemonSqueezyGateway({ apiKey: fake.apiKey, apiBase: fake.url, timeoutMs: 5_000 });
});
afterEach(async () => fake.close());

async function rejection(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('Lemon Squeezy gateway: API', () => {
  it("lists a product's variants, mapped to our shape", async () => {
    const { product, variants } = fake.seedCatalog();
    const other = fake.addProduct(fake.addStore().id, { name: 'Other' });
    fake.addVariant(other.id, { name: 'Elsewhere' });

    const listed = await ls.listVariants({ productId: product.id });
    expect(listed.map((v) => v.id)).toEqual(variants.map((v) => v.id));
    expect(listed[0]).toMatchObject({ productId: product.id, name: 'Monthly', priceCents: 2900, isSubscription: true, interval: 'month', intervalCount: 1, status: 'published' });
    expect(listed[1]).toMatchObject({ name: 'Yearly', interval: 'year' });
    expect(fake.requests[0]?.query).toMatchObject({ 'filter[product_id]': product.id, 'page[number]': '1', 'page[size]': '100' });
    expect(await ls.listVariants()).toHaveLength(3);
  });

  it('lists subscriptions across pages', async () => {
    const { variants } = fake.seedCatalog();
    const ids = Array.from({ length: 230 }, (_, i) => fake.addSubscription(variants[0]!.id, { user_email: `m${i}@example.com` }).id);

    const subs = await ls.listSubscriptions();
    expect(subs.map((s) => s.id)).toEqual(ids);
    expect(subs[229]).toMatchObject({ userEmail: 'm229@example.com', status: 'active', variantId: variants[0]!.id, cancelled: false });
    expect(fake.requests.map((r) => r.query['page[number]'])).toEqual(['1', '2', '3']);
  });

  it('gets one subscription; a missing one is a 404 that will not get better by retrying', async () => {
    const { variants } = fake.seedCatalog();
    const sub = fake.addSubscription(variants[1]!.id, { status: 'past_due', user_name: 'Grace' });
    expect(await ls.getSubscription(sub.id)).toMatchObject({ id: sub.id, status: 'past_due', userName: 'Grace', variantName: 'Yearly' });

    const err = await rejection(ls.getSubscription('999999'));
    expect(err).toMatchObject({ provider: 'lemonsqueezy', status: 404, retryable: false });
    expect(err.message).toBe('Lemon Squeezy: The requested subscription 999999 was not found.');
  });

  it('creates a checkout and returns its URL, with our custom data on it', async () => {
    const { store, variants } = fake.seedCatalog();
    const checkout = await ls.createCheckout({ storeId: store.id, variantId: variants[0]!.id, email: 'ada@example.com', custom: { tenant_id: 'tenant_1', user_id: 'user_7' } });

    expect(checkout.url).toMatch(/^https:\/\/fake-community\.lemonsqueezy\.com\/checkout\/custom\//);
    const stored = fake.checkouts()[0]!;
    expect(stored.id).toBe(checkout.id);
    expect(stored.attributes.checkout_data).toMatchObject({ email: 'ada@example.com', custom: { tenant_id: 'tenant_1', user_id: 'user_7' } });
  });

  it('refuses camelCase custom keys before sending anything', async () => {
    const { store, variants } = fake.seedCatalog();
    await expect(ls.createCheckout({ storeId: store.id, variantId: variants[0]!.id, custom: { tenantId: 't' } })).rejects.toThrow(DomainError);
    await expect(ls.createCheckout({ storeId: store.id, variantId: variants[0]!.id, custom: { tenantId: 't' } })).rejects.toThrow(/custom\.tenantId/);
    expect(fake.requests).toHaveLength(0);
  });

  it("a 422 carries Lemon Squeezy's detail and is not retryable", async () => {
    const { store } = fake.seedCatalog();
    const err = await rejection(ls.createCheckout({ storeId: store.id, variantId: '424242' }));
    expect(err).toMatchObject({ status: 422, retryable: false });
    expect(err.message).toBe('Lemon Squeezy: The selected variant is invalid.');
  });

  it('a wrong API key is a 401, not retryable', async () => {
    const wrong = createLemonSqueezyGateway({ apiKey: 'not-the-key', apiBase: fake.url });
    expect(await rejection(wrong.listVariants())).toMatchObject({ status: 401, retryable: false });
  });

  it('a down server, a 503 and a 429 are retryable', async () => {
    await fake.setDown('refuse');
    const down = await rejection(ls.listSubscriptions());
    expect(down).toMatchObject({ status: undefined, retryable: true });
    expect(down.message).toMatch(/^Lemon Squeezy could not be reached: ECONNREFUSED/);
    await fake.setDown('503');
    expect(await rejection(ls.listSubscriptions())).toMatchObject({ status: 503, retryable: true });
    await fake.setDown(false);
    fake.failNext(1, 429);
    expect(await rejection(ls.listSubscriptions())).toMatchObject({ status: 429, retryable: true });
    expect(await ls.listSubscriptions()).toEqual([]);
  });
});

describe('Lemon Squeezy gateway: pointing the SDK elsewhere', () => {
  it('keeps two gateways (two keys, two bases) apart even when their calls interleave', async () => {
    const other = await startLemonSqueezyFake();
    try {
      const otherLs = createLemonSqueezyGateway({ apiKey: other.apiKey, apiBase: other.url });
      const a = fake.seedCatalog().product;
      const b = other.seedCatalog([{ name: 'Only' }]).product;
      const [mine, theirs] = await Promise.all([ls.listVariants({ productId: a.id }), otherLs.listVariants({ productId: b.id }), ls.listSubscriptions(), otherLs.listSubscriptions()]);
      expect(mine.map((v) => v.name)).toEqual(['Monthly', 'Yearly']);
      expect(theirs.map((v) => v.name)).toEqual(['Only']);
      expect(fake.requests.every((r) => r.status === 200)).toBe(true);
      expect(other.requests.every((r) => r.status === 200)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('rewrites only Lemon Squeezy URLs inside gateway calls, leaves every other fetch alone, and survives a replaced fetch', async () => {
    const original = globalThis.fetch;
    const seen: string[] = [];
    // Something (a test double, another library) replaces the global fetch after our wrapper.
    globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      seen.push(url);
      if (url.startsWith('https://api.lemonsqueezy.com')) return new Response('{}', { status: 418 });
      return original(input, init);
    }) as typeof fetch;
    try {
      fake.seedCatalog();
      expect(await ls.listVariants()).toHaveLength(2); // wraps the new fetch again
      expect(seen).toEqual([`${fake.url}/v1/variants?page%5Bnumber%5D=1&page%5Bsize%5D=100&include=`]);

      seen.length = 0;
      expect((await fetch('https://api.lemonsqueezy.com/v1/variants')).status).toBe(418); // outside a call: untouched
      expect((await fetch(`${fake.url}/v1/variants`, { headers: { accept: 'application/vnd.api+json' } })).status).toBe(401); // no key added
      expect(seen).toEqual(['https://api.lemonsqueezy.com/v1/variants', `${fake.url}/v1/variants`]);
    } finally {
      globalThis.fetch = original;
    }
  });

  it('refuses a malformed apiBase or an empty key, naming the setting', () => {
    expect(() => createLemonSqueezyGateway({ apiKey: 'k', apiBase: 'nope' })).toThrow(/lemonsqueezy\.apiBase/);
    expect(() => createLemonSqueezyGateway({ apiKey: ' ' })).toThrow(/lemonsqueezy\.apiKey/);
  });
});

describe('Lemon Squeezy webhook verification', () => {
  const SECRET = 'ls-signing-secret-123';
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let secrets: string[];

  beforeEach(async () => {
    secrets = [SECRET];
    receiver = await startWebhookReceiver(({ rawBody, headers }) => {
      const hook = ls.webhooks.verify(rawBody, headers['x-signature'] as string | undefined, secrets);
      return { eventName: hook.eventName, header: headers['x-event-name'], id: hook.data.id, custom: hook.customData };
    });
  });
  afterEach(async () => receiver.close());

  function payload() {
    const { variants } = fake.seedCatalog();
    const sub = fake.addSubscription(variants[0]!.id);
    return { sub, payload: fake.subscriptionPayload(sub.id, { tenant_id: 'tenant_1' }) };
  }

  it("accepts the fake's signed delivery and exposes the event name and custom data", async () => {
    const { sub, payload: p } = payload();
    const res = await fake.deliverWebhook(receiver.url, SECRET, 'subscription_created', p);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).result).toEqual({ eventName: 'subscription_created', header: 'subscription_created', id: sub.id, custom: { tenant_id: 'tenant_1' } });
  });

  it('accepts the previous secret during a rotation', async () => {
    secrets = ['new-secret', SECRET];
    expect((await fake.deliverWebhook(receiver.url, SECRET, 'subscription_updated', payload().payload)).status).toBe(200);
  });

  it('refuses a wrong secret, a changed byte, and a missing or garbled signature', async () => {
    const { payload: p } = payload();
    const reason = async (res: Promise<{ status: number; body: string }>) => {
      const r = await res;
      expect(r.status).toBe(400);
      return JSON.parse(r.body).error as string;
    };
    expect(await reason(fake.deliverWebhook(receiver.url, 'wrong-secret', 'subscription_updated', p))).toBe('signature_mismatch');
    expect(await reason(fake.deliverWebhook(receiver.url, SECRET, 'subscription_updated', p, { tamper: (raw) => raw.replace('"active"', '"paused"') }))).toBe('signature_mismatch');
    expect(await reason(fake.deliverWebhook(receiver.url, SECRET, 'subscription_updated', p, { signatureHeader: null }))).toBe('missing_signature');
    expect(await reason(fake.deliverWebhook(receiver.url, SECRET, 'subscription_updated', p, { signatureHeader: 'sha256=abc' }))).toBe('malformed_signature');
  });

  it('refuses a correctly signed body that is not an event', () => {
    const body = JSON.stringify({ hello: 'world' });
    const sig = createHmac('sha256', SECRET).update(body).digest('hex');
    expect(() => ls.webhooks.verify(body, sig, SECRET)).toThrow(WebhookSignatureError);
    expect(() => ls.webhooks.verify(body, sig, SECRET)).toThrow(/meta\.event_name/);
  });
});
