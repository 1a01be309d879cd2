import { resolveConflictInput, setSyncSettingsInput, syncProviderInput } from '@shared/schemas/billing-sync';
import { consoleOwnerProcedure, router, tenantAdminProcedure } from '@core/api/trpc';

// Live billing sync, served under `webhooks.sync.*` (merged in api/router.ts). The state's modes are
// console-wide (every ADMIN's sidebar shows them); its figures and error words are the console
// owner's, a tenant's ADMIN sees their tenant's; local changes are the caller's tenant's.
export const webhookSyncRouter = router({
  sync: router({
    /** Per provider: live by webhooks / by polling / catching up / offline / failing, with figures. */
    state: tenantAdminProcedure.query(({ ctx }) => ctx.services.billingSync.state({ tenantId: ctx.tenant.id, isConsoleOwner: ctx.auth.isConsoleOwner })),
    /** This tenant's provider writes not sent yet (package edits), oldest first, conflicts included. */
    localChanges: tenantAdminProcedure.query(({ ctx }) => ctx.services.billingSync.localChanges(ctx.tenant.id)),
    /** A held change: send mine over the provider's, or take theirs and drop mine. */
    resolveConflict: tenantAdminProcedure
      .input(resolveConflictInput)
      .mutation(({ ctx, input }) => ctx.services.billingSync.resolveConflict(ctx.tenant.id, ctx.auth.userId, input)),
    /** Polling intervals, the safety net while webhooks arrive, and how long webhooks may be quiet. */
    setSettings: consoleOwnerProcedure.input(setSyncSettingsInput).mutation(({ ctx, input }) => ctx.services.billingSync.setSettings(input)),
    /** Asks the provider now, whatever the backoff (after fixing a key). */
    pollNow: consoleOwnerProcedure.input(syncProviderInput).mutation(({ ctx, input }) => ctx.services.billingSync.pollNow(input.provider)),
  }),
});
