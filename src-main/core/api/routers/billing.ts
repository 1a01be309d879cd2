import { TRPCError } from '@trpc/server';
import { checkoutInput, linkSubscriptionsInput } from '../../../../src-shared/schemas/billing';
import { adminProcedure, router, tenantProcedure } from '../trpc';

export const billingRouter = router({
  /**
   * A hosted checkout for a package: `{url, provider, sessionId, amount, currency, interval,
   * onSale, priceId}`. An ADMIN may open one for any member (userId) or email; a MEMBER only for
   * themselves (userId defaults to them).
   */
  checkout: tenantProcedure.input(checkoutInput).mutation(({ ctx, input }) => {
    if (ctx.tenant.role !== 'ADMIN') {
      if (input.userId && input.userId !== ctx.auth.userId) {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'userId: a member can only open a checkout for themselves' });
      }
      return ctx.services.checkout.create(ctx.tenant.id, { ...input, userId: ctx.auth.userId });
    }
    return ctx.services.checkout.create(ctx.tenant.id, input);
  }),

  lemonsqueezy: router({
    /** The variants the Lemon Squeezy key can see, with the package of this tenant using each. */
    variants: adminProcedure.query(({ ctx }) => ctx.services.lemonSqueezyCatalog.variants(ctx.tenant.id)),

    /** The store's subscriptions matched to members (by email) and packages (by variant). */
    subscriptions: adminProcedure.query(({ ctx }) => ctx.services.lemonSqueezyCatalog.subscriptions(ctx.tenant.id)),

    /** `{commit}`: preview, or upsert them as subscriptions (provider lemonsqueezy). */
    linkSubscriptions: adminProcedure
      .input(linkSubscriptionsInput)
      .mutation(({ ctx, input }) => ctx.services.lemonSqueezyCatalog.link(ctx.tenant.id, ctx.auth.userId, input)),
  }),
});
