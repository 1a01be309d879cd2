import type BetterSqlite3 from 'better-sqlite3';
import type { ReadPool } from '../../src-main/core/platform/db/read-pool';
import type { MemberListPage, MemberSort } from '../../src-shared/schemas/members';

// The baseline of a members.list call: the very statements the core ran on SQLite for it, prepared
// once and run raw (no input validation, query building, row mapping or promises around them).
//
// They are captured at the driver: every execution of any better-sqlite3 statement of the connection
// (the Statement prototype's methods), so a statement the app prepared long ago and keeps in its
// statement cache is seen like a new one. Whether the replay is the same work is then checked by
// its answer: the page's ids in order and the total, read from the replay's own rows, must be the
// product's. A difference is an error naming the case, never a ratio.

type Method = 'all' | 'get' | 'run' | 'iterate';
const METHODS: readonly Method[] = ['all', 'get', 'run', 'iterate'];

export interface Executed {
  sql: string;
  method: Method;
  args: unknown[];
}

type StatementProto = Record<Method, (this: BetterSqlite3.Statement, ...args: unknown[]) => unknown>;

/**
 * Runs fn and records every statement executed on this connection meanwhile, and every statement
 * sent to the read pool's worker threads (the heavy reads run there, on their own connections).
 */
export async function captureStatements<T>(
  sqlite: BetterSqlite3.Database,
  fn: () => Promise<T>,
  readPool?: ReadPool,
): Promise<{ result: T; executed: Executed[] }> {
  const proto = Object.getPrototypeOf(sqlite.prepare('SELECT 1')) as StatementProto;
  const originals = new Map(METHODS.map((m) => [m, proto[m]] as const));
  const executed: Executed[] = [];
  for (const method of METHODS) {
    const original = originals.get(method)!;
    proto[method] = function (this: BetterSqlite3.Statement, ...args: unknown[]) {
      if (this.database === sqlite) executed.push({ sql: this.source, method, args });
      return original.apply(this, args);
    };
  }
  // A worker runs each statement it is sent with all(): replayed the same way, on this connection.
  const stopObserving = readPool?.observe(({ sql, parameters }) => executed.push({ sql, method: 'all', args: [[...parameters]] }));
  try {
    return { result: await fn(), executed };
  } finally {
    stopObserving?.();
    for (const method of METHODS) proto[method] = originals.get(method)!;
  }
}

/** The captured statements, prepared once, as one function that runs them all and returns their results. */
export function rawReplay(sqlite: BetterSqlite3.Database, executed: readonly Executed[]): () => unknown[] {
  if (executed.some((e) => e.method === 'run')) throw new Error('a members.list call wrote to the database: it cannot be replayed as its baseline');
  const steps = executed.map((e) => {
    const stmt = sqlite.prepare(e.sql);
    const method = e.method === 'iterate' ? 'all' : e.method;
    return () => (stmt[method] as (...a: unknown[]) => unknown)(...e.args);
  });
  return () => steps.map((step) => step());
}

/** What a members.list page says: who is on it, in order, and how many match in all. */
export interface PageAnswer {
  ids: string[];
  total: number;
}

export const answerOfPage = (page: MemberListPage): PageAnswer => ({ ids: page.items.map((i) => i.membershipId), total: page.total });

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] => (Array.isArray(result) ? (result as Row[]) : result && typeof result === 'object' ? [result as Row] : []);
const text = (v: unknown) => Buffer.from(String(v ?? ''), 'utf8');

/**
 * The page and total read from the replay's own rows: the page is the last statement's rows that
 * carry membership ids, put in the sort's order (a deep page may be read backwards from the end)
 * and cut to the page size (a cursor page reads one row more, to tell whether a next page exists);
 * the total is that statement's `total` column, else the first count (`n`) read before it.
 */
export function answerOfReplay(results: readonly unknown[], { sort, limit }: { sort: MemberSort; limit: number }): PageAnswer {
  const k = results.findLastIndex((r) => rowsOf(r).some((row) => 'membershipId' in row));
  const pageRows = k < 0 ? [] : rowsOf(results[k]).filter((row) => row.membershipId !== null && row.membershipId !== undefined);
  const withTotal = k < 0 ? undefined : rowsOf(results[k]).find((row) => 'total' in row);
  const counted = results.slice(0, k < 0 ? results.length : k).map(rowsOf).find((rows) => rows.length === 1 && 'n' in rows[0]!)?.[0];
  const total = Number(withTotal?.total ?? counted?.n ?? Number.NaN);
  // SQLite orders text by its UTF-8 bytes: so does Buffer.compare.
  const cmp = (a: Row, b: Row) => Buffer.compare(text(a.sortKey), text(b.sortKey)) || Buffer.compare(text(a.membershipId), text(b.membershipId));
  const sign = sort.direction === 'desc' ? -1 : 1;
  const inOrder = pageRows.length < 2 || sign * cmp(pageRows[0]!, pageRows.at(-1)!) < 0;
  const ordered = inOrder ? pageRows : [...pageRows].reverse();
  return { ids: ordered.slice(0, limit).map((row) => String(row.membershipId)), total };
}

/**
 * A ranked search's page (members.list says `ranked`): its parts (an exact email, names starting
 * with the search, the rest) are read by statements of their own, each in its order; the page is
 * their rows one after the other, each member once. Only the ids: an estimated total is checked
 * apart, and an exact one against a raw COUNT(*) (members.ts).
 */
export function idsOfRankedReplay(results: readonly unknown[], limit: number): string[] {
  const ids: string[] = [];
  for (const result of results) {
    for (const row of rowsOf(result)) {
      if (row.membershipId === null || row.membershipId === undefined) continue;
      const id = String(row.membershipId);
      if (!ids.includes(id)) ids.push(id);
    }
  }
  return ids.slice(0, limit);
}

export class BaselineMismatch extends Error {
  constructor(caseName: string, product: PageAnswer, baseline: PageAnswer) {
    const show = (a: PageAnswer) => `total ${a.total}, ${a.ids.length} ids [${a.ids.slice(0, 5).join(', ')}${a.ids.length > 5 ? ', …' : ''}]`;
    const firstDiff = product.ids.findIndex((id, i) => baseline.ids[i] !== id);
    super(
      `${caseName}: the baseline gave another answer than members.list\n` +
        `  members.list: ${show(product)}\n` +
        `  baseline:     ${show(baseline)}` +
        (firstDiff >= 0 ? `\n  first difference at row ${firstDiff}: ${product.ids[firstDiff]} vs ${baseline.ids[firstDiff] ?? '(none)'}` : ''),
    );
    this.name = 'BaselineMismatch';
  }
}

/** Throws BaselineMismatch unless the baseline's answer is the product's: same total, same ids in the same order. */
export function assertSameAnswer(caseName: string, product: PageAnswer, baseline: PageAnswer): void {
  const same = product.total === baseline.total && product.ids.length === baseline.ids.length && product.ids.every((id, i) => baseline.ids[i] === id);
  if (!same) throw new BaselineMismatch(caseName, product, baseline);
}
