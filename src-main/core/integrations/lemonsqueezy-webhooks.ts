import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookSignatureError } from './webhook-signature-error';

/** A verified delivery: Lemon Squeezy's body is `{ meta: { event_name, custom_data, … }, data }`. */
export interface LemonSqueezyWebhook {
  eventName: string;
  /** What the checkout's `checkout_data.custom` carried (tenant and member ids), if anything. */
  customData: Record<string, unknown> | null;
  testMode: boolean;
  /** The resource the event is about (a subscription, an order…), as JSON:API. */
  data: { type: string; id: string; attributes: Record<string, unknown>; relationships?: Record<string, unknown> };
  /** The whole parsed body, for the ledger. */
  body: Record<string, unknown>;
}

export interface LemonSqueezyWebhookVerifier {
  /**
   * `X-Signature` is the hex HMAC-SHA256 of the exact raw body under the webhook's signing secret.
   * Compared in constant time against each secret (several during a rotation). Throws
   * `WebhookSignatureError` when the header is missing or not hex, nothing matches, or the signed
   * body is not a Lemon Squeezy event. There is no timestamp to check: replays are caught by the
   * ledger's dedupe on the payload.
   */
  verify(rawBody: string | Uint8Array, signatureHeader: string | null | undefined, secret: string | readonly string[]): LemonSqueezyWebhook;
}

export const lemonSqueezyWebhooks: LemonSqueezyWebhookVerifier = {
  verify(rawBody, signatureHeader, secret) {
    if (!signatureHeader) throw new WebhookSignatureError('lemonsqueezy', 'missing_signature', 'The X-Signature header is missing.');
    const signature = signatureHeader.trim();
    if (!/^[0-9a-f]{64}$/i.test(signature)) {
      throw new WebhookSignatureError('lemonsqueezy', 'malformed_signature', 'The X-Signature header is not a hex SHA-256 HMAC.');
    }
    const secrets = (typeof secret === 'string' ? [secret] : [...secret]).filter((s) => s.trim() !== '');
    if (secrets.length === 0) {
      throw new WebhookSignatureError('lemonsqueezy', 'no_secret_configured', 'No Lemon Squeezy webhook signing secret is configured.');
    }
    const bytes = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
    const given = Buffer.from(signature, 'hex');
    const matched = secrets.some((s) => timingSafeEqual(createHmac('sha256', s).update(bytes).digest(), given));
    if (!matched) {
      throw new WebhookSignatureError('lemonsqueezy', 'signature_mismatch', 'No webhook signing secret matches the X-Signature of this exact body.');
    }
    return parseEvent(bytes.toString('utf8'));
  },
};

function parseEvent(text: string): LemonSqueezyWebhook {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new WebhookSignatureError('lemonsqueezy', 'malformed_payload', `The signed webhook body is not JSON: ${(err as Error).message}`);
  }
  const record = body as { meta?: { event_name?: unknown; custom_data?: unknown; test_mode?: unknown }; data?: { type?: unknown; id?: unknown } };
  const eventName = record?.meta?.event_name;
  const data = record?.data;
  if (typeof eventName !== 'string' || !data || typeof data.type !== 'string' || (typeof data.id !== 'string' && typeof data.id !== 'number')) {
    throw new WebhookSignatureError('lemonsqueezy', 'malformed_payload', 'The signed webhook body has no meta.event_name or data resource.');
  }
  const custom = record.meta?.custom_data;
  return {
    eventName,
    customData: custom && typeof custom === 'object' && !Array.isArray(custom) ? (custom as Record<string, unknown>) : null,
    testMode: record.meta?.test_mode === true,
    data: { ...(data as LemonSqueezyWebhook['data']), id: String(data.id) },
    body: body as Record<string, unknown>,
  };
}
