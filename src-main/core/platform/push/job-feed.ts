import type { Kysely } from 'kysely';
import type { DomainEvent } from '@shared/events';
import type { PushTopic } from '@shared/push';
import type { Database } from '../db/schema';
import { currentTenantKey } from '../jobs/context';
import type { JobHandler, JobRunner } from '../jobs/runner';
import type { PushHub } from './hub';

type Topic = Exclude<PushTopic, 'jobs'>;

/** While an import or a bulk action runs, its progress goes to the window this often. */
const PROGRESS_EVERY_MS = 300;

/** What a finished run of each job type may have changed, for the tenant it ran for. */
const TOPICS_BY_JOB: Record<string, Topic[]> = {
  'webhook.deliver': ['deliveries'],
  'members.import.commit': ['imports', 'members'],
  'members.bulk': ['bulk', 'members'],
  'billing.grace-end': ['members'],
  'billing.period-end': ['members'],
  // A package's sync with its provider finished (synced or failed): the Packages page shows it.
  'catalog.sync': ['packages'],
  'catalog.archive-deleted': ['packages'],
};

/** Long jobs whose record (import, bulk operation) shows progress while they run. */
const PROGRESS: Record<string, { topic: Topic; idOf: (payload: Record<string, unknown>) => unknown }> = {
  'members.import.commit': { topic: 'imports', idOf: (p) => p.importId },
  'members.bulk': { topic: 'bulk', idOf: (p) => p.operationId },
};

// Every domain event so far is about a member (joined, left, changed, subscribed, paid or not).
const eventTopics = (_type: DomainEvent['type']): Topic[] => ['members'];

/**
 * Every background job that finishes (done or failed, it committed what it did) tells the push hub
 * what it may have changed, so the window reads it again instead of polling. Wraps `register`, so
 * services need no push code of their own; the job's tenant (from the runner's context) scopes
 * each message, and a webhook's tenants are read from the ledger once it was processed.
 */
export function pushingJobRunner(jobs: JobRunner, deps: { push: PushHub; db: Kysely<Database> }): JobRunner {
  const { push } = deps;

  async function announce(kind: string, payload: Record<string, unknown>) {
    if (!push.wanted()) return;
    const tenantId = currentTenantKey() || null;
    if (kind === 'webhook.process') return announceWebhooks(payload);
    if (kind.startsWith('domain-event.')) {
      const event = (payload.event ?? payload) as Partial<DomainEvent>;
      if (event.tenantId && event.type) for (const topic of eventTopics(event.type)) push.changed(event.tenantId, topic);
      return;
    }
    const progress = PROGRESS[kind];
    const id = progress?.idOf(payload);
    for (const topic of TOPICS_BY_JOB[kind] ?? []) push.changed(tenantId, topic, topic === progress?.topic && typeof id === 'string' ? id : undefined);
  }

  /** Processed events: the console owner's list, and each tenant they turned out to belong to. */
  async function announceWebhooks(payload: Record<string, unknown>) {
    const ids = (Array.isArray(payload.eventIds) ? payload.eventIds : [payload.eventId]).filter((id): id is string => typeof id === 'string');
    push.changed(null, 'webhooks');
    if (ids.length === 0) return;
    const rows = await deps.db.selectFrom('webhookEvents').select('tenantId').distinct().where('id', 'in', ids).where('tenantId', 'is not', null).execute();
    for (const { tenantId } of rows) {
      push.changed(tenantId, 'webhooks');
      push.changed(tenantId, 'members');
    }
  }

  function withProgress(kind: string, payload: Record<string, unknown>): () => void {
    const progress = PROGRESS[kind];
    const id = progress?.idOf(payload);
    const tenantId = currentTenantKey() || null;
    if (!progress || typeof id !== 'string') return () => undefined;
    const timer = setInterval(() => push.changed(tenantId, progress.topic, id), PROGRESS_EVERY_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  const wrap =
    (kind: string, handler: JobHandler): JobHandler =>
    async (payload, job) => {
      const fields = (payload ?? {}) as Record<string, unknown>;
      const stopProgress = withProgress(kind, fields);
      try {
        await handler(payload, job);
      } finally {
        stopProgress();
        // Telling the window must never fail the job.
        await announce(kind, fields).catch(() => undefined);
      }
    };

  return { ...jobs, register: (kind, handler) => jobs.register(kind, wrap(kind, handler)) };
}
