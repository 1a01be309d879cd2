import type { Kysely } from 'kysely';
import {
  MAX_IMPORT_BYTES,
  importPreviewInput,
  type ImportCommitInput,
  type ImportErrorReport,
  type ImportMapping,
  type ImportPreview,
  type ImportPreviewInput,
  type ImportResult,
  type ImportRowStatus,
  type ImportSummary,
  type ImportUploadInput,
  type ImportView,
} from '@shared/schemas/member-import';
import type { Clock } from '@core/platform/clock';
import type { Dialect } from '@core/platform/db/connect';
import { isUniqueViolation } from '@core/platform/db/errors';
import type { Database } from '@core/platform/db/schema';
import { DomainError } from '@core/platform/errors';
import type { EventBus } from '@core/platform/events';
import { newId } from '@core/platform/ids';
import { enqueueJob } from '@core/platform/jobs/queue';
import type { JobRunner } from '@core/platform/jobs/runner';
import { memberImportsRepository, parseChanges, type MemberImportRow } from '../repositories/member-imports';
import { runBatches } from '../batched-job';
import type { Actor, MemberChangeOps } from '../member-changes';
import { commitBatch } from './commit';
import { buildErrorReport } from './error-report';
import { autoMapping, checkMapping, ignoredColumns, recognise } from './mapping';
import { parseCsvPieces } from './parse';
import { runDryRun } from './preview';

const JOB_KIND = 'members.import.commit';
const MAX_JOB_ATTEMPTS = 5;

const importField = (field: string, code: DomainError['code'], message: string) => new DomainError(code, `${field}: ${message}`, { field });

/**
 * CSV import with a dry run: upload (in pieces of at most 256 KB, over IPC or HTTP alike) →
 * preview (mapping, verdict per row) → commit (a job, in batches, with progress) → error report.
 */
export function memberImportService(deps: {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  events: EventBus;
  jobs: JobRunner;
  ops: MemberChangeOps;
  consoleOwnerId: () => Promise<string>;
  batchSize?: number;
  budgetMs?: number;
}) {
  const { db, dialect, clock } = deps;
  const repo = memberImportsRepository(db, dialect);

  deps.jobs.register(JOB_KIND, async (payload, job) => {
    const { importId } = payload as { importId: string };
    try {
      const finished = await runBatches(() => commitBatch(deps, importId), deps.budgetMs);
      if (!finished) {
        const imp = await db.selectFrom('memberImports').select('cursor').where('id', '=', importId).executeTakeFirstOrThrow();
        await enqueueJob(db, clock, { kind: JOB_KIND, payload: { importId }, dedupeKey: `import:${importId}:${imp.cursor}`, maxAttempts: MAX_JOB_ATTEMPTS });
        deps.jobs.poke();
      }
    } catch (err) {
      if (job.attempts >= MAX_JOB_ATTEMPTS) {
        const now = clock.nowIso();
        await repo.update(importId, { status: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: now, updatedAt: now });
      }
      throw err;
    }
  });

  async function find(tenantId: string, importId: string): Promise<MemberImportRow> {
    const imp = await repo.find(tenantId, importId);
    if (!imp) throw importField('importId', 'NOT_FOUND', `no import ${importId} in this community`);
    return imp;
  }

  function view(imp: MemberImportRow): ImportView {
    const summary = imp.summary ? (JSON.parse(imp.summary) as ImportSummary) : null;
    return {
      importId: imp.id,
      status: imp.status,
      fileName: imp.fileName,
      bytes: imp.bytes,
      rowCount: imp.rowCount,
      columns: JSON.parse(imp.columns) as string[],
      mapping: imp.mapping ? (JSON.parse(imp.mapping) as ImportMapping) : null,
      summary,
      mode: imp.mode as ImportView['mode'],
      progress: { done: imp.done, total: imp.mode ? imp.rowCount - (summary?.error ?? 0) : imp.rowCount },
      result: imp.result ? (JSON.parse(imp.result) as ImportResult) : null,
      error: imp.error,
      createdAt: imp.createdAt,
      finishedAt: imp.finishedAt,
    };
  }

  /** The whole file has arrived: parse it into rows, then forget the raw pieces. */
  async function finishUpload(imp: MemberImportRow): Promise<void> {
    try {
      const parsed = await parseCsvPieces(
        (seq) => repo.chunk(imp.id, seq),
        (rows) => repo.insertRows(imp.id, rows),
      );
      const now = clock.nowIso();
      await repo.update(imp.id, { status: 'uploaded', columns: JSON.stringify(parsed.columns), rowCount: parsed.rowCount, updatedAt: now });
      await repo.dropChunks(imp.id);
    } catch (err) {
      const now = clock.nowIso();
      await repo.dropRows(imp.id);
      await repo.update(imp.id, { status: 'failed', error: err instanceof Error ? err.message : String(err), updatedAt: now, finishedAt: now });
      throw err;
    }
  }

  return {
    async upload(actor: Actor, input: ImportUploadInput): Promise<ImportView> {
      const bytes = new TextEncoder().encode(input.chunk).length;
      const now = clock.nowIso();
      let imp: MemberImportRow;
      if (!input.importId) {
        if (input.index !== undefined && input.index !== 0) throw importField('index', 'VALIDATION', 'a new upload starts with piece 0 (leave importId out only for the first piece)');
        const id = newId('memberImport');
        await repo.insert({ id, tenantId: actor.tenantId, fileName: input.fileName ?? null, status: 'uploading', createdBy: actor.actorUserId, createdAt: now, updatedAt: now });
        imp = await find(actor.tenantId, id);
      } else {
        imp = await find(actor.tenantId, input.importId);
        if (imp.status !== 'uploading') {
          // A retried last piece after success: answer as before rather than failing.
          if (input.index !== undefined && input.index < imp.chunks) return view(imp);
          throw importField('importId', 'CONFLICT', `this upload is already ${imp.status}; start a new one for another file`);
        }
        if (input.index !== undefined && input.index < imp.chunks) return view(imp);
        if (input.index !== undefined && input.index > imp.chunks) throw importField('index', 'VALIDATION', `expected piece ${imp.chunks} next, got ${input.index}`);
      }
      if (imp.bytes + bytes > MAX_IMPORT_BYTES) {
        await repo.update(imp.id, { status: 'failed', error: 'file too large', updatedAt: now, finishedAt: now });
        await repo.dropChunks(imp.id);
        throw importField('chunk', 'VALIDATION', `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
      }
      if (input.chunk.length > 0 || imp.chunks === 0) {
        try {
          await repo.addChunk(imp.id, imp.chunks, input.chunk, bytes, now);
        } catch (err) {
          if (isUniqueViolation(err)) throw importField('index', 'CONFLICT', `piece ${imp.chunks} was sent twice at once`);
          throw err;
        }
      }
      if (input.last) await finishUpload(await find(actor.tenantId, imp.id));
      return view(await find(actor.tenantId, imp.id));
    },

    async preview(tenantId: string, rawInput: ImportPreviewInput): Promise<ImportPreview> {
      const input = importPreviewInput.parse(rawInput);
      let imp = await find(tenantId, input.importId);
      if (imp.status === 'uploading') throw importField('importId', 'PRECONDITION_FAILED', 'the upload is not finished (send the last piece with last: true)');
      if (imp.status === 'failed' && !imp.summary) throw importField('importId', 'PRECONDITION_FAILED', `this upload failed: ${imp.error}`);
      const columns = JSON.parse(imp.columns) as string[];
      const stored = imp.mapping ? (JSON.parse(imp.mapping) as ImportMapping) : null;
      const mapping = checkMapping(input.mapping ?? stored ?? autoMapping(columns), columns);
      const changed = JSON.stringify(mapping) !== JSON.stringify(stored);
      if (imp.status === 'uploaded' || (imp.status === 'previewed' && (changed || input.refresh))) {
        // Back to "uploaded" while the dry run works, so that no commit can start on half-written verdicts.
        if (!(await repo.transition(imp.id, ['uploaded', 'previewed'], { status: 'uploaded', updatedAt: clock.nowIso() }))) {
          throw importField('importId', 'CONFLICT', 'this import is being committed; its preview can no longer change');
        }
        const summary = await runDryRun(deps, imp, mapping);
        await repo.transition(imp.id, ['uploaded'], { status: 'previewed', mapping: JSON.stringify(mapping), summary: JSON.stringify(summary), updatedAt: clock.nowIso() });
        imp = await find(tenantId, imp.id);
      } else if (changed && input.mapping) {
        throw importField('mapping', 'CONFLICT', `this import is already ${imp.status}; its mapping can no longer change`);
      }
      const page = await repo.verdictPage(imp.id, input.status, (input.page - 1) * input.limit, input.limit);
      const finalMapping = JSON.parse(imp.mapping!) as ImportMapping;
      return {
        importId: imp.id,
        columns,
        mapping: finalMapping,
        recognisedAs: recognise(columns),
        ignoredColumns: ignoredColumns(finalMapping, columns),
        summary: JSON.parse(imp.summary!) as ImportSummary,
        rows: page.rows.map((r) => ({
          row: r.rowNumber,
          status: (r.status ?? 'error') as ImportRowStatus,
          email: r.email,
          ...parseChanges(r.changes),
          error: r.error,
        })),
        page: input.page,
        limit: input.limit,
        matching: page.matching,
      };
    },

    async commit(tenantId: string, input: ImportCommitInput): Promise<ImportView> {
      const imp = await find(tenantId, input.importId);
      if (imp.status === 'uploading' || imp.status === 'uploaded') throw importField('importId', 'PRECONDITION_FAILED', 'run the preview (dry run) first');
      if (imp.status !== 'previewed') throw importField('importId', 'CONFLICT', `this import is already ${imp.status}`);
      const summary = JSON.parse(imp.summary!) as ImportSummary;
      if (summary.error > 0 && input.mode === 'all_or_nothing') {
        throw importField(
          'mode',
          'PRECONDITION_FAILED',
          `${summary.error} of ${summary.total} rows have errors, so nothing was imported; fix them (see the error report) or import only the valid rows`,
        );
      }
      const now = clock.nowIso();
      const result: ImportResult = { created: 0, updated: 0, unchanged: 0, failed: 0, skipped: summary.error, groupsCreated: [], grantAdmin: input.grantAdmin ?? false };
      const started = await db.transaction().execute(async (trx) => {
        const moved = await memberImportsRepository(trx, dialect).transition(imp.id, ['previewed'], {
          status: 'committing',
          mode: input.mode,
          result: JSON.stringify(result),
          cursor: 0,
          done: 0,
          updatedAt: now,
        });
        if (moved) await enqueueJob(trx, clock, { kind: JOB_KIND, payload: { importId: imp.id }, dedupeKey: `import:${imp.id}:start`, maxAttempts: MAX_JOB_ATTEMPTS, tenantId: imp.tenantId });
        return moved;
      });
      if (!started) throw importField('importId', 'CONFLICT', 'this import is already being committed');
      deps.jobs.poke();
      return view(await find(tenantId, imp.id));
    },

    async get(tenantId: string, importId: string): Promise<ImportView> {
      return view(await find(tenantId, importId));
    },

    async errorReport(tenantId: string, importId: string): Promise<ImportErrorReport> {
      const imp = await find(tenantId, importId);
      if (!imp.summary) throw importField('importId', 'PRECONDITION_FAILED', 'run the preview (dry run) first');
      return buildErrorReport(repo, imp);
    },
  };
}
export type MemberImportService = ReturnType<typeof memberImportService>;
