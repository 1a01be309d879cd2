import { setCheckoutSiteInput, setProvidersInput } from '@shared/schemas/billing';
import { setPaymentMethodsInput } from '@shared/schemas/payment-methods';
import { createTokenInput, restoreBackupInput, revokeTokenInput, setDesktopNotificationsInput, setEmailInput, setRealtimeInput, testEmailInput, testProviderInput } from '@shared/schemas/settings';
import { inviteTeammateInput, sessionRefInput, teammateRefInput } from '@shared/schemas/team';
import { teamService } from '../identity/team';
import { consoleOwnerInTenantProcedure, consoleOwnerProcedure, router, tenantAdminProcedure } from '../../api/trpc';

// Settings of the console (payment providers' keys, email, real time, the database: the console
// owner's) and of the current tenant (its checkout site, payment methods, API tokens, export: its
// ADMINs'). Secrets go in; only hints come out.
export const settingsRouter = router({
  /** `{isConsoleOwner, database: {dialect, location}, dataDir, team}`: what the Settings page may show this caller. */
  overview: tenantAdminProcedure.query(({ ctx }) => ctx.services.settings.overview.get({ tenantId: ctx.tenant.id, isConsoleOwner: ctx.auth.isConsoleOwner })),

  providers: router({
    /** `{stripe: {configured, keyHint: 'sk_test_…4242', mode, source, apiBase}, lemonSqueezy: {…, storeId}, checkoutBaseUrl}`. */
    get: tenantAdminProcedure.query(({ ctx }) => ctx.services.providers.get(ctx.tenant.id)),

    /**
     * `{stripeSecretKey?, lemonSqueezyApiKey?, lemonSqueezyStoreId?, checkoutBaseUrl?}`: a value
     * saves (keys sealed), null or "" removes, left out keeps. Provider keys serve every tenant of
     * the console, so this is the console owner's; a tenant ADMIN sets its checkout site below.
     */
    set: consoleOwnerInTenantProcedure.input(setProvidersInput).mutation(({ ctx, input }) => ctx.services.providers.set(ctx.tenant.id, ctx.auth.userId, input)),

    /** `{provider}` → `{ok, message, name?}`: the account's or store's name, or the provider's own error. */
    test: consoleOwnerProcedure.input(testProviderInput).mutation(({ ctx, input }) => ctx.services.settings.providerTest.test(input.provider)),
  }),

  checkout: router({
    /** `{checkoutBaseUrl}`: where this tenant's checkouts return to (null removes). */
    set: tenantAdminProcedure.input(setCheckoutSiteInput).mutation(({ ctx, input }) => ctx.services.providers.set(ctx.tenant.id, ctx.auth.userId, input)),
  }),

  paymentMethods: router({
    /** Cards (always on), ACH and BNPL flags mirrored from Stripe, crypto coins with their addresses. */
    get: tenantAdminProcedure.query(({ ctx }) => ctx.services.paymentMethods.get(ctx.tenant.id)),

    /** A partial change; a bad address is a 400 naming e.g. `crypto.ETH.address`. */
    set: tenantAdminProcedure.input(setPaymentMethodsInput).mutation(({ ctx, input }) => ctx.services.paymentMethods.set(ctx.tenant.id, ctx.auth.userId, input)),
  }),

  email: router({
    /** The SMTP server (password never returned) and From line, each with its source (SMTP_URL / MAIL_FROM win). */
    get: consoleOwnerProcedure.query(({ ctx }) => ctx.services.settings.email.get()),
    /** `{smtpUrl?, host?, port?, user?, password?, security?, fromName?, fromAddress?}`: null or "" removes, left out keeps. */
    set: consoleOwnerProcedure.input(setEmailInput).mutation(({ ctx, input }) => ctx.services.settings.email.set(input)),
    /** `{to}`: sends a test message; `{ok: false, message}` carries the mail server's own words. */
    test: consoleOwnerProcedure.input(testEmailInput).mutation(({ ctx, input }) => ctx.services.settings.email.test(input.to)),
  }),

  /** The desktop app's OS notifications, each switchable (console-wide: the desktop is the owner's). */
  notifications: router({
    get: consoleOwnerProcedure.query(({ ctx }) => ctx.services.desktopNotifications.get()),
    set: consoleOwnerProcedure.input(setDesktopNotificationsInput).mutation(({ ctx, input }) => ctx.services.desktopNotifications.set(input)),
  }),

  realtime: router({
    /** `{configured, source, keyHint: 'appId.keyId:…', endpoint}`. */
    get: consoleOwnerProcedure.query(({ ctx }) => ctx.services.settings.realtime.get()),
    /** `{ablyApiKey}`: saves it sealed; null removes. */
    set: consoleOwnerProcedure.input(setRealtimeInput).mutation(({ ctx, input }) => ctx.services.settings.realtime.set(input)),
    /** Asks Ably with the key in use. */
    test: consoleOwnerProcedure.mutation(({ ctx }) => ctx.services.settings.realtime.test()),
  }),

  tokens: router({
    /** This tenant's API tokens, newest first, with who holds them, expiry and last use. */
    list: tenantAdminProcedure.query(({ ctx }) => ctx.services.settings.tokens.list(ctx.tenant.id)),
    /** `{label, role, expiresInDays}` → `{id, token}`: the token is shown this once. */
    create: tenantAdminProcedure.input(createTokenInput).mutation(({ ctx, input }) => ctx.services.settings.tokens.create(ctx.tenant.id, ctx.auth.userId, input)),
    /** `{id}`: the token stops working at once. */
    revoke: tenantAdminProcedure.input(revokeTokenInput).mutation(({ ctx, input }) => ctx.services.settings.tokens.revoke(ctx.tenant.id, ctx.auth.userId, input.id)),
  }),

  team: router({
    /** `{email, name?}` → `{link | null, emailed, …}`: makes them an ADMIN of this community; the one-time link is emailed when SMTP is set, else returned to pass on. */
    invite: consoleOwnerInTenantProcedure.input(inviteTeammateInput).mutation(({ ctx, input }) => teamService(ctx.services).invite(ctx.tenant.id, ctx.auth.userId, input)),
    /** `{userId}`: a fresh one-time sign-in link for an ADMIN of this community. */
    signInLink: consoleOwnerInTenantProcedure.input(teammateRefInput).mutation(({ ctx, input }) => teamService(ctx.services).signInLink(ctx.tenant.id, input.userId)),
    /** Signed-in browsers (cookie sessions) across the console: who, where, since when, last use. */
    sessions: consoleOwnerProcedure.query(({ ctx }) => ctx.services.session.listBrowserSessions()),
    /** `{id}`: signs that browser out at once, on every instance. */
    revokeSession: consoleOwnerProcedure.input(sessionRefInput).mutation(({ ctx, input }) => ctx.services.session.revokeBrowserSession(input.id)),
  }),

  data: router({
    /** Where the data lives and the backups in the data folder (SQLite). */
    get: consoleOwnerProcedure.query(({ ctx }) => ctx.services.settings.data.overview()),
    /** A checked copy of the database into the backups folder. */
    backup: consoleOwnerProcedure.mutation(({ ctx }) => ctx.services.settings.data.backupNow()),
    /** `{name}`: replaces the database with that backup (checked first; the current one kept aside). */
    restore: consoleOwnerInTenantProcedure.input(restoreBackupInput).mutation(({ ctx, input }) => ctx.services.settings.data.restore(input.name, { tenantId: ctx.tenant.id, userId: ctx.auth.userId })),
    /** Everything of this tenant as one JSON document `{fileName, counts, json}`. */
    export: tenantAdminProcedure.mutation(({ ctx }) => ctx.services.settings.data.exportTenant(ctx.tenant.id)),
  }),
});
