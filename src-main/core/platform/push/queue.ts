import type { Kysely } from 'kysely';
import type { QueueRow } from '@shared/push';
import type { Clock } from '../clock';
import type { Database } from '../db/schema';
import type { JobRunner } from '../jobs/runner';
import { queueSummary, type WorkKindSummary } from '../jobs/summary';

/** The "Background work" panel: the queue per kind of work, for one tenant or the whole console. */
export function queueService(deps: { db: Kysely<Database>; clock: Clock; jobs: JobRunner }) {
  /** When the oldest due job was due, not an age that goes stale in the window. */
  const rows = (summary: WorkKindSummary[]): QueueRow[] =>
    summary.map((s) => ({
      workKind: s.workKind,
      queued: s.queued,
      oldestDueAt: s.due > 0 ? new Date(deps.clock.nowMs() - s.oldestDueAgeMs).toISOString() : null,
      running: s.running,
      retrying: s.retrying,
      failed: s.failed,
    }));
  return {
    /** Only the jobs that run for this tenant (platform work such as webhook intake is not theirs). */
    forTenant: async (tenantId: string) => rows(await queueSummary(deps.db, deps.clock, tenantId)),
    /** Every tenant's and the platform's jobs: the console owner's view. */
    all: async () => rows(await deps.jobs.summary()),
  };
}
