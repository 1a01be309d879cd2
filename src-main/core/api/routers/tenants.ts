import { TRPCError } from '@trpc/server';
import { createTenantInput, switchTenantInput } from '../../../../src-shared/schemas/tenants';
import { authedProcedure, router } from '../trpc';

export const tenantsRouter = router({
  /** Tenants the caller belongs to, with their role and member count. */
  list: authedProcedure.query(({ ctx }) => ctx.services.tenants.listForUser(ctx.auth.userId)),

  create: authedProcedure.input(createTenantInput).mutation(async ({ ctx, input }) => {
    if (!ctx.auth.isConsoleOwner && ctx.auth.role !== 'ADMIN') {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'only the console owner or an ADMIN may create tenants' });
    }
    const tenant = await ctx.services.tenants.create(input, ctx.auth.userId);
    return { id: tenant.id, slug: tenant.slug, name: tenant.name, createdAt: tenant.createdAt };
  }),

  /** A token for another tenant the caller belongs to (browser clients switch tenants this way). */
  switch: authedProcedure.input(switchTenantInput).mutation(({ ctx, input }) =>
    ctx.services.session.tokenForTenant(ctx.auth.userId, input.tenantId),
  ),
});
