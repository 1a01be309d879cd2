import { z } from 'zod';
import { CONTROL_CHARS_MESSAGE, hasNoControlChars, idSchema } from './common';

export const WEBHOOK_PROVIDERS = ['stripe', 'lemonsqueezy'] as const;
export type WebhookProviderName = (typeof WEBHOOK_PROVIDERS)[number];

export const WEBHOOK_EVENT_STATUSES = ['received', 'applied', 'ignored', 'failed'] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

export const webhookEventIdSchema = idSchema('whe');

/** webhooks.list: the inbound ledger, newest first. */
export const listWebhookEventsInput = z.strictObject({
  provider: z.enum(WEBHOOK_PROVIDERS).optional(),
  type: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
  status: z.enum(WEBHOOK_EVENT_STATUSES).optional(),
  cursor: z.string().max(200, 'must be at most 200 characters').optional(),
  limit: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(200, 'must be at most 200').default(50),
});
export type ListWebhookEventsInput = z.input<typeof listWebhookEventsInput>;

export const webhookEventInput = z.strictObject({ id: webhookEventIdSchema });

export const setSigningSecretsInput = z.strictObject({
  provider: z.enum(WEBHOOK_PROVIDERS),
  secrets: z.array(z.string().trim().min(8, 'must be at least 8 characters').max(200, 'must be at most 200 characters')).max(5, 'at most 5 secrets'),
});

/** One thing an event changed, as the Webhooks page shows it. */
export interface WebhookChange {
  entity: 'user' | 'membership' | 'customer' | 'subscription' | 'group_member';
  id: string;
  field: string;
  from: unknown;
  to: unknown;
}

// ---------------------------------------------------------------------------------------------
// Outgoing webhooks: endpoints of the owner's apps that receive the platform's member lifecycle,
// signed per the Standard Webhooks spec.

/** The platform events an endpoint can subscribe to; payloads are `{event, timestamp, data}`. */
export const OUTGOING_WEBHOOK_EVENTS = [
  'member.joined',
  'member.left',
  'subscription.created',
  'subscription.updated',
  'subscription.canceled',
  'payment.failed',
] as const;
export type OutgoingWebhookEvent = (typeof OUTGOING_WEBHOOK_EVENTS)[number];

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export const webhookEndpointIdSchema = idSchema('wep');
export const webhookDeliveryIdSchema = idSchema('whd');

/** Syntax only; the core also refuses link-local and cloud-metadata hosts, naming `url`. */
const targetUrl = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(2000, 'must be at most 2000 characters')
  .refine((v) => /^https?:\/\//i.test(v), 'must be an http:// or https:// URL');

const outgoingEvents = z
  .array(z.enum(OUTGOING_WEBHOOK_EVENTS, { error: `must be one of ${OUTGOING_WEBHOOK_EVENTS.join(', ')}` }))
  .min(1, 'choose at least one event')
  .max(OUTGOING_WEBHOOK_EVENTS.length, 'lists an event more than once')
  .refine((list) => new Set(list).size === list.length, 'lists an event more than once');

const description = z.string().trim().max(200, 'must be at most 200 characters').refine(hasNoControlChars, CONTROL_CHARS_MESSAGE);

/** webhooks.endpoints.create: answers the endpoint and, this once, its signing secret. */
export const createWebhookEndpointInput = z.strictObject({
  url: targetUrl,
  events: outgoingEvents,
  description: description.optional(),
});
export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointInput>;

/** webhooks.endpoints.update: what is given changes; `enabled: true` clears a disabled reason. */
export const updateWebhookEndpointInput = z.strictObject({
  id: webhookEndpointIdSchema,
  url: targetUrl.optional(),
  events: outgoingEvents.optional(),
  description: description.nullable().optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookEndpointInput = z.input<typeof updateWebhookEndpointInput>;

export const webhookEndpointInput = z.strictObject({ id: webhookEndpointIdSchema });

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  events: OutgoingWebhookEvent[];
  enabled: boolean;
  /** Why it was disabled (a 410 Gone from the receiver, or the owner). */
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string | null;
  /** Deliveries to it by status. */
  deliveries: Record<WebhookDeliveryStatus, number>;
}

/** webhooks.deliveries.list: newest first. */
export const listWebhookDeliveriesInput = z.strictObject({
  endpointId: webhookEndpointIdSchema.optional(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  cursor: z.string().max(200, 'must be at most 200 characters').optional(),
  limit: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(200, 'must be at most 200').default(50),
});
export type ListWebhookDeliveriesInput = z.input<typeof listWebhookDeliveriesInput>;

export const webhookDeliveryInput = z.strictObject({ id: webhookDeliveryIdSchema });

export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  endpointUrl: string;
  /** The `webhook-id` header: the same on every attempt and resend. */
  messageId: string;
  eventType: OutgoingWebhookEvent;
  status: WebhookDeliveryStatus;
  /** Attempts in the current schedule (a resend starts a new one). */
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface WebhookDeliveryAttemptView {
  id: string;
  attemptedAt: string;
  /** Null when no HTTP answer came (timeout, refused, refused address). */
  statusCode: number | null;
  /** At most 1 KB of the response body. */
  responseExcerpt: string | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDeliveryDetail extends WebhookDeliveryView {
  /** The exact JSON body sent. */
  payload: string;
  /** Oldest first, every attempt ever made (resends included). */
  attemptLog: WebhookDeliveryAttemptView[];
}

// ---------------------------------------------------------------------------------------------
// Catch-up reconciliation.

export const reconcileInput = z.strictObject({ provider: z.enum(WEBHOOK_PROVIDERS) });

export interface ReconcileSubscriptionState {
  status: string;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
}

export interface ReconcilePreview {
  provider: WebhookProviderName;
  /** Stripe: events created since then were listed (at most 30 days back). Null for Lemon Squeezy. */
  since: string | null;
  /** Provider events not yet in the ledger (Stripe), oldest first. */
  missingEvents: { providerEventId: string; type: string; createdAt: string }[];
  /** Lemon Squeezy subscriptions whose state differs from ours (from null: unknown to us). */
  subscriptionChanges: {
    subscriptionId: string;
    email: string | null;
    /** The synthetic event that would carry the change. */
    eventName: 'subscription_created' | 'subscription_updated';
    from: ReconcileSubscriptionState | null;
    to: ReconcileSubscriptionState;
  }[];
}

export interface ReconcileResult extends ReconcilePreview {
  /** Ledger rows written (each then applied by the same processing as a delivery). */
  stored: { id: string; providerEventId: string; type: string }[];
  /** Listed but already in the ledger by the time it was written (a delivery got there first). */
  alreadyKnown: number;
}

// ---------------------------------------------------------------------------------------------
// Webhook lab and forwarding.

export const labTargetSchema = z.union([z.literal('self'), z.strictObject({ url: targetUrl })], {
  error: 'must be "self" or {url}',
});
export type LabTarget = z.infer<typeof labTargetSchema>;

/** webhooks.lab.templates: optionally the member who buys and the package they buy (the lab's form mode). */
export const labTemplatesInput = z
  .strictObject({ userId: idSchema('user').optional(), packageId: idSchema('pkg').optional() })
  .optional();

export const labSendInput = z.strictObject({
  provider: z.enum(WEBHOOK_PROVIDERS),
  /** The event as JSON text, sent byte for byte as written. */
  payload: z.string().min(2, 'must be a JSON object').max(1024 * 1024, 'must be at most 1 MB'),
  target: labTargetSchema,
});
export type LabSendInput = z.input<typeof labSendInput>;

export const labReplayInput = z.strictObject({ eventId: webhookEventIdSchema, target: labTargetSchema });

export interface LabTemplate {
  provider: WebhookProviderName;
  type: string;
  label: string;
  /** Pretty-printed JSON, ready to edit and send. */
  payload: string;
}

export interface LabResult {
  request: { url: string; method: 'POST'; headers: Record<string, string>; body: string };
  /** Null when no answer came (refused, timed out); then `error` says why. */
  response: { status: number; headers: Record<string, string>; body: string; truncated: boolean } | null;
  error: string | null;
  durationMs: number;
}

/**
 * How the caller's lab works (webhooks.lab.access). The console owner's lab signs with the
 * console's signing secrets and may send to this console itself; a tenant ADMIN's lab signs with
 * the tenant's lab secret, which this console's endpoints do not accept, and sends to URLs only.
 */
export interface LabAccess {
  signing: 'console' | 'lab';
  /** The tenant's lab signing secret (for the ADMIN's own app to verify with); null for the owner. */
  labSecret: string | null;
  /** Whether "self" (this console's own /api/webhooks/*) is a target. */
  selfTarget: boolean;
  /** Whether localhost and private-network URLs are targets. */
  privateTargets: boolean;
  /** The owner-only parts of the Webhooks page: forwarding, catch-up, signing secrets. */
  consoleOwner: boolean;
}

export const setForwardInput = z.strictObject({ url: targetUrl.nullable() });

export interface ForwardView {
  url: string | null;
  /** The latest forwards, newest first. */
  recent: {
    jobId: string;
    ledgerEventId: string;
    provider: string | null;
    type: string | null;
    url: string;
    status: 'pending' | 'running' | 'done' | 'failed';
    attempts: number;
    lastError: string | null;
    at: string;
  }[];
}
