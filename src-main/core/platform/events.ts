import type { Kysely } from 'kysely';
import type { DomainEvent, DomainEventData, DomainEventType } from '@shared/events';
import type { Clock } from './clock';
import type { Database } from './db/schema';
import { newId } from './ids';
import { PermanentFailure } from './jobs/backoff';
import { enqueueJob } from './jobs/queue';
import type { JobRunner } from './jobs/runner';
import type { WorkKind } from './jobs/work-kinds';

export type { DomainEvent, DomainEventData, DomainEventType } from '@shared/events';

export type EventListener<T extends DomainEventType = DomainEventType> = (event: DomainEvent<T>) => Promise<void>;

export interface SubscribeOptions {
  /**
   * Names the listener in its jobs (dedupe key: event id + listener). Must stay the same across
   * restarts while jobs for it are queued; by default the order of subscription gives it one.
   */
  name?: string;
  /** The kind of work its jobs count against ('events' by default; e.g. 'deliveries' for a network call). */
  workKind?: WorkKind;
  maxAttempts?: number;
}

interface Subscription extends SubscribeOptions {
  id: string;
  listener: EventListener;
}

/** One listener's share of one event. */
interface ListenerJob {
  listener: string;
  event: DomainEvent;
}

export const LISTENER_JOB = 'domain-event.listener';
/** Jobs queued before listeners had their own (one per event): run every listener in one, as then. */
const LEGACY_DISPATCH_JOB = 'domain-event.dispatch';

/**
 * Domain events that survive a crash: `publish` writes one job per listener into the outbox inside
 * the caller's transaction, so they exist exactly when the change they describe was committed.
 * Each listener runs as its own job (dedupe key: event id + listener), so a failing listener
 * retries alone and the others' effects happen once. Listeners must still be idempotent (keyed by
 * event.id): a crash between a listener's effect and its job being marked done reruns it.
 */
export function createEventBus(deps: { clock: Clock; jobs: JobRunner }) {
  const byScope = new Map<DomainEventType | '*', Subscription[]>();
  const byId = new Map<string, Subscription>();
  const unnamed = new Map<DomainEventType | '*', number>();

  const listenersOf = (type: DomainEventType) => [...(byScope.get(type) ?? []), ...(byScope.get('*') ?? [])];

  deps.jobs.register(LISTENER_JOB, async (payload) => {
    const { listener, event } = payload as ListenerJob;
    const sub = byId.get(listener);
    if (!sub) throw new PermanentFailure(`no listener "${listener}" for ${event.type} in this process`);
    await sub.listener(event);
  });
  deps.jobs.register(LEGACY_DISPATCH_JOB, async (payload) => {
    const event = payload as DomainEvent;
    for (const sub of listenersOf(event.type)) await sub.listener(event);
  });

  return {
    async publish<T extends DomainEventType>(
      trx: Kysely<Database>,
      event: { type: T; tenantId: string; data: DomainEventData<T>; timestamp?: string },
    ): Promise<DomainEvent<T>> {
      const full = { id: newId('event'), timestamp: deps.clock.nowIso(), ...event } as DomainEvent<T>;
      for (const sub of listenersOf(event.type)) {
        await enqueueJob(trx, deps.clock, {
          kind: LISTENER_JOB,
          payload: { listener: sub.id, event: full as DomainEvent } satisfies ListenerJob,
          dedupeKey: `${full.id}:${sub.id}`,
          workKind: sub.workKind ?? 'events',
          tenantId: full.tenantId,
          maxAttempts: sub.maxAttempts,
        });
      }
      deps.jobs.poke();
      return full;
    },

    subscribe<T extends DomainEventType>(type: T | '*', listener: EventListener<T>, options: SubscribeOptions = {}): () => void {
      const position = (unnamed.get(type) ?? 0) + 1;
      if (!options.name) unnamed.set(type, position);
      const id = `${type}/${options.name ?? `listener-${position}`}`;
      if (byId.has(id)) throw new Error(`a listener named ${id} is already subscribed`);
      const sub: Subscription = { ...options, id, listener: listener as EventListener };
      byId.set(id, sub);
      byScope.set(type, [...(byScope.get(type) ?? []), sub]);
      return () => {
        byId.delete(id);
        byScope.set(type, (byScope.get(type) ?? []).filter((s) => s !== sub));
      };
    },
  };
}
export type EventBus = ReturnType<typeof createEventBus>;
