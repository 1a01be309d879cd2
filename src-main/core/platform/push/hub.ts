import type { PushMessage, PushTopic } from '@shared/push';
import type { Clock } from '../clock';

export type { PushMessage, PushTopic } from '@shared/push';

/** Who a stream is for: their current tenant, and whether console-wide changes concern them. */
export interface PushAudience {
  tenantId: string | null;
  isConsoleOwner: boolean;
}

type Deliver = (message: PushMessage) => void;

/** How often at most the queue's "jobs" message goes to one tenant (work finishing in a burst). */
const JOBS_EVERY_MS = 1_000;
/** A burst of changes (a webhook storm) reaches a window as one message per topic and record. */
const COALESCE_MS = 50;

/**
 * In-process push to open windows: services tell the hub what changed after their transaction
 * committed; each open stream gets the messages of its own tenant, and console-wide ones (tenantId
 * null: an unattributed webhook, the whole queue) only when it is the console owner's. Nothing is
 * stored: a window that was closed reads everything afresh when it opens.
 */
export function createPushHub(deps: { clock: Clock; jobsEveryMs?: number; coalesceMs?: number }) {
  /** Other processes on the same PostgreSQL (platform/push/relay.ts); none on SQLite. */
  let relay: { publish(change: { tenantId: string | null; message: PushMessage }): void } | null = null;
  const subscribers = new Set<{ audience: PushAudience; deliver: Deliver; end?: () => void }>();
  const jobsTimers = new Map<string, NodeJS.Timeout>();
  const jobsEveryMs = deps.jobsEveryMs ?? JOBS_EVERY_MS;
  const coalesceMs = deps.coalesceMs ?? COALESCE_MS;

  function send(tenantId: string | null, message: PushMessage) {
    for (const { audience, deliver } of subscribers) {
      const concerns = tenantId === null ? audience.isConsoleOwner : audience.tenantId === tenantId;
      if (concerns) deliver(message);
    }
  }

  /** The queue changed with this work: its panel hears of it at most once a second. */
  function queueTouched(tenantId: string | null) {
    for (const scope of tenantId === null ? [null] : [tenantId, null]) {
      const key = scope ?? '';
      if (jobsTimers.has(key)) continue;
      const timer = setTimeout(() => {
        jobsTimers.delete(key);
        send(scope, { topic: 'jobs', at: deps.clock.nowIso() });
      }, jobsEveryMs);
      timer.unref();
      jobsTimers.set(key, timer);
    }
  }

  function subscribe(audience: PushAudience, deliver: Deliver, end?: () => void): () => void {
    const entry = { audience, deliver, end };
    subscribers.add(entry);
    return () => void subscribers.delete(entry);
  }

  return {
    /**
     * Something changed for a tenant (null: console-wide). Call it after the change committed:
     * a window that reads on this message must find the change.
     */
    changed(tenantId: string | null, topic: Exclude<PushTopic, 'jobs'>, id?: string): void {
      const message: PushMessage = { topic, ...(id ? { id } : {}), at: deps.clock.nowIso() };
      relay?.publish({ tenantId, message });
      if (subscribers.size === 0) return;
      send(tenantId, message);
      queueTouched(tenantId);
    },

    /** A change another process relayed: for this process's windows only. */
    relayed(tenantId: string | null, message: PushMessage): void {
      if (subscribers.size === 0) return;
      send(tenantId, message);
      if (message.topic !== 'jobs') queueTouched(tenantId);
    },

    /** Sends every change to the other processes too (PostgreSQL LISTEN/NOTIFY). */
    relayTo(next: typeof relay): void {
      relay = next;
    },

    /** Whether anyone may hear a change: a window here, or other processes through the relay. */
    wanted: () => subscribers.size > 0 || relay !== null,

    subscribe: (audience: PushAudience, deliver: Deliver) => subscribe(audience, deliver),

    /**
     * The messages for one audience as an async iterable (a tRPC subscription), until `signal`
     * aborts. Messages of a burst are merged: one per topic and record.
     */
    async *stream(audience: PushAudience, signal?: AbortSignal): AsyncGenerator<PushMessage> {
      const pending = new Map<string, PushMessage>();
      let wake: (() => void) | null = null;
      let ended = false;
      const stop = subscribe(
        audience,
        (message) => {
          pending.set(`${message.topic}:${message.id ?? ''}`, message);
          wake?.();
        },
        () => {
          ended = true;
          wake?.();
        },
      );
      const onAbort = () => wake?.();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        while (!signal?.aborted && !ended) {
          if (pending.size === 0) await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          if (coalesceMs > 0 && !signal?.aborted) await new Promise((resolve) => setTimeout(resolve, coalesceMs).unref());
          const batch = [...pending.values()];
          pending.clear();
          for (const message of batch) {
            if (signal?.aborted || ended) return;
            yield message;
          }
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
        stop();
      }
    },

    /** Open streams (the desktop window, browser tabs). */
    subscriberCount: () => subscribers.size,

    close(): void {
      for (const timer of jobsTimers.values()) clearTimeout(timer);
      jobsTimers.clear();
      // Open streams end (the core is closing); their windows see the connection go.
      for (const s of [...subscribers]) s.end?.();
      subscribers.clear();
    },
  };
}
export type PushHub = ReturnType<typeof createPushHub>;
