import {
  checkEntitlementInput,
  consumeEntitlementInput,
  memberEntitlementsInput,
  releaseEntitlementInput,
} from '@shared/schemas/entitlements';
import { memberProcedure, router, tenantAdminProcedure } from '../../api/trpc';

// The member-facing procedures act on the caller's own entitlements only: no userId is taken.
export const entitlementsRouter = router({
  /** The caller's package limits in this tenant and their use of each (metered ones this month). */
  get: memberProcedure.query(({ ctx }) => ctx.services.entitlements.get(ctx.tenant.id, ctx.auth.userId)),

  /** Whether `amount` more of a limit fit, without using any. */
  check: memberProcedure
    .input(checkEntitlementInput)
    .query(({ ctx, input }) => ctx.services.entitlements.check(ctx.tenant.id, ctx.auth.userId, input.limit, input.amount)),

  /** Uses `amount` of a limit once per idempotencyKey; over the limit a LIMIT_EXCEEDED error (403). */
  consume: memberProcedure
    .input(consumeEntitlementInput)
    .mutation(({ ctx, input }) => ctx.services.entitlements.consume(ctx.tenant.id, ctx.auth.userId, input)),

  /** Gives back a count-limit use made with idempotencyKey. */
  release: memberProcedure
    .input(releaseEntitlementInput)
    .mutation(({ ctx, input }) => ctx.services.entitlements.release(ctx.tenant.id, ctx.auth.userId, input)),

  /** An ADMIN reading any member of their tenant: the same answer as that member's `get`. */
  ofMember: tenantAdminProcedure
    .input(memberEntitlementsInput)
    .query(({ ctx, input }) => ctx.services.entitlements.get(ctx.tenant.id, input.userId)),
});
