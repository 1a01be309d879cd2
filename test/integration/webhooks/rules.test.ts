import { describe, expect, it } from 'vitest';
import { bestSubscriptionStatus as bestStatus } from '../../../src-shared/member-tier';
import { effectiveStatus, incomingStateWins, UNCONFIRMED, type SubscriptionState } from '../../../src-main/core/areas/billing/billing';
import { lemonSqueezyEventId } from '../../../src-main/core/areas/webhooks/service';
import { parseSecretList, signingSecretsFromEnv } from '../../../src-main/core/areas/webhooks/signing-secrets';
import { signLemonSqueezy, verifyLemonSqueezy } from '../../../src-main/core/areas/webhooks/verify';

const state = (o: Partial<SubscriptionState>): SubscriptionState => ({ provider: 'stripe', providerSubscriptionId: 'sub_1', at: '2026-11-22T10:00:00.000Z', source: 'full', ...o });

describe('which subscription state wins', () => {
  const stored = { status: 'active' as const, providerUpdatedAt: '2026-11-22T10:00:00.000Z' };
  it('takes a newer state, refuses an older one, and takes a tie unless it is the first state', () => {
    expect(incomingStateWins(stored, state({ at: '2026-11-22T10:00:01.000Z' }))).toBe(true);
    expect(incomingStateWins(stored, state({ at: '2026-11-22T09:59:59.000Z' }))).toBe(false);
    expect(incomingStateWins(stored, state({}))).toBe(true);
    expect(incomingStateWins(stored, state({ initial: true }))).toBe(false);
  });
  it('lets any real state replace an unconfirmed one, and a checkout never replace a real one', () => {
    expect(incomingStateWins({ status: 'active', providerUpdatedAt: UNCONFIRMED }, state({ at: '2020-01-01T00:00:00.000Z', initial: true }))).toBe(true);
    expect(incomingStateWins(stored, state({ source: 'provisional', at: '2030-01-01T00:00:00.000Z' }))).toBe(false);
  });
  it('never revives a canceled Stripe subscription; Lemon Squeezy may resume with a newer state', () => {
    const canceled = { status: 'canceled' as const, providerUpdatedAt: '2026-11-22T10:00:00.000Z' };
    expect(incomingStateWins(canceled, state({ at: '2026-11-23T00:00:00.000Z' }))).toBe(false);
    expect(incomingStateWins(canceled, state({ provider: 'lemonsqueezy', at: '2026-11-23T00:00:00.000Z' }))).toBe(true);
    expect(incomingStateWins(canceled, state({ provider: 'lemonsqueezy' }))).toBe(false);
  });
});

describe("a member's status", () => {
  it('is the best of their subscriptions, a past_due one counting as active inside its grace period', () => {
    expect(bestStatus([])).toBeNull();
    expect(bestStatus(['canceled', 'past_due', 'trialing'])).toBe('trialing');
    const now = '2026-11-22T10:00:00.000Z';
    expect(effectiveStatus({ status: 'past_due', graceEndsAt: '2026-11-23T00:00:00.000Z' }, now)).toBe('active');
    expect(effectiveStatus({ status: 'past_due', graceEndsAt: '2026-11-22T09:00:00.000Z' }, now)).toBe('past_due');
    expect(effectiveStatus({ status: 'past_due', graceEndsAt: null }, now)).toBe('past_due');
  });
});

describe('signing secrets and ids', () => {
  it('reads comma-separated secret lists from the environment', () => {
    expect(parseSecretList(' whsec_a , whsec_b,,')).toEqual(['whsec_a', 'whsec_b']);
    expect(signingSecretsFromEnv({ STRIPE_WEBHOOK_SECRET: 'whsec_a', LEMONSQUEEZY_WEBHOOK_SECRET: undefined })).toEqual({ stripe: ['whsec_a'], lemonsqueezy: [] });
  });
  it('checks X-Signature in either case against any configured secret', () => {
    const raw = Buffer.from('{"meta":{"event_name":"order_created"},"data":{"type":"orders","id":"1","attributes":{}}}');
    const signature = signLemonSqueezy(raw, 'second-secret').toUpperCase();
    expect(verifyLemonSqueezy(raw, signature, ['first-secret', 'second-secret'])).toMatchObject({ ok: true });
    expect(verifyLemonSqueezy(raw, signature, ['first-secret'])).toMatchObject({ ok: false, status: 400 });
  });
  it('derives a stable Lemon Squeezy event id, and falls back to the body hash', () => {
    const event = { meta: { event_name: 'subscription_updated', custom_data: {} }, data: { type: 'subscriptions', id: '7', attributes: { updated_at: '2026-11-22T10:00:00.000000Z' } } };
    expect(lemonSqueezyEventId(event, Buffer.from('x'))).toBe('subscription_updated:subscriptions:7:2026-11-22T10:00:00.000000Z');
    const bare = { ...event, data: { ...event.data, attributes: {} } };
    expect(lemonSqueezyEventId(bare, Buffer.from('x'))).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(lemonSqueezyEventId(bare, Buffer.from('x'))).toBe(lemonSqueezyEventId(bare, Buffer.from('x')));
  });
});
