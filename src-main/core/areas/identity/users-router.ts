import { memberProcedure, router } from '../../api/trpc';

export const usersRouter = router({
  getCurrentUser: memberProcedure.query(({ ctx }) =>
    ctx.services.users.getCurrentUser(ctx.auth.userId, ctx.tenant.id),
  ),
});
