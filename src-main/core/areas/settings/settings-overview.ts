import type { Kysely } from 'kysely';
import type { ConnectionTestResult } from '@shared/schemas/settings';
import type { Database } from '../../platform/db/schema';
import { ProviderError } from '../../integrations/provider-error';
import type { ProviderConfigService } from './provider-config';

/** What each kind of person may do, in the trust model's words (src-main/core/api/trpc.ts). */
export const CAPABILITIES = {
  consoleOwner: [
    'Everything a community admin can do, in every community of this console',
    'Set the Stripe and Lemon Squeezy keys and webhook signing secrets',
    'Set email (SMTP), real-time (Ably) and forwarding',
    'Create communities, back up and restore the database, catch up on missed provider events',
    'Erase a person from every community',
  ],
  tenantAdmin: [
    'Manage members, packages, segments, campaigns and outgoing webhooks of their own community',
    'Set their community\'s payment methods and checkout site',
    'Create and revoke API tokens for their community, export its data',
    'Cannot see or change other communities or the console-wide keys',
  ],
} as const;

/**
 * settings.overview: who is asking and what the page may show them, where the data lives, and the
 * team (the console owner, and the ADMINs of the communities the caller may see).
 */
export function settingsOverviewService(deps: { db: Kysely<Database>; dialect: string; location: string; dataDir: string; ownerId: () => Promise<string> }) {
  return {
    async get(caller: { tenantId: string; isConsoleOwner: boolean }) {
      const ownerId = await deps.ownerId();
      const owner = await deps.db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', ownerId).executeTakeFirst();
      let admins = deps.db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.userId')
        .innerJoin('tenants as t', 't.id', 'm.tenantId')
        .select(['t.id as tenantId', 't.name as tenantName', 'u.id as userId', 'u.name', 'u.email'])
        .where('m.role', '=', 'ADMIN')
        .where('m.status', '=', 'active')
        .where('u.id', '!=', ownerId);
      // A tenant ADMIN sees their own community's team only: a tenant never reaches another.
      if (!caller.isConsoleOwner) admins = admins.where('m.tenantId', '=', caller.tenantId);
      const rows = await admins.orderBy('t.name').orderBy('u.name').limit(500).execute();
      return {
        isConsoleOwner: caller.isConsoleOwner,
        database: { dialect: deps.dialect, location: caller.isConsoleOwner ? deps.location : null },
        dataDir: caller.isConsoleOwner ? deps.dataDir : null,
        team: {
          owner: owner ? { name: owner.name, email: owner.email } : null,
          admins: rows.map((r) => ({ tenantId: r.tenantId, tenantName: r.tenantName, name: r.name, email: r.email })),
          capabilities: CAPABILITIES,
        },
      };
    },
  };
}

/** Settings → Providers → Test connection: asks the provider with the key in use, through the gateways. */
export function providerConnectionTest(deps: { providers: ProviderConfigService }) {
  const refused = (err: unknown): ConnectionTestResult => {
    if (err instanceof ProviderError) return { ok: false, message: err.message };
    throw err;
  };
  return {
    async test(provider: 'stripe' | 'lemonsqueezy'): Promise<ConnectionTestResult> {
      if (provider === 'stripe') {
        const stripe = await deps.providers.requireStripe();
        try {
          const account = await stripe.retrieveAccount();
          const name = account.name ?? account.email ?? account.id;
          return { ok: true, name, message: `Connected to ${name} (${account.id})` };
        } catch (err) {
          return refused(err);
        }
      }
      const { gateway, storeId } = await deps.providers.requireLemonSqueezy({ needStore: true });
      try {
        const store = await gateway.getStore(storeId!);
        return { ok: true, name: store.name, message: `Connected to the store ${store.name} (#${store.id})` };
      } catch (err) {
        return refused(err);
      }
    },
  };
}
