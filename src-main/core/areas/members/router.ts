import { countMembersInput, getMemberInput, listMembersInput } from '@shared/schemas/members';
import { tenantAdminProcedure, router } from '../../api/trpc';

/** members.* procedures that read: the list (filters, segment, sort, cursor) and one member's detail. */
export const membersRouter = router({
  // In the console's window (desktop, web), a newer search of the same person in the same tenant
  // replaces this one's reads still waiting (a keystroke's search); scripts may search in parallel.
  // `signal` ends them when an HTTP client goes away.
  list: tenantAdminProcedure
    .input(listMembersInput.prefault({}))
    .query(({ ctx, input, signal }) => ctx.services.members.list(ctx.tenant.id, input, { signal, caller: laneOf(ctx) })),
  /** The exact count of a filter: the figure an estimated total stands for. */
  count: tenantAdminProcedure
    .input(countMembersInput.prefault({}))
    .query(async ({ ctx, input, signal }) => ({ total: await ctx.services.members.countMatching(ctx.tenant.id, input, { signal, caller: laneOf(ctx) }) })),
  get: tenantAdminProcedure.input(getMemberInput).query(({ ctx, input }) => ctx.services.members.get(ctx.tenant.id, input)),
});

/** Whose typing a search belongs to: the person, in a console window; none for scripts and apps. */
function laneOf(ctx: { auth: { userId: string }; clientType: string }): string | undefined {
  return ctx.clientType === 'desktop' || ctx.clientType === 'web' ? ctx.auth.userId : undefined;
}
