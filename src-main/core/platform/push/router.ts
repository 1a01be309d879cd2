import { consoleOwnerProcedure, router, tenantAdminProcedure } from '../../api/trpc';

// events.* : what changed, pushed to the open window (SSE over HTTP, a back channel over IPC), and
// the queue of background work it shows.
export const eventsRouter = router({
  /** Change notices for the caller's tenant; console-wide ones too for the console owner. */
  stream: tenantAdminProcedure.subscription(async function* ({ ctx, signal }) {
    yield* ctx.services.push.stream({ tenantId: ctx.tenant.id, isConsoleOwner: ctx.auth.isConsoleOwner }, signal);
  }),

  /** The tenant's own background work per kind: waiting, oldest due, running, retrying, failed. */
  queue: tenantAdminProcedure.query(({ ctx }) => ctx.services.queue.forTenant(ctx.tenant.id)),

  /** Every tenant's and the platform's background work, for the console owner. */
  consoleQueue: consoleOwnerProcedure.query(({ ctx }) => ctx.services.queue.all()),
});
