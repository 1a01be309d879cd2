import type { Generated } from 'kysely';
import type { TablesOf, Bool } from '../../platform/db/table-columns';

// Tables of the webhooks area (incoming ledger, outgoing endpoints and deliveries), as the row types Kysely sees (camelCase; the database names are snake_case).

export interface WebhookEventsTable {
  id: string;
  provider: string;
  providerEventId: string;
  type: string;
  tenantId: string | null;
  headers: string;
  body: string;
  status: 'received' | 'applied' | 'ignored' | 'failed';
  attempts: Generated<number>;
  lastError: string | null;
  changes: string | null;
  receivedAt: string;
  processedAt: string | null;
  /** The member the event touched, once processed. */
  userId: string | null;
}

export interface WebhookEndpointsTable {
  id: string;
  tenantId: string;
  url: string;
  secretEncrypted: string;
  events: Generated<string>;
  enabled: Generated<Bool>;
  disabledReason: string | null;
  createdAt: string;
  description: string | null;
  updatedAt: string | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpointId: string;
  messageId: string;
  eventType: string;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** Why it is waiting or failed: the last attempt's error, or why no attempt was made. */
  lastError: string | null;
}

export interface WebhookDeliveryAttemptsTable {
  id: string;
  deliveryId: string;
  attemptedAt: string;
  statusCode: number | null;
  responseExcerpt: string | null;
  error: string | null;
  durationMs: number;
}

export interface WebhooksTables {
  webhookEvents: WebhookEventsTable;
  webhookEndpoints: WebhookEndpointsTable;
  webhookDeliveries: WebhookDeliveriesTable;
  webhookDeliveryAttempts: WebhookDeliveryAttemptsTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const WEBHOOKS_TABLES: TablesOf<WebhooksTables> = {
  webhookEvents: {
    id: true, provider: true, providerEventId: true, type: true, tenantId: true, headers: true, body: true, status: true, attempts: true,
    lastError: true, changes: true, receivedAt: true, processedAt: true, userId: true,
  },
  webhookEndpoints: {
    id: true, tenantId: true, url: true, secretEncrypted: true, events: true, enabled: true, disabledReason: true, createdAt: true,
    description: true, updatedAt: true,
  },
  webhookDeliveries: {
    id: true, endpointId: true, messageId: true, eventType: true, payload: true, status: true, attempts: true, nextAttemptAt: true,
    createdAt: true, deliveredAt: true, lastError: true,
  },
  webhookDeliveryAttempts: {
    id: true, deliveryId: true, attemptedAt: true, statusCode: true, responseExcerpt: true, error: true, durationMs: true,
  },
};
