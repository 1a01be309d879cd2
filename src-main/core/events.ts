import type { Kysely } from 'kysely';
import type { Clock } from './clock';
import type { Database } from './db/schema';
import { newId } from './ids';
import { enqueueJob } from './jobs/queue';
import type { JobRunner } from './jobs/runner';

/** Platform events, named in the past tense as the seed names them. */
export type DomainEventType =
  | 'member.joined'
  | 'member.left'
  | 'member.role_changed'
  | 'member.updated'
  | 'member.invited' | 'member.erased'
  | 'subscription.created'
  | 'subscription.updated'
  | 'subscription.canceled'
  | 'payment.failed';

export interface DomainEvent {
  /** Stable id: listeners use it to stay idempotent when an event is dispatched twice. */
  id: string;
  type: DomainEventType;
  tenantId: string;
  /** ISO time it happened. */
  timestamp: string;
  data: Record<string, unknown>;
}

export type EventListener = (event: DomainEvent) => Promise<void>;

const DISPATCH_JOB = 'domain-event.dispatch';

/**
 * Domain events that survive a crash: `publish` writes the event into the job outbox inside the
 * caller's transaction, so it exists exactly when the change it describes was committed. The job
 * runner then hands it to every listener; a failing listener makes the job retry, so listeners
 * must be idempotent (keyed by event.id).
 */
export function createEventBus(deps: { clock: Clock; jobs: JobRunner }) {
  const listeners = new Map<DomainEventType | '*', EventListener[]>();

  deps.jobs.register(DISPATCH_JOB, async (payload) => {
    const event = payload as DomainEvent;
    for (const listener of [...(listeners.get(event.type) ?? []), ...(listeners.get('*') ?? [])]) {
      await listener(event);
    }
  });

  return {
    async publish(
      trx: Kysely<Database>,
      event: Omit<DomainEvent, 'id' | 'timestamp'> & { timestamp?: string },
    ): Promise<DomainEvent> {
      const full: DomainEvent = { id: newId('event'), timestamp: deps.clock.nowIso(), ...event };
      await enqueueJob(trx, deps.clock, { kind: DISPATCH_JOB, payload: full });
      deps.jobs.poke();
      return full;
    },
    subscribe(type: DomainEventType | '*', listener: EventListener): () => void {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
      return () => listeners.set(type, (listeners.get(type) ?? []).filter((l) => l !== listener));
    },
  };
}
export type EventBus = ReturnType<typeof createEventBus>;
