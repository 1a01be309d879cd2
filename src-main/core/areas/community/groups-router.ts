import { router, tenantAdminProcedure } from '../../api/trpc';

export const groupsRouter = router({
  /** The tenant's groups with their member counts, by name. */
  list: tenantAdminProcedure.query(({ ctx }) => ctx.services.community.groups(ctx.tenant.id)),
});
