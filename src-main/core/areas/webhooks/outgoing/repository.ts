import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { WebhookDeliveryStatus } from '@shared/schemas/webhooks';
import type { Database, WebhookDeliveriesTable, WebhookDeliveryAttemptsTable, WebhookEndpointsTable } from '@core/platform/db/schema';

export type EndpointRow = Selectable<WebhookEndpointsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export interface DeliveryFilter {
  tenantId: string;
  endpointId?: string;
  status?: WebhookDeliveryStatus;
}

/** Outgoing webhook endpoints, their deliveries and every attempt; tenant-scoped where it matters. */
export function outgoingRepository(db: Kysely<Database>) {
  return {
    insertEndpoint(row: Insertable<WebhookEndpointsTable>) {
      return db.insertInto('webhookEndpoints').values(row).execute();
    },

    findEndpoint(tenantId: string, id: string): Promise<EndpointRow | undefined> {
      return db.selectFrom('webhookEndpoints').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },

    listEndpoints(tenantId: string): Promise<EndpointRow[]> {
      return db.selectFrom('webhookEndpoints').selectAll().where('tenantId', '=', tenantId).orderBy('createdAt').orderBy('id').execute();
    },

    async updateEndpoint(tenantId: string, id: string, set: Updateable<WebhookEndpointsTable>): Promise<boolean> {
      const result = await db.updateTable('webhookEndpoints').set(set).where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async deleteEndpoint(tenantId: string, id: string): Promise<boolean> {
      const result = await db.deleteFrom('webhookEndpoints').where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    /** A receiver answered 410 Gone: it wants no more. */
    disableEndpoint(id: string, reason: string, at: string) {
      return db.updateTable('webhookEndpoints').set({ enabled: 0, disabledReason: reason, updatedAt: at }).where('id', '=', id).execute();
    },

    /** Deliveries per endpoint and status, for the endpoint list. */
    async deliveryCounts(endpointIds: string[]): Promise<Map<string, Record<WebhookDeliveryStatus, number>>> {
      const out = new Map<string, Record<WebhookDeliveryStatus, number>>();
      for (const id of endpointIds) out.set(id, { pending: 0, delivered: 0, failed: 0 });
      if (endpointIds.length === 0) return out;
      const rows = await db
        .selectFrom('webhookDeliveries')
        .select(['endpointId', 'status', (eb) => eb.fn.countAll().as('n')])
        .where('endpointId', 'in', endpointIds)
        .groupBy(['endpointId', 'status'])
        .execute();
      for (const row of rows) out.get(row.endpointId)![row.status] = Number(row.n);
      return out;
    },

    /** One delivery per endpoint and message: a repeated event is not a second delivery. */
    async insertDeliveryIfNew(row: Insertable<WebhookDeliveriesTable>): Promise<boolean> {
      const inserted = await db
        .insertInto('webhookDeliveries')
        .values(row)
        .onConflict((oc) => oc.columns(['endpointId', 'messageId']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    /** A delivery with what sending it needs from its endpoint (any tenant: for the job). */
    deliveryForSending(id: string) {
      return db
        .selectFrom('webhookDeliveries')
        .innerJoin('webhookEndpoints', 'webhookEndpoints.id', 'webhookDeliveries.endpointId')
        .selectAll('webhookDeliveries')
        .select(['webhookEndpoints.url', 'webhookEndpoints.secretEncrypted', 'webhookEndpoints.enabled', 'webhookEndpoints.disabledReason'])
        .where('webhookDeliveries.id', '=', id)
        .executeTakeFirst();
    },

    /** Updates a delivery only if it is still the attempt that was due (a resend moves it on). */
    async updateDeliveryIfDue(id: string, due: string, set: Updateable<WebhookDeliveriesTable>): Promise<boolean> {
      const result = await db.updateTable('webhookDeliveries').set(set).where('id', '=', id).where('status', '=', 'pending').where('nextAttemptAt', '=', due).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    updateDelivery(id: string, set: Updateable<WebhookDeliveriesTable>) {
      return db.updateTable('webhookDeliveries').set(set).where('id', '=', id).execute();
    },

    insertAttempt(row: Insertable<WebhookDeliveryAttemptsTable>) {
      return db.insertInto('webhookDeliveryAttempts').values(row).execute();
    },

    /** Newest first by (createdAt, id), so that a deep page costs what the first does. */
    pageDeliveries(filter: DeliveryFilter, after: { createdAt: string; id: string } | null, limit: number) {
      let q = db
        .selectFrom('webhookDeliveries')
        .innerJoin('webhookEndpoints', 'webhookEndpoints.id', 'webhookDeliveries.endpointId')
        .selectAll('webhookDeliveries')
        .select('webhookEndpoints.url as endpointUrl')
        .where('webhookEndpoints.tenantId', '=', filter.tenantId);
      if (filter.endpointId) q = q.where('webhookDeliveries.endpointId', '=', filter.endpointId);
      if (filter.status) q = q.where('webhookDeliveries.status', '=', filter.status);
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb('webhookDeliveries.createdAt', '<', after.createdAt),
            eb.and([eb('webhookDeliveries.createdAt', '=', after.createdAt), eb('webhookDeliveries.id', '<', after.id)]),
          ]),
        );
      }
      return q.orderBy('webhookDeliveries.createdAt', 'desc').orderBy('webhookDeliveries.id', 'desc').limit(limit).execute();
    },

    findDelivery(tenantId: string, id: string) {
      return db
        .selectFrom('webhookDeliveries')
        .innerJoin('webhookEndpoints', 'webhookEndpoints.id', 'webhookDeliveries.endpointId')
        .selectAll('webhookDeliveries')
        .select(['webhookEndpoints.url as endpointUrl', 'webhookEndpoints.enabled as endpointEnabled'])
        .where('webhookEndpoints.tenantId', '=', tenantId)
        .where('webhookDeliveries.id', '=', id)
        .executeTakeFirst();
    },

    attemptsOf(deliveryId: string) {
      return db.selectFrom('webhookDeliveryAttempts').selectAll().where('deliveryId', '=', deliveryId).orderBy('attemptedAt').orderBy('id').execute();
    },
  };
}
export type OutgoingRepository = ReturnType<typeof outgoingRepository>;
