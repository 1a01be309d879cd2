import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../src-main/core/platform/db/schema';

// Bulk writers for generated rows. Rows are plain arrays in the column order below; each call to
// write() is one transaction, so a batch of members lands whole or not at all.
// Column names are the database's own (snake_case): this layer sits under Kysely's CamelCasePlugin.

type ColumnType = 'text' | 'int';

interface TableSpec {
  columns: readonly (readonly [string, ColumnType])[];
  /** Appended to the INSERT: the same text works in SQLite and PostgreSQL. */
  onConflict?: string;
}

const t = (name: string): readonly [string, ColumnType] => [name, 'text'];
const i = (name: string): readonly [string, ColumnType] => [name, 'int'];

// Listed in foreign-key order: a batch is written table by table in this order.
export const TABLES = {
  tenants: { columns: [t('id'), t('slug'), t('name'), t('free_package_id'), t('created_at'), t('updated_at')] },
  // Demo people are shared by seeded tenants (see ids.ts): a second tenant finds them already there.
  users: {
    columns: [t('id'), t('email'), t('name'), t('avatar_url'), t('created_at'), t('erased_at')],
    onConflict: 'ON CONFLICT ("id") DO NOTHING',
  },
  packages: {
    columns: [
      t('id'), t('tenant_id'), t('name'), t('description'), i('price_minor'), t('interval'), t('currency'),
      i('max_users'), i('max_ai_posts'), i('max_social_accounts'), i('max_campaigns'), t('display_features'),
      i('sale_price_minor'), t('sale_starts_at'), t('sale_ends_at'), t('variant_id'), i('is_active'),
      i('is_popular'), t('created_at'), t('updated_at'),
    ],
  },
  groups: { columns: [t('id'), t('tenant_id'), t('name'), t('description'), t('created_at')] },
  spaces: { columns: [t('id'), t('tenant_id'), t('group_id'), t('name'), t('type'), t('created_at')] },
  memberships: {
    columns: [
      t('id'), t('tenant_id'), t('user_id'), t('role'), t('join_source'), t('status'), t('subscription_status'),
      t('comped_until'), i('is_comped'), t('joined_at'), t('last_active_at'), t('left_at'), t('name_key'), t('email_key'),
    ],
  },
  group_members: { columns: [t('group_id'), t('user_id'), t('added_at')] },
  space_members: { columns: [t('space_id'), t('user_id'), t('role'), t('joined_at')] },
  customers: {
    columns: [t('id'), t('tenant_id'), t('user_id'), t('provider'), t('provider_customer_id'), t('email'), t('created_at')],
  },
  subscriptions: {
    columns: [
      t('id'), t('tenant_id'), t('user_id'), t('customer_id'), t('package_id'), t('provider'),
      t('provider_subscription_id'), t('plan_id'), t('status'), i('amount_minor'), t('currency'), t('interval'),
      t('current_period_end'), i('cancel_at_period_end'), t('started_at'), t('canceled_at'),
      t('provider_updated_at'), t('created_at'), t('updated_at'),
    ],
  },
  subscription_events: {
    columns: [t('id'), t('tenant_id'), t('subscription_id'), t('kind'), t('status'), i('amount_minor'), t('occurred_at')],
  },
  posts: {
    columns: [
      t('id'), t('tenant_id'), t('space_id'), t('author_id'), t('title'), t('content'), t('status'),
      t('scheduled_at'), t('published_at'), t('created_at'), t('updated_at'),
    ],
  },
  comments: { columns: [t('id'), t('post_id'), t('author_id'), t('content'), t('created_at')] },
  reactions: { columns: [t('id'), t('post_id'), t('user_id'), t('kind'), t('created_at')] },
  audit_log: {
    columns: [
      t('id'), t('tenant_id'), t('actor_user_id'), t('action'), t('target_type'), t('target_id'), t('before'),
      t('after'), t('created_at'),
    ],
  },
  settings: {
    columns: [t('scope'), t('key'), t('value'), i('is_secret'), t('updated_at')],
    onConflict: 'ON CONFLICT ("scope", "key") DO UPDATE SET "value" = excluded."value", "updated_at" = excluded."updated_at"',
  },
} satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;
export type Row = unknown[];
export type RowCounts = Partial<Record<TableName, number>>;

const TABLE_ORDER = Object.keys(TABLES) as TableName[];
const TABLE_INDEX = Object.fromEntries(TABLE_ORDER.map((name, k) => [name, k])) as Record<TableName, number>;

/** Where generators put rows. */
export interface RowSink {
  push(table: TableName, row: Row): void;
  /**
   * Everything pushed so far has its parent rows pushed too (say, after each member), so the writer
   * may write it out now. Generators call this often; writers decide when it is worth it.
   */
  rowsComplete(): void;
}

export interface RowWriter {
  /** Runs fill and writes every row it pushes, in one transaction; returns rows inserted or updated per table. */
  write(fill: (sink: RowSink) => void): Promise<RowCounts>;
}

const quote = (name: string) => `"${name}"`;

/**
 * SQLite: rows stream into multi-row INSERTs through cached prepared statements, a few hundred rows
 * at a time, so a batch of any size needs little memory (holding a batch's rows cost 9 s of garbage
 * collection per million members). Many rows per statement matters more than it seems: FTS5 flushes
 * its pending terms at every statement that touches it, so filling member_search through the
 * membership trigger one row per statement took 30 s for a million members; 500 per statement, 3 s.
 */
export function sqliteWriter(sqlite: BetterSqlite3.Database): RowWriter {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const statement = (name: TableName, rowCount: number) => {
    const cacheKey = `${name}:${rowCount}`;
    let stmt = statements.get(cacheKey);
    if (!stmt) {
      const spec: TableSpec = TABLES[name];
      const tuple = `(${spec.columns.map(() => '?').join(',')})`;
      stmt = sqlite.prepare(
        `INSERT INTO ${quote(name)} (${spec.columns.map(([c]) => quote(c)).join(',')}) VALUES ` +
          Array.from({ length: rowCount }, () => tuple).join(',') +
          (spec.onConflict ? ` ${spec.onConflict}` : ''),
      );
      statements.set(cacheKey, stmt);
    }
    return stmt;
  };
  // Well under SQLite's limit of 32,766 bound values per statement.
  const capacity = TABLE_ORDER.map((name) => Math.min(512, Math.floor(8000 / TABLES[name].columns.length)));

  const run = sqlite.transaction((fill: (sink: RowSink) => void) => {
    const pending = TABLE_ORDER.map(() => ({ rows: 0, params: [] as unknown[] }));
    const counts: RowCounts = {};
    let full = false;
    // Tables are written in foreign-key order, parents first.
    const flush = () => {
      pending.forEach((buffer, k) => {
        if (buffer.rows === 0) return;
        const name = TABLE_ORDER[k]!;
        const width = TABLES[name].columns.length;
        // A full buffer is one statement; a remainder is split into power-of-two sizes so that
        // only a handful of statement shapes are ever prepared.
        let offset = 0;
        let left = buffer.rows;
        let changes = 0;
        while (left > 0) {
          const size = left >= capacity[k]! ? capacity[k]! : 2 ** Math.floor(Math.log2(left));
          const params = size === buffer.rows ? buffer.params : buffer.params.slice(offset * width, (offset + size) * width);
          changes += statement(name, size).run(params).changes;
          offset += size;
          left -= size;
        }
        counts[name] = (counts[name] ?? 0) + changes;
        buffer.rows = 0;
        buffer.params = [];
      });
      full = false;
    };
    fill({
      push(table, row) {
        const k = TABLE_INDEX[table];
        const buffer = pending[k]!;
        for (const value of row) buffer.params.push(value);
        if (++buffer.rows >= capacity[k]!) full = true;
      },
      rowsComplete() {
        if (full) flush();
      },
    });
    flush();
    return counts;
  });

  return {
    async write(fill) {
      const counts = run(fill);
      // Let timers and signals run between batches: a batch is synchronous work.
      await new Promise((resolve) => setImmediate(resolve));
      return counts;
    },
  };
}

/**
 * PostgreSQL: one INSERT … SELECT FROM unnest(column arrays) per chunk, a fixed handful of
 * parameters however many rows (a VALUES list would hit the 65,535-parameter limit).
 */
export function postgresWriter(db: Kysely<Database>): RowWriter {
  const CHUNK = 5000;
  return {
    async write(fill) {
      const rows = new Map<TableName, Row[]>(TABLE_ORDER.map((name) => [name, []]));
      fill({ push: (table, row) => rows.get(table)!.push(row), rowsComplete() {} });
      const counts: RowCounts = {};
      await db.transaction().execute(async (trx) => {
        for (const [name, list] of rows) {
          if (list.length === 0) continue;
          const spec: TableSpec = TABLES[name];
          const columns = spec.columns.map(([c]) => quote(c)).join(', ');
          const arrays = spec.columns
            .map(([, type], k) => `$${k + 1}::${type === 'int' ? 'integer' : 'text'}[]`)
            .join(', ');
          const text =
            `INSERT INTO ${quote(name)} (${columns}) SELECT * FROM unnest(${arrays})` +
            (spec.onConflict ? ` ${spec.onConflict}` : '');
          for (let start = 0; start < list.length; start += CHUNK) {
            const chunk = list.slice(start, start + CHUNK);
            const params = spec.columns.map((_, k) => chunk.map((row) => row[k]));
            const result = await trx.executeQuery(CompiledQuery.raw(text, params));
            counts[name] = (counts[name] ?? 0) + Number(result.numAffectedRows ?? 0);
          }
        }
      });
      return counts;
    },
  };
}
