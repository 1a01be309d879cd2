import { router, tenantAdminProcedure } from '../../api/trpc';

// The dashboard's setup checklist, from the community's real state: each step is done when what it
// asks for exists, never because the owner clicked it (a campaign: one was written).
export const dashboardRouter = router({
  /** `{packages: {done, count}, provider: {done, names}, webhooks: {done}, campaign: {done}}`. */
  setup: tenantAdminProcedure.query(async ({ ctx }) => {
    const [packages, providers, events, campaigns] = await Promise.all([
      ctx.services.packages.list(ctx.tenant.id),
      ctx.services.providers.get(ctx.tenant.id),
      ctx.services.webhooks.list({ tenantId: ctx.tenant.id, includeUnattributed: ctx.auth.isConsoleOwner }, { limit: 1 }),
      ctx.services.campaigns.count(ctx.tenant.id),
    ]);
    const names = [providers.stripe.configured && 'Stripe', providers.lemonSqueezy.configured && 'Lemon Squeezy'].filter((n): n is string => !!n);
    return {
      packages: { done: packages.length > 0, count: packages.length },
      provider: { done: names.length > 0, names },
      webhooks: { done: events.items.length > 0 },
      campaign: { done: campaigns > 0 },
    };
  }),
});
