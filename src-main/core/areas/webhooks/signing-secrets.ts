import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/schema';
import { invalid } from '../../platform/errors';
import { CONSOLE_SCOPE, settingsRepository } from '../../platform/settings-store';
import type { SecretBox } from '../../platform/secrets';
import type { WebhookProvider } from './handlers/types';

export type SigningSecretConfig = Partial<Record<WebhookProvider, string[]>>;

/** `whsec_new, whsec_old` → both: a comma-separated list lets a rotation accept either secret. */
export function parseSecretList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The signing secrets named by the environment (read once, in the composition root). */
export function signingSecretsFromEnv(env: Record<string, string | undefined>): SigningSecretConfig {
  return {
    stripe: parseSecretList(env.STRIPE_WEBHOOK_SECRET),
    lemonsqueezy: parseSecretList(env.LEMONSQUEEZY_WEBHOOK_SECRET),
  };
}

const settingKey = (provider: WebhookProvider) => `webhooks.${provider}.signing_secrets`;
const CACHE_MS = 5_000;

/**
 * Webhook signing secrets: those from the environment plus those the owner saved in the console
 * (sealed at rest). Cached for a few seconds so that the listener does not read them per request;
 * a console sharing one PostgreSQL picks up another's change within that time.
 */
export function signingSecrets(deps: { db: Kysely<Database>; secrets: SecretBox; clock: Clock; fromConfig: SigningSecretConfig }) {
  const settings = settingsRepository(deps.db);
  const cache = new Map<WebhookProvider, { at: number; value: string[] }>();

  async function stored(provider: WebhookProvider): Promise<string[]> {
    const row = await settings.get(CONSOLE_SCOPE, settingKey(provider));
    if (!row) return [];
    const value: unknown = JSON.parse(deps.secrets.open(row.value));
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  return {
    async list(provider: WebhookProvider): Promise<string[]> {
      const hit = cache.get(provider);
      if (hit && deps.clock.nowMs() - hit.at < CACHE_MS) return hit.value;
      const value = [...new Set([...(deps.fromConfig[provider] ?? []), ...(await stored(provider))])];
      cache.set(provider, { at: deps.clock.nowMs(), value });
      return value;
    },

    /** Replaces the saved secrets (newest first during a rotation); environment ones stay. */
    async set(provider: WebhookProvider, secrets: string[]): Promise<void> {
      const clean = secrets.map((s) => s.trim()).filter((s) => s.length > 0);
      if (clean.some((s) => s.length < 8)) throw invalid('secrets', 'each signing secret must be at least 8 characters');
      await settings.put(CONSOLE_SCOPE, settingKey(provider), deps.secrets.seal(JSON.stringify(clean)), true, deps.clock.nowIso());
      cache.delete(provider);
    },

    /** How many secrets each source holds (the secrets themselves never leave the core). */
    async describe(provider: WebhookProvider) {
      return { fromEnvironment: deps.fromConfig[provider]?.length ?? 0, saved: (await stored(provider)).length };
    },
  };
}
export type SigningSecrets = ReturnType<typeof signingSecrets>;
