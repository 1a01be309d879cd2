import { listMembersInput } from '../../../../src-shared/schemas/members';
import { adminProcedure, router } from '../trpc';

export const membersRouter = router({
  list: adminProcedure.input(listMembersInput.prefault({})).query(({ ctx, input }) => ctx.services.members.list(ctx.tenant.id, input)),
});
