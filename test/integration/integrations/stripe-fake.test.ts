import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStripeFake, type StripeFake } from '../../fakes/stripe';
import { parseForm } from '../../fakes/stripe/form';

// The fake is test code, but other suites trust it to behave like Stripe; these pin the parts of
// the wire format the gateway tests do not reach.

let fake: StripeFake;
beforeEach(async () => {
  fake = await startStripeFake();
});
afterEach(async () => fake.close());

const raw = (path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
  fetch(`${fake.url}${path}`, {
    method: init.method ?? 'GET',
    body: init.body,
    headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/x-www-form-urlencoded', ...init.headers },
  });

describe('the Stripe fake', () => {
  it('decodes bracketed form keys into nested objects and arrays, both array styles', () => {
    expect(parseForm('metadata[tenantId]=t%201&line_items[0][price]=price_1&line_items[0][quantity]=2&expand[]=customer&expand[]=subscription&name=A+B')).toEqual({
      metadata: { tenantId: 't 1' },
      line_items: [{ price: 'price_1', quantity: '2' }],
      expand: ['customer', 'subscription'],
      name: 'A B',
    });
    expect(parseForm('expand[0]=a&expand[1]=b&metadata=')).toEqual({ expand: ['a', 'b'], metadata: '' });
  });

  it('answers 401 with an error object when the key is missing', async () => {
    const res = await raw('/v1/products', { headers: { authorization: '' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: expect.objectContaining({ type: 'authentication_error', message: expect.stringContaining('API key') }) });
  });

  it('replays the first answer for a repeated idempotency key, with idempotent-replayed', async () => {
    const body = 'name=Gold&metadata[a]=1';
    const first = await raw('/v1/products', { method: 'POST', body, headers: { 'idempotency-key': 'k1' } });
    const second = await raw('/v1/products', { method: 'POST', body: 'metadata[a]=1&name=Gold', headers: { 'idempotency-key': 'k1' } });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(((await second.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    const other = await raw('/v1/products', { method: 'POST', body: 'name=Silver', headers: { 'idempotency-key': 'k1' } });
    expect(other.status).toBe(400);
    expect(((await other.json()) as { error: { type: string } }).error.type).toBe('idempotency_error');
  });

  it('refuses unknown parameters and price fields Stripe does not let change', async () => {
    const unknown = await raw('/v1/products', { method: 'POST', body: 'name=A&colour=red' });
    expect(await unknown.json()).toEqual({ error: expect.objectContaining({ code: 'parameter_unknown', param: 'colour' }) });
    const { price } = fake.createPrice({ unitAmount: 100 });
    const change = await raw(`/v1/prices/${price.id}`, { method: 'POST', body: 'unit_amount=200' });
    expect(change.status).toBe(400);
    expect(fake.state.get(price.id)?.unit_amount).toBe(100);
  });

  it('pages lists with starting_after and ending_before like Stripe, and expands ids', async () => {
    const stripe = new Stripe(fake.apiKey, { host: fake.host, port: fake.port, protocol: 'http', telemetry: false });
    const ids = Array.from({ length: 5 }, (_, i) => fake.createPrice({ productName: `P${i}`, unitAmount: i }).product.id).reverse(); // newest first
    const firstPage = await stripe.products.list({ limit: 2 });
    expect(firstPage).toMatchObject({ object: 'list', has_more: true, url: '/v1/products' });
    expect(firstPage.data.map((p) => p.id)).toEqual(ids.slice(0, 2));
    expect((await stripe.products.list({ limit: 2, starting_after: ids[1] })).data.map((p) => p.id)).toEqual(ids.slice(2, 4));
    const newer = await stripe.products.list({ limit: 2, ending_before: ids[4] });
    expect(newer.data.map((p) => p.id)).toEqual(ids.slice(2, 4));
    expect(newer.has_more).toBe(true);

    const { price } = fake.createPrice({ unitAmount: 500 });
    const sub = fake.createSubscription({ price: price.id, email: 'x@example.com' });
    const expanded = await stripe.subscriptions.retrieve(sub.id, { expand: ['customer', 'items.data.price.product'] });
    expect(expanded.customer).toMatchObject({ object: 'customer', email: 'x@example.com' });
    expect(expanded.items.data[0]?.price.product).toMatchObject({ object: 'product', id: price.product });
  });

  it('records state changes as events, with previous_attributes on updates', async () => {
    const { price } = fake.createPrice({ unitAmount: 500 });
    const sub = fake.createSubscription({ price: price.id, email: 'y@example.com' });
    const stripe = new Stripe(fake.apiKey, { host: fake.host, port: fake.port, protocol: 'http', telemetry: false });
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await stripe.subscriptions.cancel(sub.id);
    const updated = fake.events('customer.subscription.updated')[0]!;
    expect(updated.data).toMatchObject({ object: { id: sub.id, cancel_at_period_end: true }, previous_attributes: { cancel_at_period_end: false } });
    expect(fake.events('customer.subscription.deleted')[0]?.data).toMatchObject({ object: { status: 'canceled' } });
    expect(fake.events().map((e) => e.type)).toEqual([
      'product.created',
      'price.created',
      'customer.created',
      'customer.subscription.created',
      'customer.subscription.updated',
      'customer.subscription.deleted',
    ]);
  });
});
