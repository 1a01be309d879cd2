import Stripe from 'stripe';
import type { Clock } from '../platform/clock';
import { WebhookSignatureError } from './webhook-signature-error';

export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

export interface StripeWebhookVerifier {
  /**
   * Checks a delivery's `Stripe-Signature` against each secret in turn (during a rotation both the
   * new and the old endpoint secret are valid) and returns the parsed event. Throws
   * `WebhookSignatureError` when the header is missing or garbled, no secret matches the exact raw
   * bytes, or the signed timestamp is more than `toleranceSeconds` away from now in either
   * direction (the SDK only refuses old ones; a future one is as suspect).
   */
  verify(rawBody: string | Uint8Array, signatureHeader: string | null | undefined, secrets: readonly string[], toleranceSeconds?: number): Stripe.Event;
}

export function createStripeWebhookVerifier(stripe: Stripe, clock: Clock): StripeWebhookVerifier {
  return {
    verify(rawBody, signatureHeader, secrets, toleranceSeconds = STRIPE_SIGNATURE_TOLERANCE_SECONDS) {
      if (!signatureHeader) throw new WebhookSignatureError('stripe', 'missing_signature', 'The Stripe-Signature header is missing.');
      const timestamp = signedTimestamp(signatureHeader);
      if (timestamp === null) {
        throw new WebhookSignatureError('stripe', 'malformed_signature', 'The Stripe-Signature header has no timestamp (t=…) and v1 signature.');
      }
      const usable = secrets.filter((s) => s.trim() !== '');
      if (usable.length === 0) {
        throw new WebhookSignatureError('stripe', 'no_secret_configured', 'No Stripe webhook signing secret is configured.');
      }
      let event: Stripe.Event | undefined;
      for (const secret of usable) {
        try {
          // Tolerance 0 turns the SDK's own age check off; ours below checks both directions.
          event = stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, 0);
          break;
        } catch (err) {
          if (err instanceof Stripe.errors.StripeSignatureVerificationError) continue;
          // The signature matched but the body is not JSON: signed garbage is still garbage.
          throw new WebhookSignatureError('stripe', 'malformed_payload', `The signed webhook body is not a JSON event: ${(err as Error).message}`);
        }
      }
      if (!event) {
        throw new WebhookSignatureError('stripe', 'signature_mismatch', 'No webhook signing secret matches the Stripe-Signature of this exact body.');
      }
      const age = Math.floor(clock.nowMs() / 1000) - timestamp;
      if (Math.abs(age) > toleranceSeconds) {
        throw new WebhookSignatureError(
          'stripe',
          'timestamp_out_of_tolerance',
          `The webhook was signed ${Math.abs(age)} s ${age > 0 ? 'ago' : 'in the future'}; at most ${toleranceSeconds} s is accepted.`,
        );
      }
      if (!event || typeof event !== 'object' || typeof event.id !== 'string' || typeof event.type !== 'string') {
        throw new WebhookSignatureError('stripe', 'malformed_payload', 'The signed webhook body is not a Stripe event (no id or type).');
      }
      return event;
    },
  };
}

/** `t=1700000000,v1=abc…,v0=…` → 1700000000; null when there is no usable timestamp or v1. */
function signedTimestamp(header: string): number | null {
  let t: number | null = null;
  let hasV1 = false;
  for (const part of header.split(',')) {
    const [key, value] = part.split('=', 2) as [string, string | undefined];
    if (key.trim() === 't' && value && /^\d+$/.test(value.trim())) t = Number(value.trim());
    if (key.trim() === 'v1' && value) hasV1 = true;
  }
  return hasV1 ? t : null;
}
