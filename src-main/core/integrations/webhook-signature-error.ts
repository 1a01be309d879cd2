import type { ProviderName } from './provider-error';

/**
 * Why an inbound webhook was refused before anything was stored. The HTTP layer answers 400 for
 * each reason (as Stripe's and Lemon Squeezy's senders expect) and logs the reason.
 */
export type WebhookRefusal =
  | 'missing_signature'
  | 'malformed_signature'
  | 'signature_mismatch'
  | 'timestamp_out_of_tolerance'
  | 'no_secret_configured'
  | 'malformed_payload';

export class WebhookSignatureError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly reason: WebhookRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}
