import { router, tenantAdminProcedure } from '../../api/trpc';

export const spacesRouter = router({
  /** The tenant's spaces (every SpaceType) with member and moderator counts, by name. */
  list: tenantAdminProcedure.query(({ ctx }) => ctx.services.community.spaces(ctx.tenant.id)),
});
