import { membersRouter } from './routers/members';
import { tenantsRouter } from './routers/tenants';
import { usersRouter } from './routers/users';
import { router } from './trpc';

// The whole contract, one area per router. The renderer's client type is derived from AppRouter,
// so a misspelt or missing procedure is a compile error there.
export const appRouter = router({
  users: usersRouter,
  tenants: tenantsRouter,
  members: membersRouter,
});

export type AppRouter = typeof appRouter;
