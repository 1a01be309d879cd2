import { sql, type Kysely } from 'kysely';
import { compiledStatement } from '../db/compiled';
import type { Database } from '../db/schema';
import type { WorkKind } from './work-kinds';

const COLUMNS = ['id', 'kind', 'payload', 'attempts', 'maxAttempts', 'workKind', 'tenantKey'] as const;
export type Candidate = Awaited<ReturnType<typeof orphanedJobs>>[number];

// The runner reads these on every fill: compiled once (compiledStatement).
const heads = compiledStatement((_db: Kysely<Database>, p: { workKind: string; now: string }) => sql<{ tk: string; due: string | null }>`
    WITH RECURSIVE t(tk) AS (
      SELECT MIN(tenant_key) FROM jobs WHERE status = 'pending' AND work_kind = ${p.workKind}
      UNION ALL
      SELECT (SELECT MIN(j.tenant_key) FROM jobs j WHERE j.status = 'pending' AND j.work_kind = ${p.workKind} AND j.tenant_key > t.tk)
      FROM t WHERE t.tk IS NOT NULL
    )
    SELECT tk, (SELECT MIN(j.run_at) FROM jobs j WHERE j.status = 'pending' AND j.work_kind = ${p.workKind} AND j.tenant_key = t.tk AND j.run_at <= ${p.now}) AS due
    FROM t WHERE tk IS NOT NULL`);
const due = compiledStatement((db: Kysely<Database>, p: { workKind: string; tenantKey: string; now: string; limit: number }) =>
  db
    .selectFrom('jobs')
    .select(COLUMNS)
    .where('status', '=', 'pending')
    .where('workKind', '=', p.workKind)
    .where('tenantKey', '=', p.tenantKey)
    .where('runAt', '<=', p.now)
    .orderBy('runAt')
    .limit(p.limit),
);

/**
 * Each tenant with queued work of this kind, and when its oldest due job became due (null when
 * none is due yet). A loose index scan over jobs_fair_idx: one seek per tenant, however many
 * jobs a tenant has queued (63k deliveries cost what one does).
 */
export async function tenantHeads(db: Kysely<Database>, workKind: WorkKind, now: string): Promise<{ tenantKey: string; due: string }[]> {
  const { rows } = await heads.execute(db, { workKind, now });
  return rows.filter((r): r is { tk: string; due: string } => r.due !== null).map((r) => ({ tenantKey: r.tk, due: r.due }));
}

/** A tenant's oldest due jobs of this kind. */
export async function dueJobs(db: Kysely<Database>, workKind: WorkKind, tenantKey: string, now: string, limit: number): Promise<Candidate[]> {
  return (await due.execute(db, { workKind, tenantKey, now, limit })).rows;
}

/** Jobs whose runner died while running them (their lease ran out); 'running' is only ever a few rows. */
export function orphanedJobs(db: Kysely<Database>, workKind: WorkKind, now: string, limit: number) {
  return db
    .selectFrom('jobs')
    .select(COLUMNS)
    .where('status', '=', 'running')
    .where('workKind', '=', workKind)
    .where('lockedUntil', '<', now)
    .limit(limit)
    .execute();
}

/**
 * Shares `free` slots among tenants: one each in turn, oldest waiting tenant first, none beyond
 * its per-tenant cap (counting what it already runs). Returns how many to take from each.
 */
export function shareSlots(heads: { tenantKey: string; due: string }[], free: number, running: (tenantKey: string) => number, perTenant: number): Map<string, number> {
  const order = [...heads].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0)).map((h) => h.tenantKey);
  const share = new Map<string, number>();
  let left = free;
  for (let progressed = true; left > 0 && progressed; ) {
    progressed = false;
    for (const tenantKey of order) {
      if (left === 0) break;
      const taken = share.get(tenantKey) ?? 0;
      if (running(tenantKey) + taken >= perTenant) continue;
      share.set(tenantKey, taken + 1);
      left -= 1;
      progressed = true;
    }
  }
  return share;
}
