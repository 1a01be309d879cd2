import type { Kysely } from 'kysely';
import type { Role } from '@shared/domain';
import type { ImportMapping, ImportResult } from '@shared/schemas/member-import';
import type { Clock } from '@core/platform/clock';
import type { Dialect } from '@core/platform/db/connect';
import type { Database } from '@core/platform/db/schema';
import { DomainError } from '@core/platform/errors';
import type { EventBus } from '@core/platform/events';
import { newId } from '@core/platform/ids';
import { auditRepository } from '@core/platform/audit';
import { memberImportsRepository, type MemberImportRow, type RowVerdict } from '../repositories/member-imports';
import type { Actor, MemberChangeOps } from '../member-changes';
import { joinMembers, type Joiner } from '../member-joins';
import { columnIndex } from './mapping';
import { loadStates, loadTenantGroups, planRow, type PlanContext, type RowPlan, type TenantGroups } from './plan';
import { interpretRow, type RowValues } from './rows';

export const COMMIT_BATCH = 500;

export interface CommitDeps {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  events: EventBus;
  ops: MemberChangeOps;
  consoleOwnerId: () => Promise<string>;
  batchSize?: number;
}

type Trx = Kysely<Database>;

/**
 * One commit batch in one transaction: the next rows the dry run did not reject are planned again
 * against the members as they are now (so a re-run or a crash-and-resume never applies a row
 * twice), then applied: missing groups created, new members joined, existing ones updated with the
 * single-change rules. The import's cursor and counts move in the same transaction.
 */
export async function commitBatch(deps: CommitDeps, importId: string): Promise<'more' | 'finished'> {
  return deps.db.transaction().execute(async (trx) => {
    const repo = memberImportsRepository(trx, deps.dialect);
    const imp = await repo.lockForBatch(importId);
    if (!imp || imp.status !== 'committing') return 'finished';
    const now = deps.clock.nowIso();
    const rows = await repo.rowsAfter(imp.id, imp.cursor, deps.batchSize ?? COMMIT_BATCH, { skipErrors: true });
    if (rows.length === 0) {
      await repo.update(imp.id, { status: 'committed', finishedAt: now, updatedAt: now });
      return 'finished';
    }
    const columns = JSON.parse(imp.columns) as string[];
    const index = columnIndex(JSON.parse(imp.mapping!) as ImportMapping, columns);
    const result = JSON.parse(imp.result!) as ImportResult;
    const actor: Actor = { tenantId: imp.tenantId, actorUserId: imp.createdBy };

    const items = rows.map((row) => ({ row, parsed: interpretRow(row.fields, index, columns.length, now) }));
    const valid = items.flatMap((i) => (i.parsed.ok ? [{ row: i.row, values: i.parsed.values }] : []));
    const groups = await ensureGroups(trx, deps, actor, imp, valid.flatMap((v) => v.values.groups), result);
    const states = await loadStates(trx, imp.tenantId, valid.map((v) => v.values.email));
    // Imports committed before the opt-in existed have no grantAdmin: they granted nothing new.
    const ctx: PlanContext = { consoleOwnerId: await deps.consoleOwnerId(), grantAdmin: result.grantAdmin === true, preview: false };

    const verdicts = new Map<number, RowVerdict>();
    const joiners: Joiner[] = [];
    const joinRows = new Map<string, { rowNumber: number; fields: string[]; plan: RowPlan }>();
    for (const { row, parsed } of items) {
      if (!parsed.ok) verdicts.set(row.rowNumber, { ...row, email: parsed.email, status: 'error', error: parsed.error, changes: [], warnings: [] });
    }
    for (const { row, values } of valid) {
      const plan = planRow(values, states.get(values.email), now, ctx);
      if (plan.status === 'new') {
        joiners.push(joinerOf(values, plan.role ?? 'MEMBER', groups, now));
        joinRows.set(values.email, { ...row, plan });
      } else if (plan.status === 'updated') {
        verdicts.set(row.rowNumber, await applyUpdate(trx, deps, actor, states.get(values.email)!.userId, plan, groups, row, values.email));
      } else {
        verdicts.set(row.rowNumber, { ...row, email: values.email, status: plan.status, error: plan.error ?? null, changes: plan.changes, warnings: plan.warnings });
      }
    }
    for (const joined of await joinMembers(trx, deps, actor, joiners)) {
      const r = joinRows.get(joined.email)!;
      const status = joined.outcome === 'already_member' ? 'unchanged' : 'new';
      verdicts.set(r.rowNumber, { rowNumber: r.rowNumber, fields: r.fields, email: joined.email, status, error: null, changes: r.plan.changes, warnings: r.plan.warnings });
    }

    const all = [...verdicts.values()];
    await repo.saveVerdicts(imp.id, all);
    result.created += all.filter((v) => v.status === 'new').length;
    result.updated += all.filter((v) => v.status === 'updated').length;
    result.unchanged += all.filter((v) => v.status === 'unchanged').length;
    result.failed += all.filter((v) => v.status === 'error').length;
    await repo.update(imp.id, {
      cursor: rows[rows.length - 1]!.rowNumber,
      done: imp.done + rows.length,
      result: JSON.stringify(result),
      updatedAt: now,
    });
    return 'more';
  });
}

function joinerOf(values: RowValues, role: Role, groups: TenantGroups, now: string): Joiner {
  return {
    email: values.email,
    name: values.name ?? null,
    role,
    joinSource: values.joinSource ?? 'free_signup',
    joinedAt: values.joinedAt ?? now,
    groupIds: values.groups.map((g) => groups.get(g.toLowerCase())!.id),
    comped: values.comped,
    via: 'import',
  };
}

/** Groups named in the file that do not exist yet are created (the dry run listed them). */
async function ensureGroups(trx: Trx, deps: CommitDeps, actor: Actor, imp: MemberImportRow, names: string[], result: ImportResult): Promise<TenantGroups> {
  let groups = await loadTenantGroups(trx, actor.tenantId);
  const missing = new Map<string, string>();
  for (const name of names) if (!groups.has(name.toLowerCase())) missing.set(name.toLowerCase(), name);
  if (missing.size === 0) return groups;
  const now = deps.clock.nowIso();
  for (const name of missing.values()) {
    const id = newId('group');
    await trx
      .insertInto('groups')
      .values({ id, tenantId: actor.tenantId, name, description: null, createdAt: now })
      .onConflict((oc) => oc.columns(['tenantId', 'name']).doNothing())
      .execute();
    await auditRepository(trx).record({
      tenantId: actor.tenantId,
      actorUserId: actor.actorUserId,
      action: 'group.created',
      targetType: 'group',
      targetId: id,
      after: { name, via: 'import', importId: imp.id },
      at: now,
    });
    result.groupsCreated.push(name);
  }
  groups = await loadTenantGroups(trx, actor.tenantId);
  return groups;
}

/**
 * An existing member's row, through the single-change rules. The role goes first: it is the one
 * change that can be refused (the last ADMIN), and a refused row then changes nothing at all.
 */
async function applyUpdate(
  trx: Trx,
  deps: CommitDeps,
  actor: Actor,
  userId: string,
  plan: RowPlan,
  groups: TenantGroups,
  row: { rowNumber: number; fields: string[] },
  email: string,
): Promise<RowVerdict> {
  const u = plan.update!;
  try {
    if (u.role) await deps.ops.changeRole(trx, actor, { userId, role: u.role });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { ...row, email, status: 'error', error: err.message.replace(/^userId: \S+ /, 'role: this member '), changes: [], warnings: [] };
  }
  if (u.name !== undefined) await deps.ops.rename(trx, actor, { userId, name: u.name });
  if (u.comped === true) await deps.ops.comp(trx, actor, { userId, until: null });
  if (u.comped === false) await deps.ops.uncomp(trx, actor, { userId });
  for (const name of u.addGroups) await deps.ops.addToGroup(trx, actor, { userId, groupId: groups.get(name.toLowerCase())!.id });
  return { ...row, email, status: 'updated', error: null, changes: plan.changes, warnings: plan.warnings };
}
