import { authRouter } from './routers/auth';
import { billingRouter } from './routers/billing';
import { dashboardRouter } from './routers/dashboard';
import { entitlementsRouter } from './routers/entitlements';
import { eventsRouter } from './routers/events';
import { groupsRouter } from './routers/groups';
import { memberChangesRouter } from './routers/member-changes';
import { memberTransferRouter } from './routers/member-transfer';
import { membersRouter } from './routers/members';
import { packagesRouter } from './routers/packages';
import { segmentsRouter } from './routers/segments';
import { settingsRouter } from './routers/settings';
import { spacesRouter } from './routers/spaces';
import { tenantsRouter } from './routers/tenants';
import { usersRouter } from './routers/users';
import { webhooksRouter } from './routers/webhooks';
import { webhookEndpointsRouter } from './routers/webhook-endpoints';
import { webhookLabRouter } from './routers/webhook-lab';
import { mergeRouters, router } from './trpc';

// The whole contract, one area per router. The renderer's client type is derived from AppRouter,
// so a misspelt or missing procedure is a compile error there.
export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  tenants: tenantsRouter,
  // members.* is one namespace served by three files: reading, changing, and import/export/bulk.
  members: mergeRouters(membersRouter, memberChangesRouter, memberTransferRouter),
  segments: segmentsRouter,
  // webhooks.* : the inbound ledger, outgoing endpoints and deliveries, reconciliation, lab and forwarding.
  webhooks: mergeRouters(webhooksRouter, webhookEndpointsRouter, webhookLabRouter),
  packages: packagesRouter,
  entitlements: entitlementsRouter,
  billing: billingRouter,
  groups: groupsRouter,
  spaces: spacesRouter,
  settings: settingsRouter,
  events: eventsRouter,
  dashboard: dashboardRouter,
});

export type AppRouter = typeof appRouter;
