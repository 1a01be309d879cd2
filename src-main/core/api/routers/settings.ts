import { setCheckoutSiteInput, setProvidersInput } from '../../../../src-shared/schemas/billing';
import { setPaymentMethodsInput } from '../../../../src-shared/schemas/payment-methods';
import { consoleOwnerInTenantProcedure, router, tenantAdminProcedure } from '../trpc';

// Settings of the console (payment providers' keys, for every tenant) and of the current tenant
// (its checkout site, its payment methods). Secrets go in; only hints come out.
export const settingsRouter = router({
  providers: router({
    /** `{stripe: {configured, keyHint: 'sk_test_…4242', mode, source, apiBase}, lemonSqueezy: {…, storeId}, checkoutBaseUrl}`. */
    get: tenantAdminProcedure.query(({ ctx }) => ctx.services.providers.get(ctx.tenant.id)),

    /**
     * `{stripeSecretKey?, lemonSqueezyApiKey?, lemonSqueezyStoreId?, checkoutBaseUrl?}`: a value
     * saves (keys sealed), null or "" removes, left out keeps. Provider keys serve every tenant of
     * the console, so this is the console owner's; a tenant ADMIN sets its checkout site below.
     */
    set: consoleOwnerInTenantProcedure.input(setProvidersInput).mutation(({ ctx, input }) => ctx.services.providers.set(ctx.tenant.id, ctx.auth.userId, input)),
  }),

  checkout: router({
    /** `{checkoutBaseUrl}`: where this tenant's checkouts return to (null removes). */
    set: tenantAdminProcedure.input(setCheckoutSiteInput).mutation(({ ctx, input }) => ctx.services.providers.set(ctx.tenant.id, ctx.auth.userId, input)),
  }),

  paymentMethods: router({
    /** Cards (always on), ACH and BNPL flags mirrored from Stripe, crypto coins with their addresses. */
    get: tenantAdminProcedure.query(({ ctx }) => ctx.services.paymentMethods.get(ctx.tenant.id)),

    /** A partial change; a bad address is a 400 naming e.g. `crypto.ETH.address`. */
    set: tenantAdminProcedure.input(setPaymentMethodsInput).mutation(({ ctx, input }) => ctx.services.paymentMethods.set(ctx.tenant.id, ctx.auth.userId, input)),
  }),
});
