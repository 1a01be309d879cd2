import type { Kysely } from 'kysely';
import { DEFAULT_SYNC_SETTINGS, type BillingSyncSettings, type SyncMode } from '@shared/schemas/billing-sync';
import type { Database } from '@core/platform/db/schema';
import { CONSOLE_SCOPE, settingsRepository } from '@core/platform/settings-store';
import type { WebhookProvider } from '../handlers/types';

// What the live sync keeps between polls, in the console's settings (shared by every instance on
// one PostgreSQL): its settings, and per provider how the last polls went.

const SETTINGS_KEY = 'webhooks.sync.settings';
const stateKey = (provider: WebhookProvider) => `webhooks.sync.state.${provider}`;
const CONFLICTS_KEY = 'webhooks.sync.conflicts';

export type SyncErrorKind = 'unreachable' | 'rate_limited' | 'provider_error' | 'refused';

export interface StoredSyncState {
  /** When the provider was last asked. */
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  /** Polls failed in a row. */
  failures: number;
  /** Not asked again before this (a 429's Retry-After, or backoff after errors). */
  backoffUntil: string | null;
  error: { kind: SyncErrorKind; message: string; status: number | null } | null;
  /** When a poll last found events the webhooks had not delivered (so they are not working). */
  lastMissAt: string | null;
  /** Lemon Squeezy: subscriptions updated since then are read at the next poll. */
  checkpoint: string | null;
  recent: { mode: SyncMode; at: string }[];
}

export const EMPTY_STATE: Readonly<StoredSyncState> = {
  lastPollAt: null,
  lastSuccessAt: null,
  failures: 0,
  backoffUntil: null,
  error: null,
  lastMissAt: null,
  checkpoint: null,
  recent: [],
};

/** A provider write held because the provider changed the same thing meanwhile. */
export interface HeldConflict {
  jobId: string;
  tenantId: string;
  packageId: string;
  theirs: { name: string; description: string | null; active: boolean };
  changedAt: string;
}

/** The stored value over a fresh copy of the defaults (callers change what they get). */
function parse<T>(value: string | undefined, fallback: T): T {
  const fresh = structuredClone(fallback);
  if (!value) return fresh;
  try {
    return { ...fresh, ...(JSON.parse(value) as T) };
  } catch {
    return fresh;
  }
}

export function syncStore(db: Kysely<Database>) {
  const repo = settingsRepository(db);
  return {
    async settings(): Promise<BillingSyncSettings> {
      return parse((await repo.get(CONSOLE_SCOPE, SETTINGS_KEY))?.value, DEFAULT_SYNC_SETTINGS);
    },
    async saveSettings(value: BillingSyncSettings, at: string): Promise<void> {
      await repo.put(CONSOLE_SCOPE, SETTINGS_KEY, JSON.stringify(value), false, at);
    },
    async state(provider: WebhookProvider): Promise<StoredSyncState> {
      return parse((await repo.get(CONSOLE_SCOPE, stateKey(provider)))?.value, EMPTY_STATE);
    },
    async saveState(provider: WebhookProvider, value: StoredSyncState, at: string): Promise<void> {
      await repo.put(CONSOLE_SCOPE, stateKey(provider), JSON.stringify(value), false, at);
    },
    async conflicts(): Promise<HeldConflict[]> {
      const row = await repo.get(CONSOLE_SCOPE, CONFLICTS_KEY);
      if (!row) return [];
      try {
        return JSON.parse(row.value) as HeldConflict[];
      } catch {
        return [];
      }
    },
    async saveConflicts(value: HeldConflict[], at: string): Promise<void> {
      await repo.put(CONSOLE_SCOPE, CONFLICTS_KEY, JSON.stringify(value), false, at);
    },
  };
}
