import { createHmac, randomUUID } from 'node:crypto';
import type { Resource } from './jsonapi';

/** A webhook body before the fake adds `meta.event_name`, `test_mode` and `webhook_id`. */
export interface LemonSqueezyWebhookPayload {
  data: Pick<Resource, 'type' | 'id' | 'attributes'> & Partial<Resource>;
  meta?: { custom_data?: Record<string, unknown>; [key: string]: unknown };
}

export interface LemonSqueezyDeliveryOptions {
  /** Changes the body after signing. */
  tamper?: (rawBody: string) => string;
  /** Replaces the X-Signature header; `null` leaves it out. */
  signatureHeader?: string | null;
}

export interface LemonSqueezyDeliveryResult {
  status: number;
  body: string;
  rawBody: string;
}

/**
 * Posts an event as Lemon Squeezy's sender does: JSON body `{ meta, data }`, `X-Event-Name`, and
 * `X-Signature` = hex HMAC-SHA256 of the raw body under the webhook's signing secret.
 */
export async function deliverLemonSqueezyWebhook(
  targetUrl: string,
  signingSecret: string,
  eventName: string,
  payload: LemonSqueezyWebhookPayload,
  options: LemonSqueezyDeliveryOptions = {},
): Promise<LemonSqueezyDeliveryResult> {
  const body = {
    meta: { test_mode: true, event_name: eventName, webhook_id: randomUUID(), ...payload.meta },
    data: payload.data,
  };
  const payloadText = JSON.stringify(body);
  const signature = createHmac('sha256', signingSecret).update(payloadText).digest('hex');
  const rawBody = options.tamper ? options.tamper(payloadText) : payloadText;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-event-name': eventName,
    'user-agent': 'LemonSqueezy-Hookshot',
  };
  const sig = options.signatureHeader === undefined ? signature : options.signatureHeader;
  if (sig !== null) headers['x-signature'] = sig;
  const res = await fetch(targetUrl, { method: 'POST', headers, body: rawBody });
  return { status: res.status, body: await res.text(), rawBody };
}
