import { join } from 'node:path';
import envPaths from 'env-paths';
import type { Clock } from './platform/clock';
import type { GatewayFactories } from './gateways';
import type { Logger } from './platform/logger';
import type { ProviderEnv } from './areas/settings/provider-config';

export interface CoreConfig {
  /** Where the SQLite file, the master key file and backups live. */
  dataDir: string;
  /** postgres:// URL to use PostgreSQL instead of the embedded SQLite file. */
  databaseUrl?: string;
  /** PostgreSQL schema to keep this console's tables in (tests use one per core). */
  postgresSchema?: string;
  /** base64 32-byte key for secrets at rest; defaults to a key file in dataDir. */
  masterKey?: string;
  clock?: Clock;
  logger?: Logger;
  /** Webhook signing secrets per provider; when absent, STRIPE_WEBHOOK_SECRET / LEMONSQUEEZY_WEBHOOK_SECRET (comma-separated). */
  webhookSigningSecrets?: Partial<Record<'stripe' | 'lemonsqueezy', string[]>>;
  /** Payment provider keys and API origins; when absent, STRIPE_SECRET_KEY, STRIPE_API_BASE, LEMONSQUEEZY_API_KEY, LEMONSQUEEZY_API_BASE, LEMONSQUEEZY_STORE_ID. */
  providers?: ProviderEnv;
  /** Factories for the Stripe, Lemon Squeezy, mail and real-time gateways; the SDK-backed ones for any not given. */
  gateways?: Partial<GatewayFactories>;
}

/** TENANT_CONSOLE_DATA_DIR, else the OS's per-user data folder (shared by the desktop app and the CLI). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TENANT_CONSOLE_DATA_DIR || envPaths('tenant-console', { suffix: '' }).data;
}

export function sqlitePathIn(dataDir: string): string {
  return join(dataDir, 'tenant-console.sqlite');
}
