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
import { router, tenantAdminProcedure } from '../../api/trpc';

/** campaigns.*: the seed's create and sendTest, and what the editor, the Campaigns page and the member drawer need. */
export const campaignsRouter = router({
  list: tenantAdminProcedure.query(({ ctx }) => ctx.services.campaigns.list(ctx.tenant.id)),
  get: tenantAdminProcedure.input(campaignIdInput).query(({ ctx, input }) => ctx.services.campaigns.get(ctx.tenant.id, input)),
  versions: tenantAdminProcedure.input(campaignIdInput).query(({ ctx, input }) => ctx.services.campaigns.versions(ctx.tenant.id, input)),
  audienceCount: tenantAdminProcedure.input(audienceCountInput).query(({ ctx, input }) => ctx.services.campaigns.audienceCount(ctx.tenant.id, input)),
  preview: tenantAdminProcedure.input(previewInput).query(({ ctx, input }) => ctx.services.campaigns.preview(ctx.tenant.id, input)),
  recipients: tenantAdminProcedure.input(recipientsInput).query(({ ctx, input }) => ctx.services.campaigns.recipients(ctx.tenant.id, input)),
  memberEmailStatus: tenantAdminProcedure.input(memberEmailStatusInput).query(({ ctx, input }) => ctx.services.campaigns.memberEmailStatus(ctx.tenant.id, input)),

  create: tenantAdminProcedure.input(createCampaignInput).mutation(({ ctx, input }) => ctx.services.campaigns.create(ctx.tenant.id, ctx.auth.userId, input)),
  createDraft: tenantAdminProcedure.input(createDraftInput).mutation(({ ctx, input }) => ctx.services.campaigns.createDraft(ctx.tenant.id, ctx.auth.userId, input)),
  update: tenantAdminProcedure.input(updateCampaignInput).mutation(({ ctx, input }) => ctx.services.campaigns.update(ctx.tenant.id, input)),
  restoreVersion: tenantAdminProcedure.input(restoreVersionInput).mutation(({ ctx, input }) => ctx.services.campaigns.restoreVersion(ctx.tenant.id, input)),
  duplicate: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => ctx.services.campaigns.duplicate(ctx.tenant.id, ctx.auth.userId, input)),
  schedule: tenantAdminProcedure.input(scheduleCampaignInput).mutation(({ ctx, input }) => ctx.services.campaigns.schedule(ctx.tenant.id, input)),
  unschedule: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => ctx.services.campaigns.unschedule(ctx.tenant.id, input)),
  send: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => ctx.services.campaigns.send(ctx.tenant.id, input)),
  pause: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => ctx.services.campaigns.pause(ctx.tenant.id, input)),
  resume: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => ctx.services.campaigns.resume(ctx.tenant.id, input)),
  cancel: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => ctx.services.campaigns.cancel(ctx.tenant.id, input)),
  delete: tenantAdminProcedure.input(campaignIdInput).mutation(({ ctx, input }) => ctx.services.campaigns.delete(ctx.tenant.id, input)),
  resend: tenantAdminProcedure.input(resendInput).mutation(({ ctx, input }) => ctx.services.campaigns.resend(ctx.tenant.id, input)),
  sendTest: tenantAdminProcedure.input(sendTestInput).mutation(({ ctx, input }) => ctx.services.campaigns.sendTest(ctx.tenant.id, input)),
  setMemberSubscribed: tenantAdminProcedure.input(setMemberSubscribedInput).mutation(({ ctx, input }) => ctx.services.campaigns.setMemberSubscribed(ctx.tenant.id, input)),
});
