import { checkoutInput, linkSubscriptionsInput } from '@shared/schemas/billing';
import { actingFor, consoleOwnerInTenantProcedure, memberProcedure, router, tenantAdminProcedure } from '../../api/trpc';

export const billingRouter = router({
  /**
   * A hosted checkout for a package: `{url, provider, sessionId, amount, currency, interval,
   * onSale, priceId}`. An ADMIN may open one for any member (userId) or email; a MEMBER only for
   * themselves (userId defaults to them).
   */
  checkout: memberProcedure
    .input(checkoutInput)
    .mutation(({ ctx, input }) => ctx.services.checkout.create(ctx.tenant.id, { ...input, userId: actingFor(ctx, input.userId) })),

  lemonsqueezy: router({
    /** The variants the Lemon Squeezy key can see, with the package of this tenant using each. */
    variants: tenantAdminProcedure.query(({ ctx }) => ctx.services.lemonSqueezyCatalog.variants(ctx.tenant.id)),

    /** Console-wide: the store's subscriptions (every tenant's customers) matched to members (by email) and packages (by variant). */
    subscriptions: consoleOwnerInTenantProcedure.query(({ ctx }) => ctx.services.lemonSqueezyCatalog.subscriptions(ctx.tenant.id)),

    /** `{commit}`: preview, or upsert them as subscriptions (provider lemonsqueezy). */
    linkSubscriptions: consoleOwnerInTenantProcedure
      .input(linkSubscriptionsInput)
      .mutation(({ ctx, input }) => ctx.services.lemonSqueezyCatalog.link(ctx.tenant.id, ctx.auth.userId, input)),
  }),
});
