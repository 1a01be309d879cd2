import { labReplayInput, labSendInput, labTemplatesInput, reconcileInput, setForwardInput } from '@shared/schemas/webhooks';
import { consoleOwnerProcedure, router, tenantAdminProcedure } from '../../api/trpc';

// Local webhook testing and catch-up: served under `webhooks.*` (merged in api/router.ts).
// The lab is open to tenant ADMINs; which secret it signs with and where it may send is the lab
// service's decision from the caller (a signing decision, not a permission check).
const callerOf = (ctx: { tenant: { id: string }; auth: { isConsoleOwner: boolean } }) => ({
  tenantId: ctx.tenant.id,
  isConsoleOwner: ctx.auth.isConsoleOwner,
});

export const webhookLabRouter = router({
  reconcile: router({
    /** What the provider has that the ledger lacks (Stripe events; Lemon Squeezy subscription changes). */
    preview: consoleOwnerProcedure.input(reconcileInput).query(({ ctx, input }) => ctx.services.webhookReconcile.preview(input.provider)),
    /** Stores what was missed in the ledger (marked reconciled); the usual processing applies it. */
    run: consoleOwnerProcedure.input(reconcileInput).mutation(({ ctx, input }) => ctx.services.webhookReconcile.run(input.provider)),
  }),

  lab: router({
    /** How the caller's lab signs (console secrets or the tenant's lab secret) and where it may send. */
    access: tenantAdminProcedure.query(({ ctx }) => ctx.services.webhookLab.access(callerOf(ctx))),
    /** A template per event type the handlers know, with this tenant's ids filled in (and the member and package picked, in form mode). */
    templates: tenantAdminProcedure.input(labTemplatesInput).query(({ ctx, input }) => ctx.services.webhookLab.templates(callerOf(ctx), input ?? {})),
    /** Signs the payload as the provider would and POSTs it to "self" (console owner) or {url}. */
    send: tenantAdminProcedure.input(labSendInput).mutation(({ ctx, input }) => ctx.services.webhookLab.send(callerOf(ctx), input)),
    /** Re-sends a ledger event of the caller's tenant, re-signed now. */
    replay: tenantAdminProcedure.input(labReplayInput).mutation(({ ctx, input }) => ctx.services.webhookLab.replay(callerOf(ctx), input)),
  }),

  forward: router({
    /** The forward URL (null: off) and the latest forwards. */
    get: consoleOwnerProcedure.query(({ ctx }) => ctx.services.webhookForwarding.get()),
    /** Forwards every received event, re-signed, to this URL; null stops. It sees every tenant's events. */
    set: consoleOwnerProcedure.input(setForwardInput).mutation(({ ctx, input }) => ctx.services.webhookForwarding.set(input.url)),
  }),
});
