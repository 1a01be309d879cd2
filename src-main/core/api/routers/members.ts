import { getMemberInput, listMembersInput } from '../../../../src-shared/schemas/members';
import { adminProcedure, router } from '../trpc';

/** members.* procedures that read: the list (filters, segment, sort, cursor) and one member's detail. */
export const membersRouter = router({
  list: adminProcedure.input(listMembersInput.prefault({})).query(({ ctx, input }) => ctx.services.members.list(ctx.tenant.id, input)),
  get: adminProcedure.input(getMemberInput).query(({ ctx, input }) => ctx.services.members.get(ctx.tenant.id, input)),
});
