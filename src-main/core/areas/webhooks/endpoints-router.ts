import {
  createWebhookEndpointInput,
  listWebhookDeliveriesInput,
  updateWebhookEndpointInput,
  webhookDeliveryInput,
  webhookEndpointInput,
} from '@shared/schemas/webhooks';
import { tenantAdminProcedure, router } from '../../api/trpc';

// Outgoing webhooks of the current tenant: served under `webhooks.*` (merged in api/router.ts).
// The caller goes to the service, which decides which URLs they may target (the URL policy).
const callerOf = (ctx: { tenant: { id: string }; auth: { isConsoleOwner: boolean } }) => ({
  tenantId: ctx.tenant.id,
  isConsoleOwner: ctx.auth.isConsoleOwner,
});
export const webhookEndpointsRouter = router({
  endpoints: router({
    /** Every endpoint with its delivery counts by status. */
    list: tenantAdminProcedure.query(({ ctx }) => ctx.services.outgoingWebhooks.endpoints.list(ctx.tenant.id)),
    /** `{endpoint, secret}`: the `whsec_…` signing secret is answered this once. */
    create: tenantAdminProcedure
      .input(createWebhookEndpointInput)
      .mutation(({ ctx, input }) => ctx.services.outgoingWebhooks.endpoints.create(callerOf(ctx), ctx.auth.userId, input)),
    update: tenantAdminProcedure
      .input(updateWebhookEndpointInput)
      .mutation(({ ctx, input }) => ctx.services.outgoingWebhooks.endpoints.update(callerOf(ctx), ctx.auth.userId, input)),
    delete: tenantAdminProcedure
      .input(webhookEndpointInput)
      .mutation(({ ctx, input }) => ctx.services.outgoingWebhooks.endpoints.delete(ctx.tenant.id, ctx.auth.userId, input.id)),
    /** `{id, secret}`: a new secret, in use at once, answered this once. */
    rotateSecret: tenantAdminProcedure
      .input(webhookEndpointInput)
      .mutation(({ ctx, input }) => ctx.services.outgoingWebhooks.endpoints.rotateSecret(ctx.tenant.id, ctx.auth.userId, input.id)),
  }),

  deliveries: router({
    /** Newest first; filter by endpoint and status; page with the returned cursor. */
    list: tenantAdminProcedure
      .input(listWebhookDeliveriesInput.prefault({}))
      .query(({ ctx, input }) => ctx.services.outgoingWebhooks.deliveries.list(ctx.tenant.id, input)),
    /** One delivery with its payload and every attempt (status, response excerpt, error, duration). */
    get: tenantAdminProcedure.input(webhookDeliveryInput).query(({ ctx, input }) => ctx.services.outgoingWebhooks.deliveries.get(callerOf(ctx), input.id)),
    /** Sends it again now, same webhook-id, on a fresh retry schedule. */
    resend: tenantAdminProcedure.input(webhookDeliveryInput).mutation(({ ctx, input }) => ctx.services.outgoingWebhooks.deliveries.resend(ctx.tenant.id, input.id)),
  }),
});
