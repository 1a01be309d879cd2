import Stripe from 'stripe';
import { DomainError } from '@core/platform/errors';
import type { WebhookProvider } from '../handlers/types';
import type { SigningSecrets } from '../signing-secrets';
import { signLemonSqueezy } from '../verify';

const LABEL: Record<WebhookProvider, string> = { stripe: 'Stripe', lemonsqueezy: 'Lemon Squeezy' };

/**
 * The headers the provider would send with this exact body, signed with the console's current
 * signing secret (the first one: the newest during a rotation): Stripe's `Stripe-Signature`
 * through the official SDK's test-header helper, Lemon Squeezy's hex HMAC `X-Signature`.
 */
export async function providerHeaders(provider: WebhookProvider, body: string, secrets: SigningSecrets, nowMs: number, field = 'provider'): Promise<Record<string, string>> {
  const [secret] = await secrets.list(provider);
  if (!secret) {
    throw new DomainError('PRECONDITION_FAILED', `${field}: there is no ${LABEL[provider]} webhook signing secret yet; add the one ${LABEL[provider]} gave you in Settings → Providers, then send again`, { field });
  }
  return signedHeaders(provider, body, secret, nowMs);
}

/** The provider's headers for this exact body, signed with the given secret. */
export function signedHeaders(provider: WebhookProvider, body: string, secret: string, nowMs: number): Record<string, string> {
  if (provider === 'stripe') {
    return {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: Math.floor(nowMs / 1000) }),
    };
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'LemonSqueezy-Hookshot', 'x-signature': signLemonSqueezy(body, secret) };
  const eventName = eventNameOf(body);
  if (eventName) headers['x-event-name'] = eventName;
  return headers;
}

function eventNameOf(body: string): string | null {
  try {
    const name = (JSON.parse(body) as { meta?: { event_name?: unknown } })?.meta?.event_name;
    return typeof name === 'string' && /^[\w.-]{1,100}$/.test(name) ? name : null;
  } catch {
    return null;
  }
}
