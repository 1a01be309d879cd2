import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { Database } from '../db/schema';
import { isWorkKind, WORK_KINDS, type WorkKind } from './work-kinds';

export interface WorkKindSummary {
  workKind: WorkKind;
  /** Jobs waiting (due now or later). */
  queued: number;
  /** Of those, due now: what a free slot would start. */
  due: number;
  /** How long the oldest due job has waited past its run time, ms; 0 when none is due. */
  oldestDueAgeMs: number;
  running: number;
  /** Waiting again after a failed attempt. */
  retrying: number;
  /** Gave up for good. */
  failed: number;
}

/**
 * The queue per kind of work, across every process on this database (one grouped read over
 * unfinished and failed jobs; finished ones are not read); `tenantKey` narrows it to one tenant's.
 */
export async function queueSummary(db: Kysely<Database>, clock: Clock, tenantKey?: string): Promise<WorkKindSummary[]> {
  const now = clock.nowIso();
  const { rows } = await sql<{ wk: string; st: string; n: number | string; due: number | string | null; oldest: string | null; retrying: number | string | null }>`
    SELECT work_kind AS wk, status AS st, COUNT(*) AS n,
      SUM(CASE WHEN run_at <= ${now} THEN 1 ELSE 0 END) AS due,
      MIN(CASE WHEN run_at <= ${now} THEN run_at END) AS oldest,
      SUM(CASE WHEN last_error IS NOT NULL THEN 1 ELSE 0 END) AS retrying
    FROM jobs WHERE status IN ('pending', 'running', 'failed')${tenantKey === undefined ? sql`` : sql` AND tenant_key = ${tenantKey}`}
    GROUP BY work_kind, status`.execute(db);
  const byKind = new Map<WorkKind, WorkKindSummary>(
    WORK_KINDS.map((k) => [k, { workKind: k, queued: 0, due: 0, oldestDueAgeMs: 0, running: 0, retrying: 0, failed: 0 }]),
  );
  for (const r of rows) {
    const s = byKind.get(isWorkKind(r.wk) ? r.wk : 'other')!;
    const n = Number(r.n);
    if (r.st === 'running') s.running += n;
    else if (r.st === 'failed') s.failed += n;
    else {
      s.queued += n;
      s.due += Number(r.due ?? 0);
      s.retrying += Number(r.retrying ?? 0);
      if (r.oldest) s.oldestDueAgeMs = Math.max(s.oldestDueAgeMs, clock.nowMs() - Date.parse(r.oldest));
    }
  }
  return [...byKind.values()];
}
