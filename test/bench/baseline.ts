import type BetterSqlite3 from 'better-sqlite3';

// The baseline of a members.list call: the very statements the core sent to SQLite for it (captured
// from the connection while the core ran it once), prepared once and run raw. Whatever SQL the
// repository uses today — or after it is changed — the baseline is the same page and total with
// nothing around it: no input validation, query building, re-preparing, row mapping or promises.

interface Executed {
  sql: string;
  method: 'all' | 'get' | 'run' | 'iterate';
  args: unknown[];
  /** What the statement returned to the core (not kept for iterate). */
  result: unknown;
}

const METHODS = new Set(['all', 'get', 'run', 'iterate']);

/** Runs fn and records every statement executed on the connection meanwhile. */
export async function captureStatements<T>(
  sqlite: BetterSqlite3.Database,
  fn: () => Promise<T>,
): Promise<{ result: T; executed: Executed[] }> {
  const executed: Executed[] = [];
  const original = sqlite.prepare;
  const spy = (sql: string) => {
    const stmt = original.call(sqlite, sql);
    return new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof prop === 'string' && METHODS.has(prop) && typeof value === 'function') {
          return (...args: unknown[]) => {
            const result = (value as (...a: unknown[]) => unknown).apply(target, args);
            executed.push({ sql, method: prop as Executed['method'], args, result: prop === 'iterate' ? null : result });
            return result;
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  sqlite.prepare = spy as typeof sqlite.prepare;
  try {
    return { result: await fn(), executed };
  } finally {
    sqlite.prepare = original;
  }
}

/** The captured statements, prepared once, as one function that runs them all and returns their results. */
export function rawReplay(sqlite: BetterSqlite3.Database, executed: readonly Executed[]): () => unknown[] {
  const steps = executed.map((e) => {
    const stmt = sqlite.prepare(e.sql);
    const method = e.method === 'iterate' ? 'all' : e.method;
    return () => (stmt[method] as (...a: unknown[]) => unknown)(...e.args);
  });
  return () => steps.map((step) => step());
}

/**
 * Whether a replay returned what the core's own run got from the same statements: then the raw
 * statements produce the same page and total, whatever the core computes them from.
 */
export function sameResults(executed: readonly Executed[], replayed: readonly unknown[]): boolean {
  return executed.every((e, k) => e.method === 'iterate' || JSON.stringify(e.result) === JSON.stringify(replayed[k]));
}
