import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { escapeFormula } from '../../../src-main/core/areas/members/member-export';
import { dialects } from '../../support/core';
import { makeTwoTenants, type TwoTenants } from '../../support/two-tenants';

// Finding: the import's error report wrote the file's cells back as they came, so a cell starting
// with =, +, -, @, a tab or a CR ran as a formula in a spreadsheet. It now writes them inert, as
// the export does (the same function), and re-importing the report takes the apostrophe off.

describe.each(dialects)('import error report on %s', (dialect) => {
  let w: TwoTenants;
  beforeEach(async () => {
    w = await makeTwoTenants(dialect);
  });
  afterEach(async () => w?.dispose());

  it('neutralises every formula start in the cells it writes back', async () => {
    const starts = ['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'];
    const csv = stringifyRows([['email', 'name', 'role'], ...starts.map((s, i) => [`bad${i}-not-an-email`, s, 'MEMBER']), ['=cmd|calc', 'Name', 'MEMBER']]);
    const bea = await w.caller(w.bravo.id, w.bravoAdmin);
    const { importId } = await bea.members.import.upload({ chunk: csv, last: true });
    expect((await bea.members.import.preview({ importId })).summary).toMatchObject({ error: 7 });

    const report = await bea.members.import.errorReport({ importId });
    const rows = parse(report.csv, { columns: true, relax_quotes: true }) as Record<string, string>[];
    expect(rows.map((r) => r.name)).toEqual([...starts.map((s) => `'${s}`), 'Name']);
    expect(rows[6]!.email).toBe("'=cmd|calc");
    for (const r of rows) for (const cell of Object.values(r)) expect(cell).toBe(escapeFormula(cell));
    // The report goes back in as it is: the apostrophes come off again.
    const again = await bea.members.import.upload({ chunk: report.csv, last: true });
    const preview = await bea.members.import.preview({ importId: again.importId });
    expect(preview.rows[0]!.error).toMatch(/^email: "bad0-not-an-email" is not an email address/);
  });
});

function stringifyRows(rows: string[][]): string {
  return rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\n');
}
