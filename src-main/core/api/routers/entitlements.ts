import { memberProcedure, router } from '../trpc';

export const entitlementsRouter = router({
  /** The caller's package limits in this tenant and their use of each (metered ones this month). */
  get: memberProcedure.query(({ ctx }) => ctx.services.entitlements.get(ctx.tenant.id, ctx.auth.userId)),
});
