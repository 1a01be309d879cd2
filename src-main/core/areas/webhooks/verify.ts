import { createHmac, timingSafeEqual } from 'node:crypto';
import Stripe from 'stripe';

/** A delivery's signature checked over its exact bytes, and its JSON parsed once it is. */
export type Verified = { ok: true; payload: unknown } | { ok: false; status: 400 | 503; error: string };

export const STRIPE_TOLERANCE_SECONDS = 300;

// The SDK's webhook helpers work offline: this client never calls Stripe's API.
let stripe: Stripe | undefined;
const stripeClient = () => (stripe ??= new Stripe('sk_unused_for_webhook_verification'));

const reject = (error: string): Verified => ({ ok: false, status: 400, error });
const notConfigured = (what: string): Verified => ({
  ok: false,
  status: 503,
  error: `no ${what} webhook signing secret is configured in this console; the sender will retry`,
});

function parseJson(raw: Buffer): Verified {
  try {
    return { ok: true, payload: JSON.parse(raw.toString('utf8')) };
  } catch {
    return reject('the body is not valid JSON');
  }
}

/**
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=…]` over `<t>.<raw body>`, checked with the
 * official SDK against each configured secret (several during a rotation). The SDK only refuses
 * old timestamps; a timestamp more than the tolerance in the future is refused here too.
 */
export function verifyStripe(raw: Buffer, header: string | string[] | undefined, secrets: readonly string[], nowMs: number): Verified {
  if (secrets.length === 0) return notConfigured('Stripe');
  if (header === undefined || header === '') return reject('missing Stripe-Signature header');
  if (Array.isArray(header)) return reject('garbled Stripe-Signature header: sent more than once');
  const t = /(?:^|,)t=(\d{1,12})(?:,|$)/.exec(header);
  if (!t || !/(?:^|,)v1=[0-9a-f]{64}(?:,|$)/i.test(header)) {
    return reject('garbled Stripe-Signature header: expected t=<timestamp>,v1=<signature>');
  }
  if (Math.abs(nowMs / 1000 - Number(t[1])) > STRIPE_TOLERANCE_SECONDS) {
    return reject(`Stripe-Signature timestamp is more than ${STRIPE_TOLERANCE_SECONDS} s away from this computer's clock`);
  }
  for (const secret of secrets) {
    try {
      return { ok: true, payload: stripeClient().webhooks.constructEvent(raw, header, secret, STRIPE_TOLERANCE_SECONDS, undefined, nowMs) };
    } catch (err) {
      if (err instanceof Stripe.errors.StripeSignatureVerificationError) continue;
      // The signature matched; the SDK failed to parse what was signed.
      if (err instanceof SyntaxError) return reject('the body is not valid JSON');
      throw err;
    }
  }
  return reject('invalid signature: it matches none of the configured signing secrets');
}

/** Lemon Squeezy: `X-Signature` is the hex HMAC-SHA256 of the raw body; compared in constant time. */
export function verifyLemonSqueezy(raw: Buffer, header: string | string[] | undefined, secrets: readonly string[]): Verified {
  if (secrets.length === 0) return notConfigured('Lemon Squeezy');
  if (header === undefined || header === '') return reject('missing X-Signature header');
  if (Array.isArray(header) || !/^[0-9a-f]{64}$/i.test(header)) {
    return reject('garbled X-Signature header: expected 64 hexadecimal characters');
  }
  const given = Buffer.from(header, 'hex');
  const matches = secrets.some((secret) => timingSafeEqual(createHmac('sha256', secret).update(raw).digest(), given));
  if (!matches) return reject('invalid signature: it matches none of the configured signing secrets');
  return parseJson(raw);
}

/** The hex signature Lemon Squeezy would send for this body (for tests and the webhook lab). */
export function signLemonSqueezy(raw: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(raw).digest('hex');
}
