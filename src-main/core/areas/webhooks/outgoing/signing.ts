import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new endpoint secret as the Standard Webhooks spec writes them: `whsec_` + base64 of 32 random bytes. */
export function newEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The three Standard Webhooks headers for one attempt: the message id (the same on every retry, so
 * the receiver can dedupe), the time of this attempt in Unix seconds, and `v1,<base64 HMAC-SHA256
 * of "id.timestamp.body">`, computed by the spec's own library.
 */
export function standardWebhookHeaders(secret: string, messageId: string, atMs: number, body: string): Record<string, string> {
  const timestamp = new Date(Math.floor(atMs / 1000) * 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(atMs / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, timestamp, body),
  };
}
