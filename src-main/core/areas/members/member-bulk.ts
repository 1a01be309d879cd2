import type { Kysely } from 'kysely';
import {
  MAX_SELECTED_USER_IDS,
  type BulkAction,
  type BulkDownloadPart,
  type BulkFailure,
  type BulkOperationView,
  type BulkStartInput,
} from '@shared/schemas/member-changes';
import { EXPORT_COLUMNS } from '@shared/schemas/member-import';
import type { Clock } from '../../platform/clock';
import type { Dialect } from '../../platform/db/connect';
import type { Database } from '../../platform/db/schema';
import { DomainError, invalid } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { enqueueJob } from '../../platform/jobs/queue';
import type { JobRunner } from '../../platform/jobs/runner';
import { bulkOperationsRepository, MAX_KEPT_FAILURES, type BulkOperationRow } from './repositories/bulk-operations';
import { memberRecords } from './repositories/member-records';
import { memberSelection, type ResolvedTarget } from './repositories/member-selection';
import { runBatches } from './batched-job';
import type { Actor, CriteriaFor, MemberChangeOps } from './member-changes';
import { exportRecords, toCsv } from './member-export';

const JOB_KIND = 'members.bulk';
const MAX_JOB_ATTEMPTS = 5;
export const BULK_BATCH_SIZE = 500;

/** Actions with an inverse bulk action (add ↔ remove from a group, ADMIN ↔ MEMBER). */
const UNDOABLE: ReadonlySet<string> = new Set(['add_to_group', 'remove_from_group', 'change_role']);

type Outcome = { userId: string; result: 'changed' | 'unchanged' } | { userId: string; result: 'failed'; reason: string };

/**
 * Bulk actions on a selection or a filter: start() records the operation and enqueues a job; the
 * job applies the single-change rules (memberChangeOps) to one batch per transaction, keeping the
 * cursor and the counts in the same transaction, so a crash resumes after the last committed batch.
 */
export function memberBulkService(deps: {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  jobs: JobRunner;
  ops: MemberChangeOps;
  criteriaFor: CriteriaFor;
  batchSize?: number;
  budgetMs?: number;
}) {
  const { db, dialect, clock } = deps;
  const batchSize = deps.batchSize ?? BULK_BATCH_SIZE;

  deps.jobs.register(JOB_KIND, async (payload, job) => {
    const { operationId } = payload as { operationId: string };
    try {
      const finished = await runBatches(() => runBatch(operationId), deps.budgetMs);
      if (!finished) await continueLater(operationId);
    } catch (err) {
      if (job.attempts >= MAX_JOB_ATTEMPTS) {
        await bulkOperationsRepository(db, dialect).finish(operationId, 'failed', clock.nowIso(), err instanceof Error ? err.message : String(err));
      }
      throw err;
    }
  });

  async function continueLater(operationId: string) {
    const op = await db.selectFrom('bulkOperations').select('cursor').where('id', '=', operationId).executeTakeFirstOrThrow();
    await enqueueJob(db, clock, { kind: JOB_KIND, payload: { operationId }, dedupeKey: `bulk:${operationId}:${op.cursor}`, maxAttempts: MAX_JOB_ATTEMPTS });
    deps.jobs.poke();
  }

  async function runBatch(operationId: string): Promise<'more' | 'finished'> {
    return db.transaction().execute(async (trx) => {
      const repo = bulkOperationsRepository(trx, dialect);
      const op = await repo.lockForBatch(operationId);
      if (!op || op.status === 'done' || op.status === 'failed') return 'finished';
      const action = actionOf(op);
      const { rows: members, next } = await memberSelection(trx, dialect).batch(op.tenantId, JSON.parse(op.target), op.cursor, batchSize, clock.nowIso());
      const actor: Actor = { tenantId: op.tenantId, actorUserId: op.createdBy };
      const outcomes: Outcome[] = [];
      let output;
      if (action.type === 'export' && members.length > 0) {
        const records = await exportRecords(trx, op.tenantId, members.map((m) => m.id), clock.nowIso());
        output = { rows: records.length, content: toCsv(records, action.columns ?? EXPORT_COLUMNS, op.parts === 0) };
        for (const m of members) outcomes.push({ userId: m.userId, result: 'changed' });
      } else if (action.type !== 'export') {
        for (const m of members) outcomes.push(await applyOne(trx, actor, action, m.userId));
        // Who changed, kept as the batch's output: undo applies the inverse to them and no one else.
        const changedIds = outcomes.flatMap((o) => (o.result === 'changed' ? [o.userId] : []));
        if (UNDOABLE.has(action.type) && changedIds.length > 0) output = { rows: changedIds.length, content: JSON.stringify(changedIds) };
      }
      const failures: BulkFailure[] = outcomes.flatMap((o) => (o.result === 'failed' ? [{ userId: o.userId, reason: o.reason }] : []));
      await repo.recordBatch(
        op,
        {
          cursor: next,
          done: outcomes.length,
          changed: outcomes.filter((o) => o.result === 'changed').length,
          unchanged: outcomes.filter((o) => o.result === 'unchanged').length,
          failures,
          output,
        },
        clock.nowIso(),
      );
      if (next !== null) return 'more';
      await repo.finish(op.id, 'done', clock.nowIso());
      return 'finished';
    });
  }

  // The same rules as a single change; a refusal (e.g. the last admin) is this member's failure,
  // not the batch's: the ops check before they write, so the transaction stays clean.
  async function applyOne(trx: Kysely<Database>, actor: Actor, action: Exclude<BulkAction, { type: 'export' }>, userId: string): Promise<Outcome> {
    try {
      let r: { changed: boolean };
      switch (action.type) {
        case 'add_to_group':
          r = await deps.ops.addToGroup(trx, actor, { userId, groupId: action.groupId });
          break;
        case 'remove_from_group':
          r = await deps.ops.removeFromGroup(trx, actor, { userId, groupId: action.groupId });
          break;
        case 'change_role':
          r = await deps.ops.changeRole(trx, actor, { userId, role: action.role });
          break;
        case 'comp':
          r = await deps.ops.comp(trx, actor, { userId, until: action.until ?? null });
          break;
        case 'remove':
          r = await deps.ops.remove(trx, actor, { userId });
          break;
      }
      return { userId, result: r.changed ? 'changed' : 'unchanged' };
    } catch (err) {
      if (err instanceof DomainError) return { userId, result: 'failed', reason: err.message };
      throw err;
    }
  }

  function actionOf(op: Pick<BulkOperationRow, 'action' | 'params'>): BulkAction {
    return { type: op.action, ...JSON.parse(op.params) } as BulkAction;
  }

  /** The members a finished, undoable operation changed; null when it can't be undone that way. */
  async function changedUserIds(op: BulkOperationRow): Promise<string[] | null> {
    if (op.status !== 'done' || !UNDOABLE.has(op.action) || op.changed > MAX_SELECTED_USER_IDS) return null;
    const parts = await db.selectFrom('bulkOperationOutputs').select('content').where('operationId', '=', op.id).orderBy('part').execute();
    return parts.flatMap((p) => JSON.parse(p.content) as string[]);
  }

  async function view(op: BulkOperationRow): Promise<BulkOperationView> {
    return {
      id: op.id,
      action: actionOf(op),
      status: op.status,
      total: op.total,
      done: op.done,
      changed: op.changed,
      unchanged: op.unchanged,
      failed: op.failed,
      failures: JSON.parse(op.failures) as BulkFailure[],
      parts: op.action === 'export' ? op.parts : 0,
      changedUserIds: await changedUserIds(op),
      error: op.error,
      createdAt: op.createdAt,
      finishedAt: op.finishedAt,
    };
  }

  async function find(tenantId: string, id: string): Promise<BulkOperationRow> {
    const op = await bulkOperationsRepository(db, dialect).find(tenantId, id);
    if (!op) throw new DomainError('NOT_FOUND', `id: no bulk operation ${id} in this community`, { field: 'id' });
    return op;
  }

  return {
    async start(actor: Actor, input: BulkStartInput): Promise<BulkOperationView> {
      const { action, target } = input;
      const records = memberRecords(db, dialect);
      if ((action.type === 'add_to_group' || action.type === 'remove_from_group') && !(await records.group(actor.tenantId, action.groupId))) {
        throw new DomainError('NOT_FOUND', `action.groupId: no group ${action.groupId} in this community`, { field: 'action.groupId' });
      }
      if (action.type === 'comp' && action.until && new Date(action.until).toISOString() <= clock.nowIso()) {
        throw invalid('action.until', 'must be in the future');
      }
      const selection = memberSelection(db, dialect);
      // A segment's filter is read once, here: editing the segment later does not move a running action.
      const normalized: ResolvedTarget =
        'userIds' in target ? { userIds: [...new Set(target.userIds)] } : { filters: (await deps.criteriaFor(actor.tenantId, target)).filters };
      const unknown = 'userIds' in normalized ? await selection.unknownUserIds(actor.tenantId, normalized.userIds) : [];
      const total = 'userIds' in normalized ? normalized.userIds.length : await selection.count(actor.tenantId, normalized, clock.nowIso());
      const failures = unknown.map((userId) => ({ userId, reason: `userId: ${userId} is not a member of this community` }));
      const { type, ...params } = action;
      const now = clock.nowIso();
      const id = newId('bulkOperation');
      await db.transaction().execute(async (trx) => {
        await bulkOperationsRepository(trx, dialect).insert({
          id,
          tenantId: actor.tenantId,
          action: type,
          target: JSON.stringify(normalized),
          params: JSON.stringify(params),
          status: 'pending',
          total,
          done: unknown.length,
          failed: unknown.length,
          failures: JSON.stringify(failures.slice(0, MAX_KEPT_FAILURES)),
          cursor: null,
          createdBy: actor.actorUserId,
          createdAt: now,
          updatedAt: now,
        });
        await enqueueJob(trx, clock, { kind: JOB_KIND, payload: { operationId: id }, dedupeKey: `bulk:${id}:start`, maxAttempts: MAX_JOB_ATTEMPTS, tenantId: actor.tenantId });
      });
      deps.jobs.poke();
      return view(await find(actor.tenantId, id));
    },

    async get(tenantId: string, id: string): Promise<BulkOperationView> {
      return view(await find(tenantId, id));
    },

    /** One CSV part of a bulk export (part 0 carries the header row). */
    async download(tenantId: string, id: string, part: number): Promise<BulkDownloadPart> {
      const op = await find(tenantId, id);
      if (op.action !== 'export') throw invalid('id', 'this bulk operation is not an export');
      if (part >= op.parts) {
        if (op.status === 'done' && op.parts === 0 && part === 0) return { csv: toCsv([], actionColumns(op), true), rows: 0, nextPart: null };
        throw new DomainError('PRECONDITION_FAILED', `part: part ${part} is not ready (${op.parts} so far, status ${op.status})`, { field: 'part' });
      }
      const out = (await bulkOperationsRepository(db, dialect).output(id, part))!;
      const more = part + 1 < op.parts || op.status === 'pending' || op.status === 'running';
      return { csv: out.content, rows: out.rows, nextPart: more ? part + 1 : null };
    },
  };

  function actionColumns(op: BulkOperationRow) {
    const action = actionOf(op);
    return action.type === 'export' ? (action.columns ?? EXPORT_COLUMNS) : EXPORT_COLUMNS;
  }
}
export type MemberBulkService = ReturnType<typeof memberBulkService>;
