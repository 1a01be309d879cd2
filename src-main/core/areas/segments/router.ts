import { createSegmentInput, segmentIdInput, updateSegmentInput } from '@shared/schemas/segments';
import { tenantAdminProcedure, router } from '../../api/trpc';

/** Saved member segments: a member filter under a name, used by members.list ({segmentId}) and campaigns. */
export const segmentsRouter = router({
  list: tenantAdminProcedure.query(({ ctx }) => ctx.services.segments.list(ctx.tenant.id)),
  create: tenantAdminProcedure.input(createSegmentInput).mutation(({ ctx, input }) => ctx.services.segments.create(ctx.tenant.id, input)),
  update: tenantAdminProcedure.input(updateSegmentInput).mutation(({ ctx, input }) => ctx.services.segments.update(ctx.tenant.id, input)),
  delete: tenantAdminProcedure.input(segmentIdInput).mutation(({ ctx, input }) => ctx.services.segments.delete(ctx.tenant.id, input)),
  count: tenantAdminProcedure.input(segmentIdInput).query(({ ctx, input }) => ctx.services.segments.count(ctx.tenant.id, input)),
});
