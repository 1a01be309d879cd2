import {
  createSpaceInput,
  reorderSpacesInput,
  setSpaceMemberRoleInput,
  spaceIdInput,
  updateSpaceInput,
} from '@shared/schemas/community';
import { memberProcedure, router, tenantAdminProcedure } from '../../api/trpc';
import { actorOf } from './actor';

export const spacesRouter = router({
  /** The tenant's spaces (every SpaceType) with member and moderator counts, by name. */
  list: tenantAdminProcedure.query(({ ctx }) => ctx.services.community.spaces(ctx.tenant.id)),
  /** The Spaces page: every space in the owner's order (archived last), visibility, groups, sizes, open reports. */
  overview: tenantAdminProcedure.query(({ ctx }) => ctx.services.community.spaceAdmin.overview(ctx.tenant.id)),
  /** The spaces the caller can see, with their role in each. */
  mine: memberProcedure.query(({ ctx }) => ctx.services.community.spaceAdmin.mine(actorOf(ctx))),
  get: memberProcedure.input(spaceIdInput).query(({ ctx, input }) => ctx.services.community.spaceAdmin.get(actorOf(ctx), input.spaceId)),
  create: tenantAdminProcedure.input(createSpaceInput).mutation(({ ctx, input }) => ctx.services.community.spaceAdmin.create(actorOf(ctx), input)),
  update: tenantAdminProcedure.input(updateSpaceInput).mutation(({ ctx, input }) => ctx.services.community.spaceAdmin.update(actorOf(ctx), input)),
  reorder: tenantAdminProcedure.input(reorderSpacesInput).mutation(({ ctx, input }) => ctx.services.community.spaceAdmin.reorder(actorOf(ctx), input)),
  archive: tenantAdminProcedure.input(spaceIdInput).mutation(({ ctx, input }) => ctx.services.community.spaceAdmin.setArchived(actorOf(ctx), input.spaceId, true)),
  restore: tenantAdminProcedure.input(spaceIdInput).mutation(({ ctx, input }) => ctx.services.community.spaceAdmin.setArchived(actorOf(ctx), input.spaceId, false)),
  members: tenantAdminProcedure.input(spaceIdInput).query(({ ctx, input }) => ctx.services.community.spaceAdmin.members(ctx.tenant.id, input.spaceId)),
  setMemberRole: tenantAdminProcedure.input(setSpaceMemberRoleInput).mutation(({ ctx, input }) => ctx.services.community.spaceAdmin.setMemberRole(actorOf(ctx), input)),
});
