import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import type { ImportErrorReport } from '@shared/schemas/member-import';
import type { MemberImportRow, MemberImportsRepository } from '../repositories/member-imports';
import { escapeFormula } from '../member-export';

const BATCH = 1_000;

/**
 * The rows that were not imported, as a CSV with the file's own columns plus `error`: the owner
 * fixes the cells in a spreadsheet and uploads it again (the `error` column is then ignored).
 */
export async function buildErrorReport(repo: MemberImportsRepository, imp: MemberImportRow): Promise<ImportErrorReport> {
  const columns = JSON.parse(imp.columns) as string[];
  const header = [...columns, 'error'];
  let csv = stringify([header.map(escapeFormula)]);
  let rows = 0;
  let cursor = 0;
  for (;;) {
    const batch = await repo.errorRowsAfter(imp.id, cursor, BATCH);
    if (batch.length === 0) break;
    // Short rows are padded and long ones cut, so that `error` is always the last column. Cells
    // that a spreadsheet would run as formulas get the export's apostrophe (the import drops it).
    csv += stringify(batch.map((r) => [...columns.map((_, i) => r.fields[i] ?? ''), r.error].map(escapeFormula)));
    rows += batch.length;
    cursor = batch[batch.length - 1]!.rowNumber;
    await yieldToEventLoop();
  }
  const base = (imp.fileName ?? 'members.csv').replace(/\.csv$/i, '');
  return { fileName: `${base}-errors.csv`, csv, rows };
}
