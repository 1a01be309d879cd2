import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import { tierOf } from '@shared/member-tier';
import type { ExportMembersInput, ExportPage } from '@shared/schemas/member-changes';
import { exportMembersInput } from '@shared/schemas/member-changes';
import { EXPORT_COLUMNS, type ExportColumn } from '@shared/schemas/member-import';
import type { Clock } from '../../platform/clock';
import type { Dialect } from '../../platform/db/connect';
import type { Database } from '../../platform/db/schema';
import { invalid } from '../../platform/errors';
import { chunks } from './repositories/member-records';
import { memberSelection, type ResolvedTarget } from './repositories/member-selection';
import type { CriteriaFor } from './member-changes';

export type ExportRecord = Record<ExportColumn, string>;

/** Joins group names in one cell, as Ghost does with labels; the import splits on commas. */
export const GROUP_SEPARATOR = ', ';

// A cell starting with one of these is a formula to a spreadsheet (CSV injection): it is written
// with a leading apostrophe, and the import takes that apostrophe off again.
const FORMULA_START = /^[=+\-@\t\r]/;
export const escapeFormula = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);
export const unescapeFormula = (value: string) => (value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value);

/** The export rows of these memberships, in the order given. */
export async function exportRecords(db: Kysely<Database>, tenantId: string, membershipIds: string[], nowIso: string): Promise<ExportRecord[]> {
  const out: ExportRecord[] = [];
  for (const part of chunks(membershipIds)) {
    const rows = await db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.userId')
      .select(['m.id', 'm.tenantId', 'm.userId', 'u.email', 'u.name', 'm.role', 'm.joinSource', 'm.subscriptionStatus', 'm.isComped', 'm.compedUntil', 'm.joinedAt', 'm.lastActiveAt'])
      // By id alone, so that the planner looks each one up; the tenant is checked below.
      .where('m.id', 'in', part)
      .execute()
      .then((found) => found.filter((r) => r.tenantId === tenantId));
    const groups = new Map<string, string[]>();
    const groupRows = await db
      .selectFrom('groupMembers as gm')
      .innerJoin('groups as g', 'g.id', 'gm.groupId')
      .select(['gm.userId', 'g.name'])
      .where('g.tenantId', '=', tenantId)
      .where('gm.userId', 'in', rows.length ? rows.map((r) => r.userId) : [''])
      .orderBy('g.name')
      .execute();
    for (const g of groupRows) groups.set(g.userId, [...(groups.get(g.userId) ?? []), g.name]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of part) {
      const r = byId.get(id);
      if (!r) continue;
      out.push({
        email: r.email,
        name: r.name,
        role: r.role,
        join_source: r.joinSource,
        tier: tierOf({ joinSource: r.joinSource, subscriptionStatuses: r.subscriptionStatus ? [r.subscriptionStatus] : [], isComped: r.isComped === 1, compedUntil: r.compedUntil }, nowIso),
        subscription_status: r.subscriptionStatus ?? '',
        joined_at: r.joinedAt,
        last_active_at: r.lastActiveAt ?? '',
        groups: (groups.get(r.userId) ?? []).join(GROUP_SEPARATOR),
      });
    }
  }
  return out;
}

/** CSV text for records, with the header row when asked (the first part of an export). */
export function toCsv(records: ExportRecord[], columns: readonly ExportColumn[], withHeader: boolean): string {
  return stringify(records, {
    header: withHeader,
    columns: [...columns],
    cast: { string: (value) => escapeFormula(value) },
  });
}

export function memberExportService(deps: { db: Kysely<Database>; dialect: Dialect; clock: Clock; criteriaFor: CriteriaFor }) {
  const selection = memberSelection(deps.db, deps.dialect);
  return {
    /**
     * One page of an export. Pages are keyset-paged by membership id, so the UI can fetch a large
     * export piece by piece (or use the bulk `export` action to build it in the background).
     */
    async page(tenantId: string, rawInput: ExportMembersInput): Promise<ExportPage> {
      const input = exportMembersInput.parse(rawInput);
      const target: ResolvedTarget = input.userIds
        ? { userIds: input.userIds }
        : { filters: (await deps.criteriaFor(tenantId, { filter: input.filter, segmentId: input.segmentId })).filters };
      // A selection pages by user id, a filter by membership id: a cursor of the other kind is not
      // from this export.
      if (input.cursor && !input.cursor.startsWith(input.userIds ? 'user_' : 'mem_')) {
        throw invalid('cursor', 'is not a cursor from a previous page of this export (pass nextCursor as it came)');
      }
      const columns = input.columns ?? EXPORT_COLUMNS;
      const { rows, next } = await selection.batch(tenantId, target, input.cursor ?? null, input.limit, deps.clock.nowIso());
      const records = await exportRecords(deps.db, tenantId, rows.map((m) => m.id), deps.clock.nowIso());
      // Batches of 500 rows through csv-stringify keep each synchronous step short.
      let csv = '';
      for (const [i, part] of chunks(records).entries()) csv += toCsv(part, columns, i === 0 && !input.cursor);
      if (!csv && !input.cursor) csv = toCsv([], columns, true);
      return { csv, rows: records.length, nextCursor: next };
    },
  };
}
export type MemberExportService = ReturnType<typeof memberExportService>;
