import type { Kysely } from 'kysely';
import {
  OUTGOING_WEBHOOK_EVENTS,
  type CreateWebhookEndpointInput,
  type OutgoingWebhookEvent,
  type UpdateWebhookEndpointInput,
  type WebhookDeliveryDetail,
  type WebhookDeliveryStatus,
  type WebhookDeliveryView,
  type WebhookEndpointView,
} from '@shared/schemas/webhooks';
import type { Clock } from '@core/platform/clock';
import type { Database } from '@core/platform/db/schema';
import { DomainError, notFound } from '@core/platform/errors';
import type { DomainEvent, EventBus } from '@core/platform/events';
import { newId } from '@core/platform/ids';
import type { JobRunner } from '@core/platform/jobs/runner';
import type { Logger } from '@core/platform/logger';
import { auditRepository } from '@core/platform/audit';
import type { SecretBox } from '@core/platform/secrets';
import { registerDeliveryJob, enqueueDeliveryAttempt } from './deliver';
import type { ResolveAll } from './http-post';
import { outgoingPayload } from './payloads';
import { outgoingRepository, type DeliveryRow, type EndpointRow } from './repository';
import { newEndpointSecret } from './signing';
import type { ConsoleListenAddress, TargetCaller } from '../listen-address';
import { checkTargetUrl, namesPrivateTarget } from './url-policy';

type CreateInput = Omit<CreateWebhookEndpointInput, 'events'> & { events: OutgoingWebhookEvent[] };
type UpdateInput = Omit<UpdateWebhookEndpointInput, 'events'> & { events?: OutgoingWebhookEvent[] };

const parseEvents = (json: string): OutgoingWebhookEvent[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is OutgoingWebhookEvent => (OUTGOING_WEBHOOK_EVENTS as readonly string[]).includes(v)) : [];
};

/** The message id every attempt of this event carries as `webhook-id`. */
export const messageIdFor = (eventId: string) => `msg_${eventId.replace(/^evt_/, '')}`;

function endpointView(row: EndpointRow, counts: Record<WebhookDeliveryStatus, number>): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: parseEvents(row.events),
    enabled: row.enabled === 1,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deliveries: counts,
  };
}

function deliveryView(row: DeliveryRow & { endpointUrl: string }): WebhookDeliveryView {
  return {
    id: row.id,
    endpointId: row.endpointId,
    endpointUrl: row.endpointUrl,
    messageId: row.messageId,
    eventType: row.eventType as OutgoingWebhookEvent,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
  };
}

/**
 * Outgoing webhooks: the owner's endpoints (URL, event filter, a Standard Webhooks secret), and a
 * listener on the platform's domain events that makes one delivery per matching enabled endpoint
 * and queues its first attempt, in one transaction. Idempotent by endpoint and event id, so a
 * redelivered domain event is not sent twice.
 */
export function outgoingWebhookService(deps: {
  db: Kysely<Database>;
  clock: Clock;
  jobs: JobRunner;
  events: EventBus;
  secrets: SecretBox;
  listen: ConsoleListenAddress;
  logger?: Logger;
  resolve?: ResolveAll;
}) {
  const { db, clock, listen } = deps;
  const repo = outgoingRepository(db);
  registerDeliveryJob({ db, clock, jobs: deps.jobs, secrets: deps.secrets, logger: deps.logger, resolve: deps.resolve, listen });

  /**
   * A tenant ADMIN sees no answer from a loopback or private endpoint they could not have set
   * themselves (the owner set it, or it was set while the console listened on loopback).
   */
  const hidesAnswers = (caller: TargetCaller, url: string) => !listen.allowanceFor(caller).privateNetworks && namesPrivateTarget(url);

  async function fanOut(event: DomainEvent & { type: OutgoingWebhookEvent }): Promise<void> {
    const endpoints = (await repo.listEndpoints(event.tenantId)).filter((e) => e.enabled === 1 && parseEvents(e.events).includes(event.type));
    if (endpoints.length === 0) return;
    const payload = JSON.stringify(outgoingPayload(event));
    await db.transaction().execute(async (trx) => {
      for (const endpoint of endpoints) {
        const id = newId('webhookDelivery');
        const now = clock.nowIso();
        const isNew = await outgoingRepository(trx).insertDeliveryIfNew({
          id,
          endpointId: endpoint.id,
          messageId: messageIdFor(event.id),
          eventType: event.type,
          payload,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
          deliveredAt: null,
          lastError: null,
        });
        if (isNew) await enqueueDeliveryAttempt(trx, clock, { deliveryId: id, due: now });
      }
    });
    deps.jobs.poke();
  }

  for (const type of OUTGOING_WEBHOOK_EVENTS) deps.events.subscribe(type, (event) => fanOut(event as DomainEvent & { type: OutgoingWebhookEvent }));

  async function requireEndpoint(tenantId: string, id: string): Promise<EndpointRow> {
    const row = await repo.findEndpoint(tenantId, id);
    if (!row) throw new DomainError('NOT_FOUND', `id: no webhook endpoint ${id} in this community`, { field: 'id' });
    return row;
  }

  async function viewOf(tenantId: string, id: string): Promise<WebhookEndpointView> {
    const row = await requireEndpoint(tenantId, id);
    return endpointView(row, (await repo.deliveryCounts([id])).get(id)!);
  }

  const audit = (tenantId: string, actorUserId: string | null, action: string, targetId: string, after: unknown) =>
    auditRepository(db).record({ tenantId, actorUserId, action, targetType: 'webhook_endpoint', targetId, after, at: clock.nowIso() });

  return {
    endpoints: {
      async list(tenantId: string): Promise<WebhookEndpointView[]> {
        const rows = await repo.listEndpoints(tenantId);
        const counts = await repo.deliveryCounts(rows.map((r) => r.id));
        return rows.map((r) => endpointView(r, counts.get(r.id)!));
      },

      /** The secret is answered this once; it is stored sealed and never shown again. */
      async create(caller: TargetCaller, actorUserId: string | null, input: CreateInput): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
        const { tenantId } = caller;
        const url = checkTargetUrl(input.url, 'url', listen.allowanceFor(caller)).toString();
        const id = newId('webhookEndpoint');
        const secret = newEndpointSecret();
        const now = clock.nowIso();
        await repo.insertEndpoint({
          id,
          tenantId,
          url,
          secretEncrypted: deps.secrets.seal(secret),
          events: JSON.stringify([...new Set(input.events)]),
          enabled: 1,
          disabledReason: null,
          description: input.description?.trim() || null,
          createdAt: now,
          updatedAt: now,
        });
        await audit(tenantId, actorUserId, 'webhooks.endpoint_created', id, { url, events: input.events });
        return { endpoint: await viewOf(tenantId, id), secret };
      },

      async update(caller: TargetCaller, actorUserId: string | null, input: UpdateInput): Promise<WebhookEndpointView> {
        const { tenantId } = caller;
        await requireEndpoint(tenantId, input.id);
        const set: Parameters<typeof repo.updateEndpoint>[2] = { updatedAt: clock.nowIso() };
        if (input.url !== undefined) set.url = checkTargetUrl(input.url, 'url', listen.allowanceFor(caller)).toString();
        if (input.events !== undefined) set.events = JSON.stringify([...new Set(input.events)]);
        if (input.description !== undefined) set.description = input.description?.trim() || null;
        if (input.enabled !== undefined) {
          set.enabled = input.enabled ? 1 : 0;
          set.disabledReason = input.enabled ? null : 'disabled by the owner';
        }
        await repo.updateEndpoint(tenantId, input.id, set);
        await audit(tenantId, actorUserId, 'webhooks.endpoint_updated', input.id, { url: set.url, events: input.events, enabled: input.enabled });
        return viewOf(tenantId, input.id);
      },

      /** Removes the endpoint with its deliveries and their attempts; queued attempts then find nothing to send. */
      async delete(tenantId: string, actorUserId: string | null, id: string): Promise<{ id: string; deleted: true }> {
        if (!(await repo.deleteEndpoint(tenantId, id))) throw new DomainError('NOT_FOUND', `id: no webhook endpoint ${id} in this community`, { field: 'id' });
        await audit(tenantId, actorUserId, 'webhooks.endpoint_deleted', id, undefined);
        return { id, deleted: true };
      },

      /** A new secret at once: attempts from now on are signed with it; answered this once. */
      async rotateSecret(tenantId: string, actorUserId: string | null, id: string): Promise<{ id: string; secret: string }> {
        await requireEndpoint(tenantId, id);
        const secret = newEndpointSecret();
        await repo.updateEndpoint(tenantId, id, { secretEncrypted: deps.secrets.seal(secret), updatedAt: clock.nowIso() });
        await audit(tenantId, actorUserId, 'webhooks.endpoint_secret_rotated', id, undefined);
        return { id, secret };
      },
    },

    deliveries: {
      async list(tenantId: string, input: { endpointId?: string; status?: WebhookDeliveryStatus; cursor?: string; limit: number }) {
        const after = input.cursor ? decodeCursor(input.cursor) : null;
        const rows = await repo.pageDeliveries({ tenantId, endpointId: input.endpointId, status: input.status }, after, input.limit + 1);
        const items = rows.slice(0, input.limit).map(deliveryView);
        const last = items[items.length - 1];
        return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null };
      },

      async get(caller: TargetCaller, id: string): Promise<WebhookDeliveryDetail> {
        const row = await repo.findDelivery(caller.tenantId, id);
        if (!row) throw notFound('webhook delivery', id);
        const attempts = await repo.attemptsOf(id);
        const hidden = hidesAnswers(caller, row.endpointUrl);
        return {
          ...deliveryView(row),
          payload: row.payload,
          attemptLog: attempts.map((a) => ({
            id: a.id,
            attemptedAt: a.attemptedAt,
            statusCode: a.statusCode,
            responseExcerpt: hidden && a.responseExcerpt !== null ? '(the answer of a private-network address is shown to the console owner only)' : a.responseExcerpt,
            error: a.error,
            durationMs: a.durationMs,
          })),
        };
      },

      /**
       * Sends it again now with the same webhook-id, on a fresh schedule; a pending delivery's
       * waiting attempt is superseded (its job finds the delivery moved on).
       */
      async resend(tenantId: string, id: string): Promise<WebhookDeliveryView> {
        const row = await repo.findDelivery(tenantId, id);
        if (!row) throw notFound('webhook delivery', id);
        if (row.endpointEnabled !== 1) throw new DomainError('PRECONDITION_FAILED', 'id: the endpoint of this delivery is disabled; enable it first', { field: 'id' });
        const now = clock.nowIso();
        await db.transaction().execute(async (trx) => {
          await outgoingRepository(trx).updateDelivery(id, { status: 'pending', attempts: 0, nextAttemptAt: now, deliveredAt: null, lastError: null });
          await enqueueDeliveryAttempt(trx, clock, { deliveryId: id, due: now });
        });
        deps.jobs.poke();
        return deliveryView({ ...row, status: 'pending', attempts: 0, nextAttemptAt: now, deliveredAt: null, lastError: null });
      },
    },
  };
}
export type OutgoingWebhookService = ReturnType<typeof outgoingWebhookService>;

function encodeCursor(row: { createdAt: string; id: string }): string {
  return Buffer.from(`${row.createdAt}|${row.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt))) {
    throw new DomainError('VALIDATION', 'cursor: is not a cursor this list returned', { field: 'cursor' });
  }
  return { createdAt, id };
}
