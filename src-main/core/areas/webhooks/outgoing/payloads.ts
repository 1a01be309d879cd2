import type { OutgoingWebhookEvent } from '@shared/schemas/webhooks';
import { OUTGOING_WEBHOOK_EVENTS } from '@shared/schemas/webhooks';
import type { DomainEvent } from '@core/platform/events';

export interface OutgoingPayload {
  event: OutgoingWebhookEvent;
  /** ISO time it happened, without milliseconds, as the seed writes it. */
  timestamp: string;
  data: Record<string, unknown>;
}

export const isOutgoingEvent = (type: string): type is OutgoingWebhookEvent => (OUTGOING_WEBHOOK_EVENTS as readonly string[]).includes(type);

/**
 * The seed's payload for a platform event: `{event, timestamp, data}`, data led by userId and
 * tenantId (member.joined adds email, joinSource and groups; subscription.* add planId, status,
 * currentPeriodEnd…). Every publisher's fields are kept; the tenant is always named.
 */
export function outgoingPayload(event: DomainEvent & { type: OutgoingWebhookEvent }): OutgoingPayload {
  const { userId, tenantId: _ignored, ...rest } = event.data;
  return {
    event: event.type,
    timestamp: event.timestamp.replace(/\.\d{3}Z$/, 'Z'),
    data: { userId: userId ?? null, tenantId: event.tenantId, ...rest },
  };
}
