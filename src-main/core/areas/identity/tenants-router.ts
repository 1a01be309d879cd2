import { createTenantInput, switchTenantInput } from '@shared/schemas/tenants';
import { consoleOwnerProcedure, router, signedInProcedure } from '../../api/trpc';

export const tenantsRouter = router({
  /** Tenants the caller belongs to, with their role and member count. */
  list: signedInProcedure.query(({ ctx }) => ctx.services.tenants.listForUser(ctx.auth.userId)),

  /** A new tenant, with the console owner as its ADMIN (tenants are console-wide). */
  create: consoleOwnerProcedure.input(createTenantInput).mutation(async ({ ctx, input }) => {
    const tenant = await ctx.services.tenants.create(input, ctx.auth.userId);
    return { id: tenant.id, slug: tenant.slug, name: tenant.name, createdAt: tenant.createdAt };
  }),

  /** A token for another tenant the caller belongs to (browser clients switch tenants this way). */
  switch: signedInProcedure.input(switchTenantInput).mutation(({ ctx, input }) =>
    ctx.services.session.tokenForTenant(ctx.auth.userId, input.tenantId),
  ),
});
