import { getMemberInput, listMembersInput } from '../../../../src-shared/schemas/members';
import { tenantAdminProcedure, router } from '../../api/trpc';

/** members.* procedures that read: the list (filters, segment, sort, cursor) and one member's detail. */
export const membersRouter = router({
  list: tenantAdminProcedure.input(listMembersInput.prefault({})).query(({ ctx, input }) => ctx.services.members.list(ctx.tenant.id, input)),
  get: tenantAdminProcedure.input(getMemberInput).query(({ ctx, input }) => ctx.services.members.get(ctx.tenant.id, input)),
});
