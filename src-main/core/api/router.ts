import { analyticsRouter } from '../areas/analytics/router';
import { authRouter } from '../areas/identity/auth-router';
import { billingRouter } from '../areas/billing/router';
import { campaignsRouter } from '../areas/campaigns/router';
import { dashboardRouter } from '../areas/dashboard/router';
import { entitlementsRouter } from '../areas/billing/entitlements-router';
import { eventsRouter } from '../platform/push/router';
import { groupsRouter } from '../areas/community/groups-router';
import { memberChangesRouter } from '../areas/members/changes-router';
import { memberTransferRouter } from '../areas/members/transfer-router';
import { membersRouter } from '../areas/members/router';
import { packagesRouter } from '../areas/catalog/router';
import { segmentsRouter } from '../areas/segments/router';
import { settingsRouter } from '../areas/settings/router';
import { spacesRouter } from '../areas/community/spaces-router';
import { commentsRouter, moderationRouter, postsRouter, reactionsRouter } from '../areas/community/posts-router';
import { tenantsRouter } from '../areas/identity/tenants-router';
import { usersRouter } from '../areas/identity/users-router';
import { webhooksRouter } from '../areas/webhooks/router';
import { webhookEndpointsRouter } from '../areas/webhooks/endpoints-router';
import { webhookLabRouter } from '../areas/webhooks/lab-router';
import { webhookSyncRouter } from '../areas/webhooks/sync/router';
import { automationsRouter } from '../areas/automations';
import { chatRouter, notificationsRouter } from '../areas/realtime/router';
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
  campaigns: campaignsRouter,
  // webhooks.* : the inbound ledger, outgoing endpoints and deliveries, reconciliation, lab and forwarding.
  webhooks: mergeRouters(webhooksRouter, webhookEndpointsRouter, webhookLabRouter, webhookSyncRouter),
  packages: packagesRouter,
  entitlements: entitlementsRouter,
  billing: billingRouter,
  groups: groupsRouter,
  spaces: spacesRouter,
  // Community (issue 13): the seed's posts.create / posts.list, comments, reactions, moderation.
  posts: postsRouter,
  comments: commentsRouter,
  reactions: reactionsRouter,
  moderation: moderationRouter,
  settings: settingsRouter,
  events: eventsRouter,
  dashboard: dashboardRouter,
  notifications: notificationsRouter,
  chat: chatRouter,
  analytics: analyticsRouter,
  automations: automationsRouter,
});

export type AppRouter = typeof appRouter;
