import { TRPCError } from '@trpc/server';
import { labReplayInput, labSendInput, reconcileInput, setForwardInput } from '../../../../src-shared/schemas/webhooks';
import { adminProcedure, router } from '../trpc';

// Local webhook testing and catch-up: served under `webhooks.*` (merged in api/router.ts).
const scopeOf = (ctx: { tenant: { id: string }; auth: { isConsoleOwner: boolean } }) => ({
  tenantId: ctx.tenant.id,
  includeUnattributed: ctx.auth.isConsoleOwner,
});

export const webhookLabRouter = router({
  reconcile: router({
    /** What the provider has that the ledger lacks (Stripe events; Lemon Squeezy subscription changes). */
    preview: adminProcedure.input(reconcileInput).query(({ ctx, input }) => ctx.services.webhookReconcile.preview(input.provider)),
    /** Stores what was missed in the ledger (marked reconciled); the usual processing applies it. */
    run: adminProcedure.input(reconcileInput).mutation(({ ctx, input }) => ctx.services.webhookReconcile.run(input.provider)),
  }),

  lab: router({
    /** A template per event type the handlers know, with this tenant's ids filled in. */
    templates: adminProcedure.query(({ ctx }) => ctx.services.webhookLab.templates(ctx.tenant.id)),
    /** Signs the payload as the provider would and POSTs it to "self" or {url}. */
    send: adminProcedure.input(labSendInput).mutation(({ ctx, input }) => ctx.services.webhookLab.send(input)),
    /** Re-sends a ledger event's raw body, re-signed now. */
    replay: adminProcedure.input(labReplayInput).mutation(({ ctx, input }) => ctx.services.webhookLab.replay(scopeOf(ctx), input)),
  }),

  forward: router({
    /** The forward URL (null: off) and the latest forwards. */
    get: adminProcedure.query(({ ctx }) => ctx.services.webhookForwarding.get()),
    /** Forwards every received event, re-signed, to this URL; null stops. Console owner only: it sees every tenant's events. */
    set: adminProcedure.input(setForwardInput).mutation(({ ctx, input }) => {
      if (!ctx.auth.isConsoleOwner) throw new TRPCError({ code: 'FORBIDDEN', message: 'only the console owner may forward webhook events' });
      return ctx.services.webhookForwarding.set(input.url);
    }),
  }),
});
