import { router, tenantProcedure } from '../trpc';

export const entitlementsRouter = router({
  /** The caller's package limits in this tenant and their use of each (metered ones this month). */
  get: tenantProcedure.query(({ ctx }) => ctx.services.entitlements.get(ctx.tenant.id, ctx.auth.userId)),
});
