import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { ImportMapping, ImportSummary } from '@shared/schemas/member-import';
import type { Clock } from '@core/platform/clock';
import type { Dialect } from '@core/platform/db/connect';
import type { Database } from '@core/platform/db/schema';
import { memberImportsRepository, type MemberImportRow, type RowVerdict } from '../repositories/member-imports';
import { memberRecords } from '../repositories/member-records';
import { columnIndex } from './mapping';
import { ADMIN_GRANT_WARNING, loadStates, loadTenantGroups, NAME_KEPT_WARNING, planRow, type PlanContext } from './plan';
import { interpretRow } from './rows';

const BATCH = 500;

/**
 * The dry run: reads every row through the mapping, checks it, and decides new / updated /
 * unchanged / error against the members as they are now. Verdicts are stored per row (so the
 * preview pages and the error report need no recomputation); nothing else is written. Works in
 * batches of 500 without a transaction around them, yielding in between, so a 100k-row file never
 * holds the database or the event loop for long.
 */
export async function runDryRun(
  deps: { db: Kysely<Database>; dialect: Dialect; clock: Clock; consoleOwnerId: () => Promise<string> },
  imp: MemberImportRow,
  mapping: ImportMapping,
): Promise<ImportSummary> {
  const repo = memberImportsRepository(deps.db, deps.dialect);
  const columns = JSON.parse(imp.columns) as string[];
  const index = columnIndex(mapping, columns);
  const nowIso = deps.clock.nowIso();
  const groups = await loadTenantGroups(deps.db, imp.tenantId);
  const ctx: PlanContext = {
    admins: { remaining: await memberRecords(deps.db, deps.dialect).activeAdmins(imp.tenantId) },
    consoleOwnerId: await deps.consoleOwnerId(),
    grantAdmin: false,
    preview: true,
  };

  const summary: ImportSummary = { total: 0, new: 0, updated: 0, unchanged: 0, error: 0, groupsToCreate: [], adminGrants: 0, namesKept: 0 };
  const toCreate = new Map<string, string>();
  const firstRowOf = new Map<string, number>();
  let cursor = 0;
  for (;;) {
    const rows = await repo.rowsAfter(imp.id, cursor, BATCH);
    if (rows.length === 0) break;
    const interpreted = rows.map((r) => ({ row: r, result: interpretRow(r.fields, index, columns.length, nowIso) }));
    // Idempotent by email: a later row with an email seen before is an error, the first one counts.
    for (const item of interpreted) {
      if (!item.result.ok) continue;
      const first = firstRowOf.get(item.result.values.email);
      if (first !== undefined) item.result = { ok: false, email: item.result.values.email, error: `email: duplicate of row ${first}` };
      else firstRowOf.set(item.result.values.email, item.row.rowNumber);
    }
    const states = await loadStates(
      deps.db,
      imp.tenantId,
      interpreted.flatMap((i) => (i.result.ok ? [i.result.values.email] : [])),
    );
    const verdicts: RowVerdict[] = interpreted.map(({ row, result }) => {
      if (!result.ok) return { ...row, email: result.email, status: 'error', error: result.error, changes: [] };
      const plan = planRow(result.values, states.get(result.values.email), nowIso, ctx);
      if (plan.status !== 'error') {
        for (const g of result.values.groups) if (!groups.has(g.toLowerCase()) && !toCreate.has(g.toLowerCase())) toCreate.set(g.toLowerCase(), g);
      }
      if (plan.warnings.includes(ADMIN_GRANT_WARNING)) summary.adminGrants++;
      if (plan.warnings.includes(NAME_KEPT_WARNING)) summary.namesKept++;
      return { ...row, email: result.values.email, status: plan.status, error: plan.error ?? null, changes: plan.changes, warnings: plan.warnings };
    });
    for (const v of verdicts) summary[v.status]++;
    summary.total += verdicts.length;
    await repo.saveVerdicts(imp.id, verdicts);
    cursor = rows[rows.length - 1]!.rowNumber;
    await yieldToEventLoop();
  }
  summary.groupsToCreate = [...toCreate.values()];
  return summary;
}
