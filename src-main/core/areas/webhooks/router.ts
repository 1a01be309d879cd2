import { listWebhookEventsInput, setSigningSecretsInput, webhookEventInput } from '@shared/schemas/webhooks';
import { consoleOwnerProcedure, router, tenantAdminProcedure } from '../../api/trpc';

// The inbound webhook ledger. Events no tenant could be found for are shown to the console
// owner only: they may belong to any tenant of this console.
const scopeOf = (ctx: { tenant: { id: string }; auth: { isConsoleOwner: boolean } }) => ({
  tenantId: ctx.tenant.id,
  includeUnattributed: ctx.auth.isConsoleOwner,
});

export const webhooksRouter = router({
  /** Newest first; filter by provider, type and status; page with the returned cursor. */
  list: tenantAdminProcedure.input(listWebhookEventsInput.prefault({})).query(({ ctx, input }) => ctx.services.webhooks.list(scopeOf(ctx), input)),

  /** One event: headers, raw body, what it changed and the member it touched. */
  get: tenantAdminProcedure.input(webhookEventInput).query(({ ctx, input }) => ctx.services.webhooks.get(scopeOf(ctx), input.id, { isConsoleOwner: ctx.auth.isConsoleOwner })),

  /** Processes a failed event again from its stored body. */
  retry: tenantAdminProcedure.input(webhookEventInput).mutation(({ ctx, input }) => ctx.services.webhooks.retry(scopeOf(ctx), input.id)),

  /** How many signing secrets each provider has (never the secrets). */
  signingSecrets: tenantAdminProcedure.query(async ({ ctx }) => ({
    stripe: await ctx.services.webhooks.signingSecrets.describe('stripe'),
    lemonsqueezy: await ctx.services.webhooks.signingSecrets.describe('lemonsqueezy'),
  })),

  /** Saves a provider's signing secrets, sealed (newest first during a rotation). */
  setSigningSecrets: consoleOwnerProcedure.input(setSigningSecretsInput).mutation(async ({ ctx, input }) => {
    await ctx.services.webhooks.signingSecrets.set(input.provider, input.secrets);
    return ctx.services.webhooks.signingSecrets.describe(input.provider);
  }),
});
