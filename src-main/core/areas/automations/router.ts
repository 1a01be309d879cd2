import { tenantAdminProcedure, router } from '../../api/trpc';
import { automationIdInput, createAutomationInput, runIdInput, runsInput, setEnabledInput, updateAutomationInput } from './schemas';

/** automations.*: the community's automations, their steps and their runs; ADMINs of the tenant only. */
export const automationsRouter = router({
  list: tenantAdminProcedure.query(({ ctx }) => ctx.services.automations.list(ctx.tenant.id)),
  get: tenantAdminProcedure.input(automationIdInput).query(({ ctx, input }) => ctx.services.automations.get(ctx.tenant.id, input.id)),
  create: tenantAdminProcedure.input(createAutomationInput).mutation(({ ctx, input }) => ctx.services.automations.create(ctx.tenant.id, input)),
  update: tenantAdminProcedure.input(updateAutomationInput).mutation(({ ctx, input }) => ctx.services.automations.update(ctx.tenant.id, input)),
  setEnabled: tenantAdminProcedure.input(setEnabledInput).mutation(({ ctx, input }) => ctx.services.automations.setEnabled(ctx.tenant.id, input)),
  runs: tenantAdminProcedure.input(runsInput).query(({ ctx, input }) => ctx.services.automations.runs(ctx.tenant.id, input)),
  cancelRun: tenantAdminProcedure.input(runIdInput).mutation(({ ctx, input }) => ctx.services.automations.cancelRun(ctx.tenant.id, input)),
});
