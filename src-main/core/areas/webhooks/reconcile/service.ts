import type { Kysely } from 'kysely';
import type { ReconcilePreview, ReconcileResult } from '@shared/schemas/webhooks';
import type { Clock } from '@core/platform/clock';
import type { Database } from '@core/platform/db/schema';
import { ProviderError } from '@core/integrations/provider-error';
import { PermanentFailure } from '@core/platform/jobs/backoff';
import { enqueueJob } from '@core/platform/jobs/queue';
import type { JobRunner } from '@core/platform/jobs/runner';
import type { Logger } from '@core/platform/logger';
import type { ProviderConfigService } from '../../settings/provider-config';
import type { WebhookProvider } from '../handlers/types';
import { lemonSqueezyChanges, lemonSqueezyOrderEvents, type SubscriptionChange } from './lemonsqueezy';
import { storeReconciled, type MissingEvent } from './ledger-writer';
import { missingStripeEvents, saveStripeCheckpoint, stripeWindowStart } from './stripe';

export const RECONCILE_JOB = 'webhooks.reconcile';
/**
 * A run that cannot reach the provider is retried with the runner's backoff (2 s doubling, capped
 * at an hour): with 20 attempts that is about 13 hours, so a desktop that starts offline catches
 * up within the hour after it reconnects.
 */
const RECONCILE_MAX_ATTEMPTS = 20;

export interface RunOptions {
  /** Lemon Squeezy: only subscriptions updated since then (the polling sync's checkpoint). */
  lemonSqueezyUpdatedSince?: string;
  /** A routine poll: logged only when it found something. */
  quiet?: boolean;
}

interface Found {
  since: string | null;
  events: MissingEvent[];
  changes: SubscriptionChange[];
}

/**
 * Catch-up reconciliation: what the providers have that the ledger missed while the console was
 * asleep or offline (Lemon Squeezy gives up after ~2.6 minutes, Stripe after 3 days). `preview`
 * lists it; `run` stores it in the ledger, marked reconciled, and the usual processing job applies
 * it through the same handlers. Runs on start (a job per provider), and on demand.
 */
export function reconcileService(deps: {
  db: Kysely<Database>;
  clock: Clock;
  jobs: JobRunner;
  providers: ProviderConfigService;
  logger: Logger;
  /** Extra work queued with each stored event, in its transaction (forwarding). */
  alsoQueue?: (trx: Kysely<Database>, ledgerId: string) => Promise<void>;
}) {
  const { db, clock } = deps;

  async function find(provider: WebhookProvider, options: RunOptions = {}): Promise<Found> {
    if (provider === 'stripe') {
      const gateway = await deps.providers.requireStripe();
      const since = await stripeWindowStart(db, clock);
      return { since, events: await missingStripeEvents(db, gateway, since), changes: [] };
    }
    const { gateway, storeId } = await deps.providers.requireLemonSqueezy({ needStore: false });
    const found = await lemonSqueezyChanges(db, gateway, storeId, options.lemonSqueezyUpdatedSince);
    // Polling also reads the orders placed since its checkpoint (one-time purchases).
    const orders = options.lemonSqueezyUpdatedSince ? await lemonSqueezyOrderEvents(db, gateway, storeId, options.lemonSqueezyUpdatedSince) : [];
    // A synthetic event already stored (and so applied) is not news, even if the state still differs.
    const stored = await knownIds('lemonsqueezy', [...found.map((f) => f.event.providerEventId), ...orders.map((o) => o.providerEventId)]);
    const fresh = found.filter((f) => !stored.has(f.event.providerEventId));
    return { since: null, events: [...fresh.map((f) => f.event), ...orders.filter((o) => !stored.has(o.providerEventId))], changes: fresh.map((f) => f.change) };
  }

  async function knownIds(provider: WebhookProvider, ids: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db.selectFrom('webhookEvents').select('providerEventId').where('provider', '=', provider).where('providerEventId', 'in', ids.slice(i, i + 500)).execute();
      for (const row of rows) out.add(row.providerEventId);
    }
    return out;
  }

  const previewOf = (provider: WebhookProvider, found: Found): ReconcilePreview => ({
    provider,
    since: found.since,
    missingEvents: provider === 'stripe' ? found.events.map(({ providerEventId, type, createdAt }) => ({ providerEventId, type, createdAt })) : [],
    subscriptionChanges: found.changes,
  });

  async function run(provider: WebhookProvider, options: RunOptions = {}): Promise<ReconcileResult> {
    const startedAt = clock.nowIso();
    const found = await find(provider, options);
    const result = await storeReconciled(db, clock, provider, found.events, deps.alsoQueue);
    if (provider === 'stripe') await saveStripeCheckpoint(db, startedAt);
    if (result.stored.length > 0) deps.jobs.poke();
    if (!options.quiet || result.stored.length > 0) deps.logger.info('webhooks reconciled', { provider, stored: result.stored.length, alreadyKnown: result.alreadyKnown });
    return { ...previewOf(provider, found), ...result };
  }

  async function configured(provider: WebhookProvider): Promise<boolean> {
    return provider === 'stripe' ? deps.providers.stripeConfigured() : deps.providers.lemonSqueezyConfigured();
  }

  deps.jobs.register(RECONCILE_JOB, async (payload) => {
    const { provider } = payload as { provider: WebhookProvider };
    if (!(await configured(provider))) return;
    try {
      await run(provider);
    } catch (err) {
      // Unreachable or rate-limited: try again later. A refusal (a revoked key) needs the owner.
      if (err instanceof ProviderError && !err.retryable) throw new PermanentFailure(err.message);
      throw err;
    }
  });

  return {
    /** webhooks.reconcile.preview: what a run would store and change; stores nothing. */
    async preview(provider: WebhookProvider): Promise<ReconcilePreview> {
      return previewOf(provider, await find(provider));
    },

    /** webhooks.reconcile.run; also each poll of the live sync (sync/service.ts). */
    run,

    /** Queues a run per configured provider; called when the core starts. */
    async scheduleOnStart(): Promise<void> {
      for (const provider of ['stripe', 'lemonsqueezy'] as const) {
        if (!(await configured(provider))) continue;
        await enqueueJob(db, clock, { kind: RECONCILE_JOB, payload: { provider }, maxAttempts: RECONCILE_MAX_ATTEMPTS });
      }
      deps.jobs.poke();
    },
  };
}
export type ReconcileService = ReturnType<typeof reconcileService>;
