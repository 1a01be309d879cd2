import Stripe from 'stripe';
import type { StripeObject } from './state';

export interface WebhookDeliveryOptions {
  /** Unix seconds to sign with (to test the tolerance window); defaults to now. */
  timestamp?: number;
  /** Changes the body after signing (a byte flipped, JSON re-serialised…). */
  tamper?: (rawBody: string) => string;
  /** Replaces the Stripe-Signature header; `null` leaves it out. */
  signatureHeader?: string | null;
}

export interface WebhookDeliveryResult {
  status: number;
  body: string;
  /** The exact bytes that were sent, for assertions on what was stored. */
  rawBody: string;
}

/**
 * Posts an event the way Stripe's webhook sender does: the event JSON pretty-printed (so a
 * receiver that re-serialises it fails verification, as it would in production) and signed with
 * the real SDK's test-header helper, which uses Stripe's `t=…,v1=…` scheme.
 */
export async function deliverStripeWebhook(
  targetUrl: string,
  secret: string,
  event: StripeObject,
  options: WebhookDeliveryOptions = {},
): Promise<WebhookDeliveryResult> {
  const payload = JSON.stringify(event, null, 2);
  const header = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
  });
  const rawBody = options.tamper ? options.tamper(payload) : payload;
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
  };
  const signature = options.signatureHeader === undefined ? header : options.signatureHeader;
  if (signature !== null) headers['stripe-signature'] = signature;
  const res = await fetch(targetUrl, { method: 'POST', headers, body: rawBody });
  return { status: res.status, body: await res.text(), rawBody };
}
