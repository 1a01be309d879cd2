import {
  createWebhookEndpointInput,
  listWebhookDeliveriesInput,
  updateWebhookEndpointInput,
  webhookDeliveryInput,
  webhookEndpointInput,
} from '../../../../src-shared/schemas/webhooks';
import { adminProcedure, router } from '../trpc';

// Outgoing webhooks of the current tenant: served under `webhooks.*` (merged in api/router.ts).
export const webhookEndpointsRouter = router({
  endpoints: router({
    /** Every endpoint with its delivery counts by status. */
    list: adminProcedure.query(({ ctx }) => ctx.services.outgoingWebhooks.endpoints.list(ctx.tenant.id)),
    /** `{endpoint, secret}`: the `whsec_…` signing secret is answered this once. */
    create: adminProcedure
      .input(createWebhookEndpointInput)
      .mutation(({ ctx, input }) => ctx.services.outgoingWebhooks.endpoints.create(ctx.tenant.id, ctx.auth.userId, input)),
    update: adminProcedure
      .input(updateWebhookEndpointInput)
      .mutation(({ ctx, input }) => ctx.services.outgoingWebhooks.endpoints.update(ctx.tenant.id, ctx.auth.userId, input)),
    delete: adminProcedure
      .input(webhookEndpointInput)
      .mutation(({ ctx, input }) => ctx.services.outgoingWebhooks.endpoints.delete(ctx.tenant.id, ctx.auth.userId, input.id)),
    /** `{id, secret}`: a new secret, in use at once, answered this once. */
    rotateSecret: adminProcedure
      .input(webhookEndpointInput)
      .mutation(({ ctx, input }) => ctx.services.outgoingWebhooks.endpoints.rotateSecret(ctx.tenant.id, ctx.auth.userId, input.id)),
  }),

  deliveries: router({
    /** Newest first; filter by endpoint and status; page with the returned cursor. */
    list: adminProcedure
      .input(listWebhookDeliveriesInput.prefault({}))
      .query(({ ctx, input }) => ctx.services.outgoingWebhooks.deliveries.list(ctx.tenant.id, input)),
    /** One delivery with its payload and every attempt (status, response excerpt, error, duration). */
    get: adminProcedure.input(webhookDeliveryInput).query(({ ctx, input }) => ctx.services.outgoingWebhooks.deliveries.get(ctx.tenant.id, input.id)),
    /** Sends it again now, same webhook-id, on a fresh retry schedule. */
    resend: adminProcedure.input(webhookDeliveryInput).mutation(({ ctx, input }) => ctx.services.outgoingWebhooks.deliveries.resend(ctx.tenant.id, input.id)),
  }),
});
