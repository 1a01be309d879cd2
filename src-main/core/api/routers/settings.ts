import { TRPCError } from '@trpc/server';
import { setProvidersInput } from '../../../../src-shared/schemas/billing';
import { setPaymentMethodsInput } from '../../../../src-shared/schemas/payment-methods';
import { adminProcedure, router } from '../trpc';

// Settings of the console (payment providers' keys, for every tenant) and of the current tenant
// (its checkout site, its payment methods). Secrets go in; only hints come out.
export const settingsRouter = router({
  providers: router({
    /** `{stripe: {configured, keyHint: 'sk_test_…4242', mode, source, apiBase}, lemonSqueezy: {…, storeId}, checkoutBaseUrl}`. */
    get: adminProcedure.query(({ ctx }) => ctx.services.providers.get(ctx.tenant.id)),

    /**
     * `{stripeSecretKey?, lemonSqueezyApiKey?, lemonSqueezyStoreId?, checkoutBaseUrl?}`: a value
     * saves (keys sealed), null or "" removes, left out keeps. Provider keys serve every tenant of
     * the console, so only the console owner may change them; checkoutBaseUrl is this tenant's.
     */
    set: adminProcedure.input(setProvidersInput).mutation(({ ctx, input }) => {
      const consoleWide = input.stripeSecretKey !== undefined || input.lemonSqueezyApiKey !== undefined || input.lemonSqueezyStoreId !== undefined;
      if (consoleWide && !ctx.auth.isConsoleOwner) {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'only the console owner may change payment provider keys (they serve every tenant)' });
      }
      return ctx.services.providers.set(ctx.tenant.id, ctx.auth.userId, input);
    }),
  }),

  paymentMethods: router({
    /** Cards (always on), ACH and BNPL flags mirrored from Stripe, crypto coins with their addresses. */
    get: adminProcedure.query(({ ctx }) => ctx.services.paymentMethods.get(ctx.tenant.id)),

    /** A partial change; a bad address is a 400 naming e.g. `crypto.ETH.address`. */
    set: adminProcedure.input(setPaymentMethodsInput).mutation(({ ctx, input }) => ctx.services.paymentMethods.set(ctx.tenant.id, ctx.auth.userId, input)),
  }),
});
