import { router, tenantProcedure } from '../trpc';

export const usersRouter = router({
  getCurrentUser: tenantProcedure.query(({ ctx }) =>
    ctx.services.users.getCurrentUser(ctx.auth.userId, ctx.tenant.id),
  ),
});
