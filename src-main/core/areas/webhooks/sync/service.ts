import type { Kysely } from 'kysely';
import {
  PROVIDER_NAMES,
  SYNC_LABELS,
  type BillingSyncSettings,
  type BillingSyncState,
  type LocalChange,
  type ProviderSyncState,
  type SetSyncSettingsInput,
  type SyncMode,
} from '@shared/schemas/billing-sync';
import type { Clock } from '@core/platform/clock';
import type { Database } from '@core/platform/db/schema';
import { DomainError } from '@core/platform/errors';
import { ProviderError } from '@core/integrations/provider-error';
import { enqueueJob } from '@core/platform/jobs/queue';
import type { JobRunner } from '@core/platform/jobs/runner';
import type { Logger } from '@core/platform/logger';
import type { PushHub } from '@core/platform/push/hub';
import type { ProviderConfigService } from '../../settings/provider-config';
import type { WebhookProvider } from '../handlers/types';
import type { ReconcileService } from '../reconcile/service';
import { RECONCILED_HEADERS } from '../reconcile/ledger-writer';
import { localChanges } from './local-changes';
import { syncStore, type StoredSyncState, type SyncErrorKind } from './store';

export const POLL_JOB = 'webhooks.sync.poll';
const PROVIDERS: WebhookProvider[] = ['stripe', 'lemonsqueezy'];
/** A Lemon Squeezy subscription can show up in the list a little after its update time. */
const LS_MARGIN_MS = 60_000;
/** An event the webhooks should have brought by now, had they been working. */
const MISSED_AFTER_MS = 60_000;
/** While unreachable, the provider is tried at least this often (the headless periodic check). */
const OFFLINE_CHECK_MAX_MS = 60_000;
/** After errors, backoff grows to at most this. */
const BACKOFF_MAX_MS = 15 * 60_000;
/** Done poll jobs are kept this long (they are one a tick). */
const KEEP_DONE_MS = 3_600_000;
const RECENT_KEPT = 10;

type PollReason = 'tick' | 'wake' | 'manual';

/** What the owner can do about each kind of failure, in plain words. */
function fixFor(provider: WebhookProvider, kind: SyncErrorKind, status: number | null): string {
  const name = PROVIDER_NAMES[provider];
  if (kind === 'unreachable') return `Check this computer's internet connection; the console tries ${name} again every minute and catches up by itself.`;
  if (kind === 'rate_limited') return `Nothing to do: ${name} asked the console to slow down, and it polls again when ${name} allows.`;
  if (kind === 'refused' && (status === 401 || status === 403)) {
    return `Check the ${name} API key in Settings → Providers (it may have been revoked or lack read access), then press "Sync now".`;
  }
  if (kind === 'refused') return `Check the ${name} settings in Settings → Providers, then press "Sync now".`;
  return `Nothing to do right now: ${name} is having trouble; the console keeps trying with growing pauses. If it lasts, check ${name}'s status page.`;
}

function classify(err: ProviderError): SyncErrorKind {
  if (err.status === undefined) return 'unreachable';
  if (err.status === 429) return 'rate_limited';
  if (err.retryable) return 'provider_error';
  return 'refused';
}

const agoWords = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s ago`;
  const m = Math.round(s / 60);
  return m < 90 ? `${m} min ago` : `${Math.round(m / 60)} h ago`;
};
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Live billing sync (issue 18). While the console is online, each configured provider is polled
 * by a durable, single-flight job — Stripe's event log through the reconciliation path, Lemon
 * Squeezy's subscriptions updated since the checkpoint — and what is found goes through the same
 * ledger and handlers as a webhook, so a delivery and a poll of the same event apply it once.
 *
 * Every instance ticks at the same wall-clock slots and enqueues the slot's job under one dedupe
 * key, so instances sharing a PostgreSQL poll once between them. The job itself decides whether
 * to ask the provider: not while this machine is offline or asleep, not before a backoff (429's
 * Retry-After, errors) is over, and only every `safetyNetSeconds` while signed webhooks arrive.
 */
/** Who asks for the sync state: the console owner sees console-wide figures and raw errors. */
export interface SyncViewer {
  tenantId: string;
  isConsoleOwner: boolean;
}

export function billingSyncService(deps: {
  db: Kysely<Database>;
  clock: Clock;
  jobs: JobRunner;
  push: PushHub;
  logger: Logger;
  providers: ProviderConfigService;
  reconcile: ReconcileService;
  /** Runs a hook in the transaction of every package change, after the catalog queued its sync. */
  onPackageChange?: (hook: (trx: Kysely<Database>) => Promise<void>) => void;
  /** Takes the provider's version of a package (a conflict resolved as "theirs"). */
  adoptPackage?: (input: { tenantId: string; actorUserId: string | null; packageId: string; name: string; description: string | null }) => Promise<void>;
}) {
  const { db, clock, logger } = deps;
  const store = syncStore(db);
  const changes = localChanges({ db, clock });
  /** Why this instance pauses polling: the OS said offline, or the machine sleeps. */
  const paused = new Set<'offline' | 'asleep'>();
  const timers = new Map<WebhookProvider, NodeJS.Timeout>();
  let running = false;
  const lastPushed = new Map<WebhookProvider, string>();
  /** Back from offline or sleep, until the wake-up poll has run (another instance may run it: 2 min at most). */
  const waking = new Map<WebhookProvider, number>();

  const configured = (p: WebhookProvider) => (p === 'stripe' ? deps.providers.stripeConfigured() : deps.providers.lemonSqueezyConfigured());
  const baseIntervalMs = (p: WebhookProvider, s: BillingSyncSettings) => 1000 * (p === 'stripe' ? s.stripeIntervalSeconds : s.lemonSqueezyIntervalSeconds);

  /** The newest signed delivery (not a reconciled or polled copy) within the quiet window. */
  async function lastDeliveryAt(provider: WebhookProvider, settings: BillingSyncSettings): Promise<string | null> {
    const since = new Date(clock.nowMs() - settings.webhookQuietSeconds * 1000).toISOString();
    const rows = await db
      .selectFrom('webhookEvents')
      .select(['receivedAt', 'headers'])
      .where('receivedAt', '>=', since)
      .where('provider', '=', provider)
      .orderBy('receivedAt', 'desc')
      .limit(200)
      .execute();
    const marker = `"x-tenant-console-source":"${RECONCILED_HEADERS['x-tenant-console-source']}"`;
    return rows.find((r) => !r.headers.includes(marker))?.receivedAt ?? null;
  }

  async function webhooksLive(provider: WebhookProvider, settings: BillingSyncSettings, st: StoredSyncState): Promise<boolean> {
    const at = await lastDeliveryAt(provider, settings);
    return at !== null && (st.lastMissAt === null || at > st.lastMissAt);
  }

  async function pendingEvents(provider: WebhookProvider, tenantId: string | null): Promise<number> {
    let q = db
      .selectFrom('webhookEvents')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'received')
      .where('provider', '=', provider);
    if (tenantId !== null) q = q.where('tenantId', '=', tenantId);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * One provider's state as `viewer` may see it: the console owner (or no viewer: the console's own
   * bookkeeping) sees console-wide figures and the provider's own words; a tenant's ADMIN sees their
   * tenant's figures and, for a failure, only that the provider refused (the owner sees why).
   */
  async function providerState(provider: WebhookProvider, settings: BillingSyncSettings, viewer?: SyncViewer): Promise<ProviderSyncState> {
    const name = PROVIDER_NAMES[provider];
    const scope = viewer && !viewer.isConsoleOwner ? viewer.tenantId : null;
    const st = await store.state(provider);
    const now = clock.nowMs();
    const base = baseIntervalMs(provider, settings);
    const out = (mode: SyncMode, detail: string, extra: Partial<ProviderSyncState> = {}): ProviderSyncState => ({
      provider,
      mode,
      label: SYNC_LABELS[mode],
      detail,
      lastSyncAt: st.lastSuccessAt,
      nextPollAt: null,
      catchingUp: 0,
      localChangesWaiting: 0,
      error: null,
      pollEverySeconds: base / 1000,
      recent: st.recent,
      ...extra,
    });
    if (!(await configured(provider))) return out('off', `${name} is not connected; add its key in Settings → Providers.`, { recent: [] });
    const waiting = provider === 'stripe' ? await changes.countWaiting(scope) : 0;
    const waitingWords = waiting > 0 ? `${plural(waiting, 'local change')} waiting` : 'no local changes waiting';
    if (paused.size > 0) {
      const why = paused.has('asleep') ? 'This computer was asleep' : 'This computer is offline';
      return out('offline', `${why}; polling is paused (${waitingWords}).`, {
        localChangesWaiting: waiting,
        error: { message: `${why}.`, fix: `Nothing to do: the console catches up with ${name} as soon as the connection is back.` },
      });
    }
    const nextPollAt = st.backoffUntil && Date.parse(st.backoffUntil) > now ? st.backoffUntil : new Date(Math.ceil((now + 1) / base) * base).toISOString();
    if (st.error?.kind === 'unreachable') {
      return out('offline', `${name} cannot be reached (${waitingWords}).`, {
        localChangesWaiting: waiting,
        nextPollAt,
        error: { message: scope ? `${name} cannot be reached.` : st.error.message, fix: fixFor(provider, 'unreachable', null) },
      });
    }
    if (st.error && scope) {
      return out('failing', `${name} refused the console's request.${st.lastSuccessAt ? ` Last sync ${agoWords(now - Date.parse(st.lastSuccessAt))}.` : ''}`, {
        localChangesWaiting: waiting,
        nextPollAt,
        error: { message: `${name} refused the console's request; the console owner can see why in Settings → Providers.`, fix: 'The console owner can see why in Settings → Providers.' },
      });
    }
    if (st.error) {
      return out('failing', `${st.error.message}${st.lastSuccessAt ? ` Last sync ${agoWords(now - Date.parse(st.lastSuccessAt))}.` : ''}`, {
        localChangesWaiting: waiting,
        nextPollAt,
        error: { message: st.error.message, fix: fixFor(provider, st.error.kind, st.error.status) },
      });
    }
    const pending = await pendingEvents(provider, scope);
    if (pending > 0) return out('catching_up', `Applying ${plural(pending, 'event')} from ${name}.`, { catchingUp: pending, localChangesWaiting: waiting, nextPollAt });
    if (now - (waking.get(provider) ?? -Infinity) < 120_000) return out('catching_up', `Asking ${name} what changed while this computer was away.`, { localChangesWaiting: waiting, nextPollAt: clock.nowIso() });
    // Never synced yet: the first poll is a catch-up with what the provider holds.
    if (!st.lastSuccessAt) return out('catching_up', `First sync with ${name}: asking what changed.`, { localChangesWaiting: waiting, nextPollAt });
    const since = `last sync ${agoWords(now - Date.parse(st.lastSuccessAt))}`;
    if (await webhooksLive(provider, settings, st)) {
      return out('webhooks', `Signed webhooks are arriving; ${name} is also checked every ${Math.round(settings.safetyNetSeconds / 60)} min (${since}).`, {
        pollEverySeconds: settings.safetyNetSeconds,
        localChangesWaiting: waiting,
        nextPollAt: st.lastPollAt ? new Date(Math.max(Date.parse(nextPollAt), Date.parse(st.lastPollAt) + settings.safetyNetSeconds * 1000)).toISOString() : nextPollAt,
      });
    }
    return out('polling', `Polling ${name} every ${base / 1000} s (${since}).`, { localChangesWaiting: waiting, nextPollAt });
  }

  /** Records a change of state in the provider's recent list and tells open windows. */
  async function noteState(provider: WebhookProvider, state: ProviderSyncState): Promise<void> {
    // A new sync time counts too: open windows show "last sync N s ago" from it.
    const key = `${state.mode}|${state.catchingUp}|${state.localChangesWaiting}|${state.error?.message ?? ''}|${state.lastSyncAt ?? ''}`;
    if (state.mode !== 'off') {
      const st = await store.state(provider);
      if (st.recent[0]?.mode !== state.mode) {
        st.recent = [{ mode: state.mode, at: clock.nowIso() }, ...st.recent].slice(0, RECENT_KEPT);
        await store.saveState(provider, st, clock.nowIso());
      }
    }
    const before = lastPushed.get(provider);
    if (before === key) return;
    lastPushed.set(provider, key);
    // The first look here is no change: a window read the same state when it opened.
    if (before !== undefined) await pushToAll();
  }

  /** The sync state is console-wide: every open window hears of it, whichever tenant it shows. */
  async function pushToAll(): Promise<void> {
    if (deps.push.subscriberCount() === 0) return;
    deps.push.changed(null, 'billingSync');
    for (const t of await db.selectFrom('tenants').select('id').execute()) deps.push.changed(t.id, 'billingSync');
  }

  async function refresh(provider: WebhookProvider): Promise<ProviderSyncState> {
    const state = await providerState(provider, await store.settings());
    await noteState(provider, state);
    return state;
  }

  async function enqueuePoll(provider: WebhookProvider, reason: PollReason, dedupeKey: string): Promise<void> {
    await enqueueJob(db, clock, { kind: POLL_JOB, payload: { provider, reason }, dedupeKey, maxAttempts: 1, workKind: 'sync', tenantId: null });
    deps.jobs.poke();
  }

  /** One poll of one provider; what the job runs. */
  async function poll(provider: WebhookProvider, reason: PollReason): Promise<void> {
    if (!(await configured(provider)) || (paused.size > 0 && reason !== 'manual')) {
      if (reason === 'wake') waking.delete(provider);
      return;
    }
    const settings = await store.settings();
    const st = await store.state(provider);
    const now = clock.nowMs();
    if (reason === 'tick') {
      if (st.backoffUntil && now < Date.parse(st.backoffUntil)) return;
      if (st.lastPollAt && now - Date.parse(st.lastPollAt) < settings.safetyNetSeconds * 1000 && (await webhooksLive(provider, settings, st))) {
        await refresh(provider);
        return;
      }
    }
    const startedAt = clock.nowIso();
    const wasDown = st.error?.kind === 'unreachable' || reason === 'wake';
    st.lastPollAt = startedAt;
    try {
      const since = st.checkpoint ? new Date(Date.parse(st.checkpoint) - LS_MARGIN_MS).toISOString() : undefined;
      const result = await deps.reconcile.run(provider, { lemonSqueezyUpdatedSince: since, quiet: true });
      st.error = null;
      st.failures = 0;
      st.backoffUntil = null;
      st.lastSuccessAt = clock.nowIso();
      if (provider === 'lemonsqueezy') st.checkpoint = startedAt;
      const missed = result.missingEvents.some((e) => now - Date.parse(e.createdAt) > MISSED_AFTER_MS) || result.subscriptionChanges.length > 0;
      if (result.stored.length > 0 && missed && (await lastDeliveryAt(provider, settings)) !== null) st.lastMissAt = st.lastSuccessAt;
      await store.saveState(provider, st, clock.nowIso());
      if (result.stored.length > 0) {
        // Recorded before the events are applied, so the window shows them being caught up.
        await noteState(provider, { ...(await providerState(provider, settings)), mode: 'catching_up' });
      }
      if (provider === 'stripe') await releaseLocal(wasDown);
    } catch (err) {
      if (!(err instanceof ProviderError)) {
        // Not configured any more, or our own failure: recorded as failing, tried next tick.
        const message = err instanceof Error ? err.message : String(err);
        st.error = { kind: err instanceof DomainError ? 'refused' : 'provider_error', message, status: null };
        st.failures += 1;
        await store.saveState(provider, st, clock.nowIso());
        logger.warn('billing sync poll failed', { provider, error: message });
      } else {
        const kind = classify(err);
        st.failures += 1;
        const base = baseIntervalMs(provider, settings);
        let delay = Math.min(BACKOFF_MAX_MS, base * 2 ** (st.failures - 1));
        if (kind === 'unreachable') delay = Math.min(delay, OFFLINE_CHECK_MAX_MS);
        if (err.retryAfterMs !== undefined) delay = Math.max(delay, err.retryAfterMs);
        // One tick after the backoff, never within the same slot.
        st.backoffUntil = new Date(now + Math.max(delay - base, 0)).toISOString();
        if (kind === 'rate_limited' && err.retryAfterMs !== undefined) st.backoffUntil = new Date(now + err.retryAfterMs).toISOString();
        st.error = { kind, message: err.message, status: err.status ?? null };
        await store.saveState(provider, st, clock.nowIso());
        if (kind === 'unreachable' && provider === 'stripe') await changes.hold();
        logger.info('billing sync poll failed', { provider, kind, status: err.status, retryInMs: delay });
      }
    }
    if (reason === 'wake') waking.delete(provider);
    await refresh(provider);
    // Done poll jobs are one a tick: keep the last hour's.
    await db
      .deleteFrom('jobs')
      .where('kind', '=', POLL_JOB)
      .where('status', '=', 'done')
      .where('updatedAt', '<', new Date(clock.nowMs() - KEEP_DONE_MS).toISOString())
      .execute();
  }

  /** Held provider writes go out once Stripe answers again; a write Stripe contradicts stays held. */
  async function releaseLocal(afterOutage: boolean): Promise<void> {
    // Writes queued during the outage and not held yet are looked at like the held ones.
    if (afterOutage) await changes.hold();
    const known = await store.conflicts();
    const { released, conflicts } = await changes.release(await deps.providers.stripe(), known);
    if (conflicts.length > 0) {
      await store.saveConflicts([...known, ...conflicts], clock.nowIso());
      logger.info('local changes held: changed at the provider meanwhile', { count: conflicts.length });
    }
    if (released > 0) {
      logger.info('local changes sent', { count: released, afterOutage });
      deps.jobs.poke();
    }
  }

  // A package edit made while Stripe cannot be reached is held in its own transaction: it goes
  // out only after the console has looked at what Stripe holds now.
  deps.onPackageChange?.(async (trx) => {
    if (paused.size > 0 || (await syncStore(trx).state('stripe')).error?.kind === 'unreachable') await localChanges({ db: trx, clock }).hold();
  });

  deps.jobs.register(POLL_JOB, async (payload) => {
    const { provider, reason } = payload as { provider: WebhookProvider; reason: PollReason };
    await poll(provider, reason);
  });

  /** Schedules this instance's next tick for the provider, at the next wall-clock slot. */
  async function schedule(provider: WebhookProvider): Promise<void> {
    if (!running) return;
    const settings = await store.settings().catch(() => null);
    if (!running) return;
    const base = settings ? baseIntervalMs(provider, settings) : 30_000;
    const now = clock.nowMs();
    const slot = Math.floor(now / base) + 1;
    // A little after the boundary, so that every instance's clock is in the same slot.
    const timer = setTimeout(() => void tick(provider, base, slot), slot * base - now + 20);
    timer.unref();
    timers.set(provider, timer);
  }

  async function tick(provider: WebhookProvider, base: number, slot: number): Promise<void> {
    try {
      // While Stripe cannot be reached, edits made meanwhile wait for the look at what it holds.
      if (provider === 'stripe' && (paused.size > 0 || (await store.state('stripe')).error?.kind === 'unreachable')) await changes.hold();
      // Enqueued while paused too: the job decides (and another instance may be online).
      if (await configured(provider)) await enqueuePoll(provider, 'tick', `${POLL_JOB}:${provider}:${base}:${slot}`);
      await refresh(provider);
    } catch (err) {
      logger.warn('billing sync tick failed', { provider, error: String(err) });
    } finally {
      await schedule(provider);
    }
  }

  /** Back from offline or sleep: every provider is asked at once. */
  async function catchUp(): Promise<void> {
    for (const provider of PROVIDERS) {
      if (!(await configured(provider))) continue;
      waking.set(provider, clock.nowMs());
      await enqueuePoll(provider, 'wake', `${POLL_JOB}:${provider}:wake:${clock.nowMs()}`);
    }
  }

  async function afterPauseChange(wasRunning: boolean): Promise<void> {
    const now = paused.size === 0;
    if (!now && wasRunning) await changes.hold();
    if (now && !wasRunning) {
      await catchUp();
    }
    for (const provider of PROVIDERS) await refresh(provider);
  }

  async function state(viewer?: SyncViewer): Promise<BillingSyncState> {
    const settings = await store.settings();
    const providers = await Promise.all(PROVIDERS.map((p) => providerState(p, settings)));
    // What the owner is shown is what the recent list records: a change noticed here counts too.
    for (const p of providers) {
      const before = p.recent[0]?.mode;
      await noteState(p.provider, p);
      if (p.mode !== 'off' && before !== p.mode) p.recent = [{ mode: p.mode, at: clock.nowIso() }, ...p.recent].slice(0, RECENT_KEPT);
    }
    if (viewer && !viewer.isConsoleOwner) {
      // A tenant's ADMIN: the same modes, with their tenant's figures and no provider's own words.
      const scoped = await Promise.all(PROVIDERS.map((p) => providerState(p, settings, viewer)));
      return { online: paused.size === 0, providers: scoped.map((s, i) => ({ ...s, mode: providers[i]!.mode, label: providers[i]!.label, recent: providers[i]!.recent })), settings };
    }
    return { online: paused.size === 0, providers, settings };
  }

  return {
    /** Starts this instance's ticks (createCore's start). */
    start(): void {
      if (running) return;
      running = true;
      for (const provider of PROVIDERS) void schedule(provider);
    },

    stop(): void {
      running = false;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },

    /**
     * The desktop's network state (Electron's `net` and `online`/`offline`): offline pauses
     * polling; back online catches up at once.
     */
    async setOnline(online: boolean): Promise<void> {
      const was = paused.size === 0;
      if (online) paused.delete('offline');
      else paused.add('offline');
      await afterPauseChange(was);
    },

    /** The desktop's power state (powerMonitor `suspend`/`resume`). */
    async setAwake(awake: boolean): Promise<void> {
      const was = paused.size === 0;
      if (awake) paused.delete('asleep');
      else paused.add('asleep');
      await afterPauseChange(was);
    },

    /** webhooks.sync.state, as the viewer may see it (see providerState). */
    state,

    /** webhooks.sync.pollNow: asks the provider now, whatever the backoff (after a fix). */
    async pollNow(provider: WebhookProvider): Promise<ProviderSyncState> {
      if (!(await configured(provider))) {
        throw new DomainError('PRECONDITION_FAILED', `provider: ${PROVIDER_NAMES[provider]} is not connected; add its key in Settings → Providers`, { field: 'provider' });
      }
      await poll(provider, 'manual');
      return providerState(provider, await store.settings());
    },

    /** webhooks.sync.setSettings */
    async setSettings(input: SetSyncSettingsInput): Promise<BillingSyncState> {
      const current = await store.settings();
      const next: BillingSyncSettings = { ...current };
      for (const [k, v] of Object.entries(input) as [keyof BillingSyncSettings, number | undefined][]) if (v !== undefined) next[k] = v;
      await store.saveSettings(next, clock.nowIso());
      // The new intervals take effect now, not at the end of the old slot.
      if (running) {
        for (const [provider, timer] of timers) {
          clearTimeout(timer);
          await schedule(provider);
        }
      }
      return state();
    },

    /** webhooks.sync.localChanges: this tenant's provider writes not sent yet, oldest first. */
    async localChanges(tenantId: string): Promise<LocalChange[]> {
      return changes.list(tenantId, await store.conflicts());
    },

    /** webhooks.sync.resolveConflict: send ours over theirs, or take theirs and drop ours. */
    async resolveConflict(tenantId: string, actorUserId: string | null, input: { id: string; keep: 'mine' | 'theirs' }): Promise<LocalChange[]> {
      const all = await store.conflicts();
      const conflict = all.find((c) => c.jobId === input.id && c.tenantId === tenantId);
      if (!conflict) throw new DomainError('NOT_FOUND', `id: no held change ${input.id} in this tenant`, { field: 'id' });
      if (input.keep === 'mine') {
        await changes.sendNow(conflict.jobId);
      } else {
        await changes.drop(conflict.jobId);
        if (deps.adoptPackage) {
          await deps.adoptPackage({ tenantId, actorUserId, packageId: conflict.packageId, name: conflict.theirs.name, description: conflict.theirs.description });
        }
      }
      await store.saveConflicts(all.filter((c) => c.jobId !== conflict.jobId), clock.nowIso());
      deps.jobs.poke();
      await refresh('stripe');
      return changes.list(tenantId, await store.conflicts());
    },
  };
}
export type BillingSyncService = ReturnType<typeof billingSyncService>;
