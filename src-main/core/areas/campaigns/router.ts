import {
  audienceCountInput,
  campaignIdInput,
  createCampaignInput,
  createDraftInput,
  memberEmailStatusInput,
  previewInput,
  recipientsInput,
  resendInput,
  restoreVersionInput,
  scheduleCampaignInput,
  sendTestInput,
  setMemberSubscribedInput,
  updateCampaignInput,
} from '@shared/schemas/campaigns';
import { TRPCError } from '@trpc/server';
import type { CampaignDetail } from '@shared/schemas/campaigns';
import { router, tenantAdminProcedure } from '../../api/trpc';
import { DomainError } from '../../platform/errors';
import { mailErrorForTenantAdmin } from './smtp-errors';

interface Viewer {
  auth: { isConsoleOwner: boolean };
}
const viewerOf = (ctx: Viewer) => ({ isConsoleOwner: ctx.auth.isConsoleOwner });

/** The console owner reads the mail server's own words; a tenant ADMIN reads connection failures as a plain sentence. */
async function forViewer(ctx: Viewer, pending: Promise<CampaignDetail>): Promise<CampaignDetail> {
  const d = await pending;
  if (ctx.auth.isConsoleOwner) return d;
  return { ...d, pauseReason: mailErrorForTenantAdmin(d.pauseReason), waitingReason: mailErrorForTenantAdmin(d.waitingReason) };
}

/** campaigns.*: the seed's create and sendTest, and what the editor, the Campaigns page and the member drawer need. */
export const campaignsRouter = router({
  list: tenantAdminProcedure.query(({ ctx }) => ctx.services.campaigns.list(ctx.tenant.id)),
  get: tenantAdminProcedure.input(campaignIdInput).query(({ ctx, input }) => forViewer(ctx, ctx.services.campaigns.get(ctx.tenant.id, input))),
  versions: tenantAdminProcedure.input(campaignIdInput).query(({ ctx, input }) => ctx.services.campaigns.versions(ctx.tenant.id, input)),
  audienceCount: tenantAdminProcedure.input(audienceCountInput).query(({ ctx, input }) => ctx.services.campaigns.audienceCount(ctx.tenant.id, input)),
  preview: tenantAdminProcedure.input(previewInput).query(({ ctx, input }) => ctx.services.campaigns.preview(ctx.tenant.id, input)),
  recipients: tenantAdminProcedure.input(recipientsInput).query(async ({ ctx, input }) => {
    const page = await ctx.services.campaigns.recipients(ctx.tenant.id, input);
    return ctx.auth.isConsoleOwner ? page : { ...page, items: page.items.map((r) => ({ ...r, lastError: mailErrorForTenantAdmin(r.lastError) })) };
  }),
  memberEmailStatus: tenantAdminProcedure.input(memberEmailStatusInput).query(({ ctx, input }) => ctx.services.campaigns.memberEmailStatus(ctx.tenant.id, input)),

  create: tenantAdminProcedure.input(createCampaignInput).mutation(({ ctx, input }) => forViewer(ctx, ctx.services.campaigns.create(ctx.tenant.id, ctx.auth.userId, input))),
  createDraft: tenantAdminProcedure.input(createDraftInput).mutation(({ ctx, input }) => forViewer(ctx, ctx.services.campaigns.createDraft(ctx.tenant.id, ctx.auth.userId, input))),
  update: tenantAdminProcedure.input(updateCampaignInput).mutation(({ ctx, input }) => forViewer(ctx, ctx.services.campaigns.update(ctx.tenant.id, input, viewerOf(ctx)))),
  restoreVersion: tenantAdminProcedure.input(restoreVersionInput).mutation(({ ctx, input }) => forViewer(ctx, ctx.services.campaigns.restoreVersion(ctx.tenant.id, input))),
  duplicate: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => forViewer(ctx, ctx.services.campaigns.duplicate(ctx.tenant.id, ctx.auth.userId, input))),
  schedule: tenantAdminProcedure.input(scheduleCampaignInput).mutation(({ ctx, input }) => forViewer(ctx, ctx.services.campaigns.schedule(ctx.tenant.id, input))),
  unschedule: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => forViewer(ctx, ctx.services.campaigns.unschedule(ctx.tenant.id, input))),
  send: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => forViewer(ctx, ctx.services.campaigns.send(ctx.tenant.id, input))),
  pause: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => forViewer(ctx, ctx.services.campaigns.pause(ctx.tenant.id, input))),
  resume: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => forViewer(ctx, ctx.services.campaigns.resume(ctx.tenant.id, input))),
  cancel: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => forViewer(ctx, ctx.services.campaigns.cancel(ctx.tenant.id, input))),
  delete: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => ctx.services.campaigns.delete(ctx.tenant.id, input)),
  resend: tenantAdminProcedure.input(resendInput).mutation(({ ctx, input }) => ctx.services.campaigns.resend(ctx.tenant.id, input)),
  sendTest: tenantAdminProcedure.input(sendTestInput).mutation(async ({ ctx, input }) => {
    try {
      return await ctx.services.campaigns.sendTest(ctx.tenant.id, input, viewerOf(ctx));
    } catch (err) {
      // Too many test emails: a 429 that names testEmail and says when to try again (data.resetsAt).
      const cause = err instanceof TRPCError ? err.cause : err;
      // (The cause is not the DomainError itself, which the error mapping would turn back into its own code; it keeps the field.)
      if (cause instanceof DomainError && cause.details.tooManyRequests) {
        throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: cause.message, cause: Object.assign(new Error(cause.message), { details: { field: 'testEmail', resetsAt: cause.details.resetsAt } }) });
      }
      throw err;
    }
  }),
  setMemberSubscribed: tenantAdminProcedure.input(setMemberSubscribedInput).mutation(({ ctx, input }) => ctx.services.campaigns.setMemberSubscribed(ctx.tenant.id, input)),
});
