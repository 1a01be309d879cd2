import type { CompiledQuery, Kysely, KyselyPlugin, QueryResult } from 'kysely';
import type { Database } from './schema';

/** Marks a parameter slot while the statement is compiled: never a value the app writes. */
const SLOT = '\u0000tc-slot:';

interface Compiled {
  plugins: readonly KyselyPlugin[];
  shape: string | number | undefined;
  query: CompiledQuery;
  /** Per parameter: the argument it takes, or null for a value fixed when it was built. */
  slots: (string | null)[];
}

/**
 * A hot statement built with Kysely once per database (its dialect and plugins) and from then on
 * run by its compiled SQL with new parameters. Building and compiling a query costs Kysely more
 * than SQLite spends running an indexed one, and the webhook path runs about a dozen per event.
 *
 * `build` receives stand-ins for the arguments and must give a statement whose shape does not
 * depend on them: use each argument as a value only (never in `is null`, an `in` list, or to pick
 * columns), and give every column of a row explicitly. Arguments may be null where a value may be
 * null (a column set or inserted), never where compared with `=`. A statement of a few shapes (an
 * `in` list of n ids, a row count) takes `shape`: each shape is compiled once.
 */
export function compiledStatement<P extends Record<string, unknown>, R, S extends string | number | undefined = undefined>(
  build: (db: Kysely<Database>, p: P, shape: S) => { compile(db: Kysely<Database>): CompiledQuery<R> },
) {
  const byAdapter = new WeakMap<object, Compiled[]>();
  let stand: P | undefined;

  function compile(db: Kysely<Database>, shape: S): Compiled {
    const executor = db.getExecutor();
    const list = byAdapter.get(executor.adapter) ?? [];
    const plugins = executor.plugins;
    const found = list.find((c) => c.shape === shape && c.plugins.length === plugins.length && c.plugins.every((p, k) => p === plugins[k]));
    if (found) return found;
    stand ??= new Proxy({} as P, { get: (_t, name) => (typeof name === 'string' ? `${SLOT}${name}` : undefined) });
    // A query builder compiles on its own; a raw sql`` template needs the database for it.
    const query = build(db, stand, shape).compile(db);
    const slots = query.parameters.map((v) => (typeof v === 'string' && v.startsWith(SLOT) ? v.slice(SLOT.length) : null));
    const compiled = { plugins: [...plugins], shape, query, slots };
    list.push(compiled);
    byAdapter.set(executor.adapter, list);
    return compiled;
  }

  return {
    /** Runs it in `db` (a transaction or the database) with these arguments. */
    execute(db: Kysely<Database>, args: P, ...shape: S extends undefined ? [] : [S]): Promise<QueryResult<R>> {
      const { query, slots } = compile(db, shape[0] as S);
      const parameters = slots.map((name, k) => {
        if (name === null) return query.parameters[k];
        const value = args[name];
        if (value === undefined) throw new Error(`compiled statement: no value for "${name}"`);
        return value;
      });
      return db.executeQuery<R>({ ...query, parameters });
    },
  };
}
