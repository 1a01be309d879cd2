import type { Kysely } from 'kysely';
import type { ProvidersView, SetProvidersInput, SettingSource } from '@shared/schemas/billing';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors';
import { sdkGateways, type GatewayFactories } from '../../gateways';
import type { LemonSqueezyGateway } from '../../integrations/lemonsqueezy';
import type { StripeGateway } from '../../integrations/stripe';
import { auditRepository } from '../../platform/audit';
import { CONSOLE_SCOPE, settingsRepository } from '../../platform/settings-store';
import type { SecretBox } from '../../platform/secrets';

/**
 * What the environment (or the core's config, in tests) says about the payment providers. Read
 * once in the composition root; a value here wins over the console's own setting.
 */
export interface ProviderEnv {
  stripeSecretKey?: string;
  /** Origin of Stripe's API (a local fake, a proxy); Stripe's own by default. */
  stripeApiBase?: string;
  lemonSqueezyApiKey?: string;
  lemonSqueezyApiBase?: string;
  lemonSqueezyStoreId?: string;
  /** Per request; the gateways' defaults otherwise. */
  timeoutMs?: number;
  /** Stripe SDK's own retries of a network error within one call. */
  stripeMaxNetworkRetries?: number;
}

export function providerEnvFrom(env: Record<string, string | undefined>): ProviderEnv {
  const value = (name: string) => env[name]?.trim() || undefined;
  return {
    stripeSecretKey: value('STRIPE_SECRET_KEY'),
    stripeApiBase: value('STRIPE_API_BASE'),
    lemonSqueezyApiKey: value('LEMONSQUEEZY_API_KEY'),
    lemonSqueezyApiBase: value('LEMONSQUEEZY_API_BASE'),
    lemonSqueezyStoreId: value('LEMONSQUEEZY_STORE_ID'),
  };
}

const KEYS = {
  stripeSecretKey: 'providers.stripe.secret_key',
  lemonSqueezyApiKey: 'providers.lemonsqueezy.api_key',
  lemonSqueezyStoreId: 'providers.lemonsqueezy.store_id',
  /** Per tenant. */
  checkoutBaseUrl: 'checkout.base_url',
} as const;

const STRIPE_DEFAULT_BASE = 'https://api.stripe.com';
const LEMONSQUEEZY_DEFAULT_BASE = 'https://api.lemonsqueezy.com';

interface Resolved {
  value: string;
  source: SettingSource;
}

/** Runs inside the transaction that changed the effective Stripe key (null: removed). */
export type StripeKeyChangeHook = (trx: Kysely<Database>, change: { configured: boolean }) => Promise<void>;

const ENV_NAME = { stripeSecretKey: 'STRIPE_SECRET_KEY', lemonSqueezyApiKey: 'LEMONSQUEEZY_API_KEY', lemonSqueezyStoreId: 'LEMONSQUEEZY_STORE_ID' } as const;

export const notConfigured = (field: 'stripeSecretKey' | 'lemonSqueezyApiKey' | 'lemonSqueezyStoreId', what: string) =>
  new DomainError('PRECONDITION_FAILED', `${field}: ${what} is not configured; add it in Settings → Providers (or set ${ENV_NAME[field]} where the console runs)`, { field });

/** `sk_test_…4242`: enough to recognise a key, never enough to use it. */
export function keyHint(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}…${key.slice(-4)}`;
}

/**
 * Provider keys and where the APIs are: the Stripe key from STRIPE_SECRET_KEY or the console's
 * sealed setting, the Lemon Squeezy key and store likewise; gateways are built on demand from
 * whatever is current, so a key set in the console takes effect without a restart.
 */
export function providerConfigService(deps: {
  db: Kysely<Database>;
  secrets: SecretBox;
  clock: Clock;
  env: ProviderEnv;
  gateways?: Pick<GatewayFactories, 'stripe' | 'lemonSqueezy'>;
}) {
  const { env } = deps;
  const gateways = deps.gateways ?? sdkGateways;
  const stripeKeyHooks: StripeKeyChangeHook[] = [];
  let stripeCache: { key: string; gateway: StripeGateway } | undefined;
  let lsCache: { key: string; gateway: LemonSqueezyGateway } | undefined;

  async function setting(db: Kysely<Database>, scope: string, key: string): Promise<string | null> {
    const row = await settingsRepository(db).get(scope, key);
    if (!row) return null;
    return row.isSecret ? deps.secrets.open(row.value) : row.value;
  }

  async function resolve(db: Kysely<Database>, fromEnv: string | undefined, key: string): Promise<Resolved | null> {
    if (fromEnv) return { value: fromEnv, source: 'environment' };
    const stored = await setting(db, CONSOLE_SCOPE, key);
    return stored ? { value: stored, source: 'settings' } : null;
  }

  const stripeKey = (db: Kysely<Database> = deps.db) => resolve(db, env.stripeSecretKey, KEYS.stripeSecretKey);
  const lsKey = (db: Kysely<Database> = deps.db) => resolve(db, env.lemonSqueezyApiKey, KEYS.lemonSqueezyApiKey);
  const lsStore = (db: Kysely<Database> = deps.db) => resolve(db, env.lemonSqueezyStoreId, KEYS.lemonSqueezyStoreId);

  function stripeGatewayFor(key: string): StripeGateway {
    if (stripeCache?.key !== key) {
      stripeCache = {
        key,
        gateway: gateways.stripe({
          apiKey: key,
          apiBase: env.stripeApiBase,
          timeoutMs: env.timeoutMs,
          maxNetworkRetries: env.stripeMaxNetworkRetries,
          clock: deps.clock,
        }),
      };
    }
    return stripeCache.gateway;
  }

  function lsGatewayFor(key: string): LemonSqueezyGateway {
    if (lsCache?.key !== key) lsCache = { key, gateway: gateways.lemonSqueezy({ apiKey: key, apiBase: env.lemonSqueezyApiBase, timeoutMs: env.timeoutMs }) };
    return lsCache.gateway;
  }

  async function putOrClear(trx: Kysely<Database>, scope: string, key: string, value: string | null | undefined, secret: boolean, at: string) {
    if (value === undefined) return;
    if (value === null) {
      await trx.deleteFrom('settings').where('scope', '=', scope).where('key', '=', key).execute();
      return;
    }
    await settingsRepository(trx).put(scope, key, secret ? deps.secrets.seal(value) : value, secret, at);
  }

  async function view(tenantId: string): Promise<ProvidersView> {
    const [sk, lk, store, base] = await Promise.all([stripeKey(), lsKey(), lsStore(), setting(deps.db, tenantId, KEYS.checkoutBaseUrl)]);
    return {
      stripe: {
        configured: !!sk,
        keyHint: sk ? keyHint(sk.value) : null,
        mode: sk ? (/_live_/.test(sk.value) ? 'live' : 'test') : null,
        source: sk?.source ?? null,
        apiBase: env.stripeApiBase ?? STRIPE_DEFAULT_BASE,
      },
      lemonSqueezy: {
        configured: !!lk,
        keyHint: lk ? keyHint(lk.value) : null,
        source: lk?.source ?? null,
        apiBase: env.lemonSqueezyApiBase ?? LEMONSQUEEZY_DEFAULT_BASE,
        storeId: store?.value ?? null,
        storeIdSource: store?.source ?? null,
      },
      checkoutBaseUrl: base,
    };
  }

  return {
    /** Lets catalog sync queue work when the effective Stripe key changes, in the same transaction. */
    onStripeKeyChange(hook: StripeKeyChangeHook): void {
      stripeKeyHooks.push(hook);
    },

    /** Whether a Stripe key is set; `db` may be a transaction. */
    async stripeConfigured(db: Kysely<Database> = deps.db): Promise<boolean> {
      return !!(await stripeKey(db));
    },

    /** The Stripe gateway for the current key, or null when none is set. */
    async stripe(): Promise<StripeGateway | null> {
      const key = await stripeKey();
      return key ? stripeGatewayFor(key.value) : null;
    },

    /** The Stripe gateway, or PRECONDITION_FAILED naming the setting to fill in. */
    async requireStripe(): Promise<StripeGateway> {
      const key = await stripeKey();
      if (!key) throw notConfigured('stripeSecretKey', 'Stripe');
      return stripeGatewayFor(key.value);
    },

    async lemonSqueezyConfigured(): Promise<boolean> {
      return !!(await lsKey());
    },

    /** The Lemon Squeezy gateway and store, or PRECONDITION_FAILED naming what is missing. */
    async requireLemonSqueezy(options: { needStore: boolean }): Promise<{ gateway: LemonSqueezyGateway; storeId: string | null }> {
      const key = await lsKey();
      if (!key) throw notConfigured('lemonSqueezyApiKey', 'Lemon Squeezy');
      const store = await lsStore();
      if (options.needStore && !store) throw notConfigured('lemonSqueezyStoreId', 'the Lemon Squeezy store');
      return { gateway: lsGatewayFor(key.value), storeId: store?.value ?? null };
    },

    /** This tenant's site, for default checkout redirect URLs. */
    checkoutBaseUrl: (tenantId: string) => setting(deps.db, tenantId, KEYS.checkoutBaseUrl),

    get: view,

    /** settings.providers.set: saves what is given (secrets sealed), `null` removes. */
    async set(tenantId: string, actorUserId: string | null, input: SetProvidersInput): Promise<ProvidersView> {
      const at = deps.clock.nowIso();
      await deps.db.transaction().execute(async (trx) => {
        const before = await stripeKey(trx);
        await putOrClear(trx, CONSOLE_SCOPE, KEYS.stripeSecretKey, input.stripeSecretKey, true, at);
        await putOrClear(trx, CONSOLE_SCOPE, KEYS.lemonSqueezyApiKey, input.lemonSqueezyApiKey, true, at);
        await putOrClear(trx, CONSOLE_SCOPE, KEYS.lemonSqueezyStoreId, input.lemonSqueezyStoreId, false, at);
        await putOrClear(trx, tenantId, KEYS.checkoutBaseUrl, input.checkoutBaseUrl, false, at);
        const after = await stripeKey(trx);
        if (before?.value !== after?.value) for (const hook of stripeKeyHooks) await hook(trx, { configured: !!after });
        // The audit trail says what changed, never the values of secrets.
        const changed = Object.entries(input).filter(([, v]) => v !== undefined).map(([k, v]) => (v === null ? `${k} removed` : `${k} set`));
        if (changed.length > 0) {
          await auditRepository(trx).record({ tenantId, actorUserId, action: 'settings.providers_changed', targetType: 'settings', targetId: 'providers', after: changed, at });
        }
      });
      return view(tenantId);
    },
  };
}
export type ProviderConfigService = ReturnType<typeof providerConfigService>;
