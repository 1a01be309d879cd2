import {
  deletePackageInput,
  publicPackagesInput,
  upsertPackageInput,
  whatIfInput,
} from '@shared/schemas/packages';
import { importFromStripeInput, retrySyncInput } from '@shared/schemas/billing';
import { consoleOwnerInTenantProcedure, publicProcedure, router, tenantAdminProcedure } from '../../api/trpc';

// The seed's package API as procedures; the REST routes (http/packages-routes.ts) call the same service.
export const packagesRouter = router({
  /** All packages of the caller's tenant, inactive and archived ones included. */
  list: tenantAdminProcedure.query(async ({ ctx }) => {
    // membersAtLimit: subscribers at or over one of the package's limits (a signal to offer an upgrade).
    // subscribers: still billed, so that deleting one can say how many are on it.
    const [packages, atLimit, subscribers] = await Promise.all([
      ctx.services.packages.list(ctx.tenant.id),
      ctx.services.entitlements.membersAtLimitByPackage(ctx.tenant.id),
      ctx.services.packages.subscribersByPackage(ctx.tenant.id),
    ]);
    return packages.map((p) => ({ ...p, membersAtLimit: atLimit.get(p.id) ?? 0, subscribers: subscribers.get(p.id) ?? 0 }));
  }),

  /** A pricing page's packages, by tenant slug; needs no sign-in. */
  publicList: publicProcedure.input(publicPackagesInput).query(({ ctx, input }) => ctx.services.packages.listPublic(input.tenant)),

  /** Creates (no id) or updates (id) a package: answers {created, package}. */
  upsert: tenantAdminProcedure
    .input(upsertPackageInput)
    .mutation(({ ctx, input }) => ctx.services.packages.upsert(ctx.tenant.id, ctx.auth.userId, input)),

  /** Deletes a package, or archives it when it has subscriptions or is the free tier. */
  delete: tenantAdminProcedure
    .input(deletePackageInput)
    .mutation(({ ctx, input }) => ctx.services.packages.remove(ctx.tenant.id, ctx.auth.userId, input.id)),

  /** Projected MRR of a new price or sale, grandfathered or moved. */
  whatIf: tenantAdminProcedure.input(whatIfInput).query(({ ctx, input }) => ctx.services.pricingWhatIf.project(ctx.tenant.id, input)),

  /** Queues the package's Stripe sync again (after `failed`): answers the package, now `pending`. */
  retrySync: tenantAdminProcedure.input(retrySyncInput).mutation(({ ctx, input }) => ctx.services.catalogSync.retry(ctx.tenant.id, ctx.auth.userId, input.id)),

  /** Console-wide (the Stripe account serves every tenant): Stripe's active products as packages: a preview, or with `{commit: true}` created/linked. */
  importFromStripe: consoleOwnerInTenantProcedure
    .input(importFromStripeInput)
    .mutation(({ ctx, input }) => ctx.services.catalogImport.run(ctx.tenant.id, ctx.auth.userId, input)),
});
