import { z } from 'zod';
import { WEBHOOK_PROVIDERS, type WebhookProviderName } from './webhooks';

// Live billing sync (issue 18): the console polls the payment providers while it is online, and
// prefers their webhooks when those arrive. One state per provider, shown everywhere.

/**
 * - `off`: the provider is not configured.
 * - `webhooks`: signed deliveries are arriving; polling is only a safety net.
 * - `polling`: kept in step by polling (last sync N s ago).
 * - `catching_up`: events found are being applied (N events).
 * - `offline`: the machine or the provider cannot be reached (N local changes waiting).
 * - `failing`: the provider refuses or keeps failing (its message, and what to do).
 */
export const SYNC_MODES = ['off', 'webhooks', 'polling', 'catching_up', 'offline', 'failing'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export interface ProviderSyncState {
  provider: WebhookProviderName;
  mode: SyncMode;
  /** The state in a few plain words ("Live by polling", "Offline"). */
  label: string;
  /** One sentence: what is happening, with the figures ("last sync 12 s ago", "3 events"). */
  detail: string;
  /** When a poll last succeeded. */
  lastSyncAt: string | null;
  /** When the provider is asked next (null: paused or not configured). */
  nextPollAt: string | null;
  /** Events stored and not applied yet (catching up). */
  catchingUp: number;
  /** Provider writes made here and not sent yet (package edits waiting). */
  localChangesWaiting: number;
  /** When failing or offline: the provider's message and what to do about it. */
  error: { message: string; fix: string } | null;
  /** How often the provider is polled now, in seconds (the safety net while webhooks are live). */
  pollEverySeconds: number;
  /** The latest changes of state, newest first. */
  recent: { mode: SyncMode; at: string }[];
}

export interface BillingSyncState {
  /** False while this machine says it is offline or asleep: polling is paused. */
  online: boolean;
  providers: ProviderSyncState[];
  settings: BillingSyncSettings;
}

export interface BillingSyncSettings {
  stripeIntervalSeconds: number;
  lemonSqueezyIntervalSeconds: number;
  /** How often a provider is still polled while its webhooks arrive. */
  safetyNetSeconds: number;
  /** Webhooks count as arriving when one came within this long. */
  webhookQuietSeconds: number;
}

export const DEFAULT_SYNC_SETTINGS: BillingSyncSettings = {
  stripeIntervalSeconds: 30,
  lemonSqueezyIntervalSeconds: 120,
  safetyNetSeconds: 600,
  webhookQuietSeconds: 900,
};

const seconds = (max: number) =>
  z.number('must be a number of seconds').min(1, 'must be at least 1 second').max(max, `must be at most ${max} seconds`);

/** webhooks.sync.setSettings: what is given changes, the rest stays. */
export const setSyncSettingsInput = z
  .strictObject({
    stripeIntervalSeconds: seconds(3600).optional(),
    lemonSqueezyIntervalSeconds: seconds(3600).optional(),
    safetyNetSeconds: seconds(86_400).optional(),
    webhookQuietSeconds: seconds(86_400).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'give at least one setting to change' });
export type SetSyncSettingsInput = z.input<typeof setSyncSettingsInput>;

/** webhooks.sync.pollNow: asks the provider at once (after fixing a key, say). */
export const syncProviderInput = z.strictObject({ provider: z.enum(WEBHOOK_PROVIDERS) });

/** A provider write made here (a package edit to send to Stripe), with where it stands. */
export interface LocalChange {
  /** The outbox job that sends it. */
  id: string;
  kind: 'package_sync' | 'package_archive';
  provider: WebhookProviderName;
  packageId: string;
  packageName: string | null;
  /** waiting: not tried yet; retrying: a try failed, tried again later; conflict: held for the owner; failed: given up. */
  state: 'waiting' | 'retrying' | 'conflict' | 'failed';
  /** Plain words: what it will do. */
  summary: string;
  lastError: string | null;
  createdAt: string;
  /** When held: what the provider holds now, changed there since this edit was made. */
  conflict: { theirs: { name: string; description: string | null; active: boolean }; changedAt: string } | null;
}

export const resolveConflictInput = z.strictObject({
  id: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  keep: z.enum(['mine', 'theirs'], 'must be "mine" or "theirs"'),
});
export type ResolveConflictInput = z.input<typeof resolveConflictInput>;

export const SYNC_LABELS: Record<SyncMode, string> = {
  off: 'Not connected',
  webhooks: 'Live by webhooks',
  polling: 'Live by polling',
  catching_up: 'Catching up',
  offline: 'Offline',
  failing: 'Failing',
};

export const PROVIDER_NAMES: Record<WebhookProviderName, string> = { stripe: 'Stripe', lemonsqueezy: 'Lemon Squeezy' };
