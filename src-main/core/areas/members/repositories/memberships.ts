import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { MemberSort } from '@shared/schemas/members';
import type { Dialect } from '@core/platform/db/connect';
import type { Database, Membership, NewMembership } from '@core/platform/db/schema';
import {
  countableFromCounters,
  counterWhere,
  memberWhere,
  namePrefixCondition,
  searchWordsOf,
  setSource,
  setsOf,
  type MemberCriteria,
} from './member-filters';
import { exactEmailOf } from './member-search';

export type { MemberCriteria } from './member-filters';

/**
 * Where a keyset page starts: after the row with this sort key and membership id. `segment: 'name'`:
 * in a ranked search's first part (names starting with the search, by name_key), not the sort.
 */
export interface MemberPosition {
  key: string;
  id: string;
  segment?: 'name';
}

export interface MemberPageQuery {
  criteria: MemberCriteria;
  sort: MemberSort;
  limit: number;
  /** Rows to skip (page numbers); ignored when `after` is given. */
  offset: number;
  after?: MemberPosition;
  /**
   * A search ranked for typing: the members whose name starts with this (name_key's lowercase)
   * first, by name, then the rest in the sort. Undefined: the sort alone.
   */
  rankByName?: string;
}

/** What page() answers. */
export interface MemberPageResult {
  rows: MemberPageRow[];
  total: number;
  /** The total is an estimate (a search over many members, not counted to the last one). */
  totalIsEstimate: boolean;
  hasMore: boolean;
  /** The rows are ranked (exact email, then names starting with the search, then the sort). */
  ranked: boolean;
}

// A search over many members is not counted before its first page is shown: SQLite samples the
// newest SAMPLE members and, if at least SAMPLE_HITS of them match, estimates from that share;
// PostgreSQL counts up to COUNT_CAP and past it asks the planner. Exact counts are one call away
// (count()): "select all N matching" and exports act on the exact set (member-selection.ts).
const DEFAULT_SAMPLE = 2000;
const DEFAULT_SAMPLE_HITS = 20;
const DEFAULT_COUNT_CAP = 10_000;
// SQLite, a search's page along the sort's index: walked when at least WALK_HITS of the sample
// match (0.5%), and stopped after WALK_SLACK times the rows the sample says it needs (the matches
// are then read first instead, as they are when fewer match).
const WALK_HITS = 10;
const WALK_SLACK = 3;
const MIN_WALK = 2000;

export interface MemberPageRow {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  avatarUrl: string | null;
  role: Membership['role'];
  joinSource: Membership['joinSource'];
  joinedAt: string;
  lastActiveAt: string | null;
  subscriptionStatus: Membership['subscriptionStatus'];
  isComped: number;
  compedUntil: string | null;
  /** The row's place in the sort, for the next page's cursor. */
  position: MemberPosition;
}

// Each sort is a key on memberships and the index that walks it in order, id breaking ties
// (db/migrations/20261122113100_add_member_list_indexes.ts).
const SORTS = {
  joinedAt: { key: sql`m.joined_at`, index: 'memberships_list_joined_idx', column: 'joinedFrom' },
  lastActiveAt: { key: sql`COALESCE(m.last_active_at, '')`, index: 'memberships_list_active_idx', column: 'inactiveSince' },
  name: { key: sql`m.name_key`, index: 'memberships_list_name_idx', column: null },
  email: { key: sql`m.email_key`, index: 'memberships_list_email_idx', column: null },
} as const;

// SQLite: reading one membership by its key costs about this many steps along an index. It
// prices the two ways to a page below.
const LOOKUP_COST = 4;

/**
 * How SQLite reaches a page. `walk`: along the sort's index, testing each row (sets probed by
 * membership). `read`: the matching members first (from the narrowest set, or through the index
 * that holds just them), then sorted. PostgreSQL plans with its own statistics: `planner`.
 */
type Plan = 'walk' | 'read' | 'planner';

/**
 * SQLite, reading matches first without a set: the index holding the fewest rows besides them.
 * Without statistics SQLite would take a covering index of the whole tenant instead.
 */
function readIndex(criteria: MemberCriteria): string | undefined {
  const { filters } = criteria;
  if (filters.some((f) => f.tier === 'comped')) return 'memberships_comped_idx';
  if (filters.some((f) => f.joinedFrom || f.joinedTo)) return 'memberships_list_joined_idx';
  if (filters.some((f) => f.inactiveSince)) return 'memberships_list_active_idx';
  // Last: it holds no status, so every row it reads is looked up (fine for the few ADMINs).
  if (filters.some((f) => f.role)) return 'memberships_tenant_role_joined_idx';
  return undefined;
}

/** Page numbers up to this many rows deep are read forwards in one statement with their total. */
const QUICK_OFFSET = 10_000;

/** SQLite picks its way to a page by how many members match when a set or a narrow index could lead. */
function planNeedsCount(criteria: MemberCriteria): boolean {
  return setsOf(criteria).length > 0 || readIndex(criteria) !== undefined;
}

/**
 * Reads that stay on the app's own connection: a page near the top (or after a cursor) along the
 * sort's index, with its total from the counters, takes well under a millisecond — less than the
 * round trip to a worker thread. Everything else (search, sets, narrow indexes, deep page numbers,
 * counts that scan) goes to the read pool (platform/db/read-pool.ts) so it never holds the loop.
 */
const QUICK_READ_OFFSET = 1_000;

export function isQuickCount(criteria: MemberCriteria): boolean {
  return countableFromCounters(criteria.filters) && !criteria.filters.some((f) => f.search) && !planNeedsCount(criteria);
}

export function isQuickRead(query: MemberPageQuery): boolean {
  return (query.after !== undefined || query.offset <= QUICK_READ_OFFSET) && isQuickCount(query.criteria);
}

/** How a search's total is guessed (the defaults above; tests use small worlds), and how deep pages find their place. */
export interface SearchTotalTuning {
  sample?: number;
  sampleHits?: number;
  countCap?: number;
  /**
   * SQLite: a value that changes whenever the database may have changed (the app connection's
   * total_changes() and data_version). With it, deep page numbers remember where the pages they
   * served start, and seek there by key next time instead of passing every row before them.
   */
  dataVersion?: () => Promise<string>;
  /** Offsets past this use the remembered places (default QUICK_OFFSET). */
  deepFrom?: number;
}

/** Lists whose deep-page places are remembered, and places per list. */
const MAX_PLACED_LISTS = 32;
const MAX_PLACES = 4096;

/** Where deep pages of one list (filters and sort) start: the offset of a row after `position`. */
interface Places {
  version: string;
  /** Sorted by offset: the row at `offset` is the first after `position`. */
  entries: { offset: number; position: MemberPosition }[];
}

export function membershipsRepository(db: Kysely<Database>, dialect: Dialect, tuning: SearchTotalTuning = {}) {
  const SAMPLE = tuning.sample ?? DEFAULT_SAMPLE;
  const SAMPLE_HITS = tuning.sampleHits ?? DEFAULT_SAMPLE_HITS;
  const COUNT_CAP = tuning.countCap ?? DEFAULT_COUNT_CAP;
  // Deep pages' places, per list (deepPage).
  const placed = new Map<string, Places>();
  // The SQL here is written in snake_case and names its results itself: no camelCase pass needed.
  const plain = db.withoutPlugins();

  /** Active members of a tenant, from member_counts (no scan). */
  async function tenantTotal(tenantId: string): Promise<number> {
    const r = await sql<{ n: number | string | null }>`SELECT SUM(n) AS n FROM member_counts WHERE tenant_id = ${tenantId}`.execute(plain);
    return Number(r.rows[0]?.n ?? 0);
  }

  /** FROM and WHERE for the members the criteria select, the way the plan reads them. */
  function source(criteria: MemberCriteria, plan: Plan, walkIndex: string): { from: RawBuilder<unknown>; where: RawBuilder<unknown> } {
    const set = plan === 'read' ? setsOf(criteria)[0] : undefined;
    if (set) {
      const from = setSource(set, criteria);
      return { from: from.from, where: sql`${from.where} AND ${memberWhere(criteria, dialect, { source: set })}` };
    }
    const index = plan === 'walk' ? walkIndex : plan === 'read' ? readIndex(criteria) : undefined;
    if (!index) return { from: sql`memberships m`, where: memberWhere(criteria, dialect) };
    return { from: sql`memberships m INDEXED BY ${sql.raw(index)}`, where: memberWhere(criteria, dialect, { probe: plan === 'walk' }) };
  }

  /** The exact number of members the criteria select, as one SQL expression. */
  function countSql(criteria: MemberCriteria): RawBuilder<number> {
    if (countableFromCounters(criteria.filters)) {
      // Members who are not comped come from member_counts; comped ones (few, and whose tier
      // depends on the time) are counted from memberships through memberships_comped_idx.
      const compedIndex = dialect === 'sqlite' ? sql` INDEXED BY memberships_comped_idx` : sql``;
      return sql<number>`((SELECT COALESCE(SUM(m.n), 0) FROM member_counts m WHERE ${counterWhere(criteria)})
        + (SELECT COUNT(*) FROM memberships m${compedIndex} WHERE m.is_comped = 1 AND ${memberWhere(criteria, dialect)}))`;
    }
    const { from, where } = source(criteria, dialect === 'sqlite' ? 'read' : 'planner', SORTS.joinedAt.index);
    return sql<number>`(SELECT COUNT(*) FROM ${from} WHERE ${where})`;
  }

  async function count(criteria: MemberCriteria): Promise<number> {
    const r = await sql<{ n: number | string }>`SELECT ${countSql(criteria)} AS n`.execute(plain);
    return Number(r.rows[0]?.n ?? 0);
  }

  /**
   * SQLite: walking passes about rowsToPass × tenant / matches rows (each a lookup when the filter
   * tests a column the sort's index lacks); reading first costs a lookup per match, then a sort.
   */
  async function planFor(query: MemberPageQuery, matches: number): Promise<Plan> {
    if (dialect !== 'sqlite') return 'planner';
    const { filters } = query.criteria;
    if (!planNeedsCount(query.criteria)) return 'walk';
    const sets = setsOf(query.criteria).length > 0;
    const tenant = await tenantTotal(query.criteria.tenantId);
    const rowsToPass = (query.after ? 0 : query.offset) + query.limit;
    const sortColumn = SORTS[query.sort.field].column;
    const offIndex = filters.some(
      (f) => (f.inactiveSince && sortColumn !== 'inactiveSince') || ((f.joinedFrom || f.joinedTo) && sortColumn !== 'joinedFrom'),
    );
    const walk = ((rowsToPass * tenant) / Math.max(matches, 1)) * (offIndex ? LOOKUP_COST : 1) + (sets ? matches : 0);
    return walk <= matches * LOOKUP_COST ? 'walk' : 'read';
  }

  /**
   * The rows of one page. With `total` (a count expression) the same statement also returns the
   * total: one statement instead of two for the pages people open most (first pages, cursors).
   */
  async function pageRows(query: MemberPageQuery, plan: Plan, reversed: boolean, offset: number, limit: number, total?: RawBuilder<number>) {
    const spec = SORTS[query.sort.field];
    const desc = (query.sort.direction === 'desc') !== reversed;
    const dir = sql.raw(desc ? 'DESC' : 'ASC');
    const { from, where } = source(query.criteria, plan, spec.index);
    // After the cursor's row: written out rather than as (key, id) < (…), whose range SQLite does not
    // take from an expression index (the last-activity sort would scan from the top).
    const [strict, loose] = desc ? [sql.raw('<'), sql.raw('<=')] : [sql.raw('>'), sql.raw('>=')];
    const keyset = query.after
      ? sql` AND ${spec.key} ${loose} ${query.after.key} AND (${spec.key} ${strict} ${query.after.key} OR m.id ${strict} ${query.after.id})`
      : sql``;
    // Only ids and sort keys while skipping and sorting; the page's own rows are read at the end.
    const page = sql`(
        SELECT m.id AS membership_id, ${spec.key} AS sort_key
        FROM ${from}
        WHERE ${where}${keyset}
        ORDER BY ${spec.key} ${dir}, m.id ${dir}
        LIMIT ${limit} OFFSET ${offset}
      ) p`;
    // With the total: one row of it, joined to the page's rows (none when the page is empty).
    const join = total ? sql`LEFT JOIN` : sql`JOIN`;
    const result = await sql<Omit<MemberPageRow, 'position'> & { sortKey: string; total?: number | string }>`
      SELECT ${total ? sql`t.total AS "total", ` : sql``}p.sort_key AS "sortKey", m.id AS "membershipId", m.user_id AS "userId",
        u.name AS "name", u.email AS "email", u.avatar_url AS "avatarUrl", m.role AS "role", m.join_source AS "joinSource",
        m.joined_at AS "joinedAt", m.last_active_at AS "lastActiveAt", m.subscription_status AS "subscriptionStatus",
        m.is_comped AS "isComped", m.comped_until AS "compedUntil"
      FROM ${total ? sql`(SELECT ${total} AS total) t LEFT JOIN ${page} ON 1 = 1` : page}
      ${join} memberships m ON m.id = p.membership_id
      ${join} users u ON u.id = m.user_id
      ORDER BY p.sort_key ${dir}, p.membership_id ${dir}`.execute(plain);
    const rows: MemberPageRow[] = [];
    for (const r of result.rows) {
      if (r.membershipId === null) continue; // the total's row when the page is empty
      rows.push({
        membershipId: r.membershipId, userId: r.userId, name: r.name, email: r.email, avatarUrl: r.avatarUrl,
        role: r.role, joinSource: r.joinSource, joinedAt: r.joinedAt, lastActiveAt: r.lastActiveAt,
        subscriptionStatus: r.subscriptionStatus, isComped: r.isComped, compedUntil: r.compedUntil,
        position: { key: r.sortKey, id: r.membershipId },
      });
    }
    if (reversed) rows.reverse();
    return { rows, total: total ? Number(result.rows[0]?.total ?? 0) : undefined };
  }

  /** The search matches among the tenant's SAMPLE newest active members (SQLite). */
  async function sample(criteria: MemberCriteria): Promise<{ seen: number; hits: number }> {
    const r = await sql<{ seen: number; hits: number | null }>`
      SELECT COUNT(*) AS seen, SUM(CASE WHEN ${memberWhere(criteria, dialect, { search: 'row' })} THEN 1 ELSE 0 END) AS hits
      FROM (SELECT m.rowid AS rid FROM memberships m INDEXED BY memberships_list_joined_idx
        WHERE m.tenant_id = ${criteria.tenantId} AND m.status = 'active'
        ORDER BY m.joined_at DESC, m.id DESC LIMIT ${SAMPLE}) w
      CROSS JOIN memberships m ON m.rowid = w.rid`.execute(plain);
    return { seen: Number(r.rows[0]?.seen ?? 0), hits: Number(r.rows[0]?.hits ?? 0) };
  }

  /** A search's total: exact when cheap, else an estimate, flagged. `sampled` is sample()'s answer (SQLite). */
  async function searchTotal(criteria: MemberCriteria, sampled?: { seen: number; hits: number }): Promise<{ total: number; isEstimate: boolean }> {
    if (dialect === 'sqlite') {
      const s = sampled ?? (await sample(criteria));
      // The sample is the whole tenant: its hits are the count.
      if (s.seen < SAMPLE) return { total: s.hits, isEstimate: false };
      if (s.hits < SAMPLE_HITS) return { total: await count(criteria), isEstimate: false };
      return { total: Math.round((s.hits / s.seen) * (await tenantTotal(criteria.tenantId))), isEstimate: true };
    }
    const capped = await sql<{ n: number | string }>`
      SELECT COUNT(*) AS n FROM (SELECT 1 FROM memberships m WHERE ${memberWhere(criteria, dialect)} LIMIT ${COUNT_CAP + 1}) c`.execute(plain);
    const n = Number(capped.rows[0]?.n ?? 0);
    if (n <= COUNT_CAP) return { total: n, isEstimate: false };
    const plan = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) SELECT 1 FROM memberships m WHERE ${memberWhere(criteria, dialect)}`.execute(plain);
    const raw = plan.rows[0]?.['QUERY PLAN'];
    const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: { 'Plan Rows'?: number } }[];
    const planned = Math.round(Number(parsed[0]?.Plan?.['Plan Rows'] ?? 0));
    return { total: Math.max(n, planned), isEstimate: true };
  }

  /** Rows of a ranked search's first part: names starting with `prefix`, by name_key, id. */
  async function namedRows(criteria: MemberCriteria, prefix: string, after: MemberPosition | undefined, offset: number, limit: number) {
    const from = dialect === 'sqlite' ? sql`memberships m INDEXED BY memberships_list_name_idx` : sql`memberships m`;
    const keyset = after
      ? sql` AND m.name_key >= ${after.key} AND (m.name_key > ${after.key} OR m.id > ${after.id})`
      : sql``;
    const page = sql`(
        SELECT m.id AS membership_id, m.name_key AS sort_key FROM ${from}
        WHERE ${memberWhere(criteria, dialect, { search: 'row' })} AND ${namePrefixCondition(prefix, dialect)}${keyset}
        ORDER BY m.name_key ASC, m.id ASC LIMIT ${limit} OFFSET ${offset}
      ) p`;
    const rows = await readPage(page, false);
    return rows.map((r) => ({ ...r, position: { ...r.position, segment: 'name' as const } }));
  }

  /** How many members the first part of a ranked search holds (page numbers past it). */
  async function namedCount(criteria: MemberCriteria, prefix: string): Promise<number> {
    const from = dialect === 'sqlite' ? sql`memberships m INDEXED BY memberships_list_name_idx` : sql`memberships m`;
    const r = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${from}
      WHERE ${memberWhere(criteria, dialect, { search: 'row' })} AND ${namePrefixCondition(prefix, dialect)}`.execute(plain);
    return Number(r.rows[0]?.n ?? 0);
  }

  /**
   * SQLite: a search's page along the sort's index from the top or a cursor, each row's words
   * tested in place, passing at most `budget` members. Null when the walk ran out of budget first.
   */
  async function walkRows(query: MemberPageQuery, limit: number, budget: number): Promise<MemberPageRow[] | null> {
    const spec = SORTS[query.sort.field];
    const desc = query.sort.direction === 'desc';
    const dir = sql.raw(desc ? 'DESC' : 'ASC');
    const [strict, loose] = desc ? [sql.raw('<'), sql.raw('<=')] : [sql.raw('>'), sql.raw('>=')];
    const keyset = query.after
      ? sql` AND ${spec.key} ${loose} ${query.after.key} AND (${spec.key} ${strict} ${query.after.key} OR m.id ${strict} ${query.after.id})`
      : sql``;
    // The inner walk hands rows over in the index's order; the outer query stops at `limit` of them.
    const page = sql`(
        SELECT m.id AS membership_id, w.sort_key AS sort_key
        FROM (SELECT m.rowid AS rid, ${spec.key} AS sort_key FROM memberships m INDEXED BY ${sql.raw(spec.index)}
          WHERE m.tenant_id = ${query.criteria.tenantId} AND m.status = 'active'${keyset}
          ORDER BY ${spec.key} ${dir}, m.id ${dir} LIMIT ${budget}) w
        CROSS JOIN memberships m ON m.rowid = w.rid
        WHERE ${memberWhere(query.criteria, dialect, { search: 'row' })}
        LIMIT ${limit}
      ) p`;
    const rows = await readPage(page, desc, true);
    if (rows.length >= limit) return rows;
    // Fewer than asked: the end of the members, or of the budget.
    const passed = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (SELECT 1 FROM memberships m INDEXED BY ${sql.raw(spec.index)}
        WHERE m.tenant_id = ${query.criteria.tenantId} AND m.status = 'active'${keyset} LIMIT ${budget}) c`.execute(plain);
    return Number(passed.rows[0]?.n ?? 0) < budget ? rows : null;
  }

  /** The page's own rows for a subquery `p` of (membership_id, sort_key), in its order. */
  async function readPage(page: RawBuilder<unknown>, desc: boolean, ordered = true): Promise<MemberPageRow[]> {
    const dir = sql.raw(desc ? 'DESC' : 'ASC');
    const result = await sql<Omit<MemberPageRow, 'position'> & { sortKey: string }>`
      SELECT p.sort_key AS "sortKey", m.id AS "membershipId", m.user_id AS "userId",
        u.name AS "name", u.email AS "email", u.avatar_url AS "avatarUrl", m.role AS "role", m.join_source AS "joinSource",
        m.joined_at AS "joinedAt", m.last_active_at AS "lastActiveAt", m.subscription_status AS "subscriptionStatus",
        m.is_comped AS "isComped", m.comped_until AS "compedUntil"
      FROM ${page} JOIN memberships m ON m.id = p.membership_id JOIN users u ON u.id = m.user_id
      ${ordered ? sql`ORDER BY p.sort_key ${dir}, p.membership_id ${dir}` : sql``}`.execute(plain);
    return result.rows.map((r) => ({ ...r, position: { key: r.sortKey, id: r.membershipId } }));
  }

  /** The rest of a search (after its ranked part, if any) from `after` or `offset`: `limit` rows at most, and whether more follow. */
  async function restRows(query: MemberPageQuery, limit: number, density: number | undefined): Promise<{ rows: MemberPageRow[]; hasMore: boolean }> {
    if (dialect === 'postgres') {
      const { rows } = await pageRows(query, 'planner', false, query.after ? 0 : query.offset, limit + 1);
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    }
    if (density !== undefined && density > 0 && (query.after || query.offset === 0)) {
      const budget = Math.max(MIN_WALK, Math.ceil(((limit + 1) / density) * WALK_SLACK));
      const rows = await walkRows(query, limit + 1, budget);
      if (rows) return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    }
    // Few matches (or a page number): read them first, the way pages always were.
    const read = await pageInOrder({ ...query, limit });
    return { rows: read.rows, hasMore: read.hasMore };
  }

  /** A search's page (no group, space or package): the first page without its count, ranked when asked. */
  async function searchPage(query: MemberPageQuery): Promise<MemberPageResult> {
    const { criteria, limit, rankByName: prefix } = query;
    // The sample (for the total and for how to read the rest) and the ranked names are read at
    // the same time, on two workers.
    const sampling = dialect === 'sqlite' ? sample(criteria) : Promise.resolve(undefined);
    const totalRead = sampling.then((sampled) => searchTotal(criteria, sampled));
    // Keep a rejected total from going unhandled while the page is read.
    totalRead.catch(() => undefined);
    const rest = async (q: MemberPageQuery, n: number) => {
      const sampled = await sampling;
      const density = sampled && sampled.hits >= WALK_HITS ? sampled.hits / sampled.seen : undefined;
      return restRows({ ...q, criteria: prefix === undefined ? criteria : { ...criteria, notNamePrefix: prefix } }, n, density);
    };

    let rows: MemberPageRow[];
    let hasMore: boolean;
    if (prefix === undefined || (query.after && query.after.segment === undefined)) {
      ({ rows, hasMore } = await rest(query, limit));
    } else if (query.after || query.offset === 0) {
      const named = await namedRows(criteria, prefix, query.after, 0, limit + 1);
      if (named.length > limit) {
        rows = named.slice(0, limit);
        hasMore = true;
      } else {
        const more = await rest({ ...query, after: undefined, offset: 0 }, limit - named.length);
        rows = [...named, ...more.rows];
        hasMore = more.hasMore;
      }
    } else {
      // A page number: past the names first, then into the rest.
      const namedTotal = await namedCount(criteria, prefix);
      if (query.offset < namedTotal) {
        const named = await namedRows(criteria, prefix, undefined, query.offset, limit + 1);
        const more = named.length > limit ? { rows: [], hasMore: true } : await rest({ ...query, offset: 0 }, limit - named.length);
        rows = [...named, ...more.rows].slice(0, limit);
        hasMore = named.length > limit || more.hasMore;
      } else {
        ({ rows, hasMore } = await rest({ ...query, offset: query.offset - namedTotal }, limit));
      }
    }
    const counted = await totalRead;
    // An estimate never says fewer than the rows already seen.
    const seen = (query.after ? 0 : query.offset) + rows.length + (hasMore ? 1 : 0);
    const total = counted.isEstimate ? Math.max(counted.total, seen) : counted.total;
    return { rows, total, totalIsEstimate: counted.isEstimate, hasMore, ranked: prefix !== undefined };
  }

  return {
    async insert(row: NewMembership): Promise<void> {
      await db.insertInto('memberships').values(row).execute();
    },
    find(tenantId: string, userId: string): Promise<Membership | undefined> {
      return db
        .selectFrom('memberships')
        .selectAll()
        .where('tenantId', '=', tenantId)
        .where('userId', '=', userId)
        .executeTakeFirst();
    },
    tenantTotal,
    /** How many active members match, exact. */
    count,
    /**
     * One page and the exact total, read together so that they agree. A cursor (`after`)
     * costs the same at any depth. A page number passes over the rows before it inside the sort's
     * index; past the middle it counts from the other end.
     */
    async page(query: MemberPageQuery): Promise<MemberPageResult> {
      const searching = searchWordsOf(query.criteria.filters).length > 0 && (dialect === 'postgres' || setsOf(query.criteria).length === 1);
      const read = searching
        ? () => searchPage(query)
        : async () => ({ ...(await pageInOrder({ ...query, rankByName: undefined })), totalIsEstimate: false, ranked: false });
      const email = exactEmailOf(query.criteria.filters.map((f) => f.search));
      if (!email) return read();
      const [found, pinned] = await Promise.all([read(), exactMatch(query.criteria, email, query.sort)]);
      return { ...pinnedFirst(query, found, pinned), ranked: true };
    },
    /** A search's total: exact when cheap, else an estimate, flagged. */
    searchTotal,
    /** @internal the two halves of page(), run inside its snapshot. */
    planFor,
    /** @internal */
    pageRows,
  };

  /**
   * The member whose email is exactly the search, if they match the criteria: their row, read the
   * way pageRows reads rows (through memberships_list_email_idx: one lookup).
   */
  async function exactMatch(criteria: MemberCriteria, email: string, sort: MemberSort): Promise<MemberPageRow | undefined> {
    const spec = SORTS[sort.field];
    const result = await sql<Omit<MemberPageRow, 'position'> & { sortKey: string }>`
      SELECT ${spec.key} AS "sortKey", m.id AS "membershipId", m.user_id AS "userId",
        u.name AS "name", u.email AS "email", u.avatar_url AS "avatarUrl", m.role AS "role", m.join_source AS "joinSource",
        m.joined_at AS "joinedAt", m.last_active_at AS "lastActiveAt", m.subscription_status AS "subscriptionStatus",
        m.is_comped AS "isComped", m.comped_until AS "compedUntil"
      FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.email_key = ${email} AND ${memberWhere(criteria, dialect, { search: 'row' })}
      LIMIT 1`.execute(plain);
    const r = result.rows[0];
    return r && { ...r, position: { key: r.sortKey, id: r.membershipId } };
  }

  /**
   * SQLite, a deep page number of a list with no set or search: from the nearest place a page
   * served before started (a keyset seek), passing only the rows between. A new place is kept
   * for every page served; any change to the database forgets them (dataVersion).
   */
  async function deepPage(query: MemberPageQuery, version: string): Promise<{ rows: MemberPageRow[]; total: number; hasMore: boolean }> {
    const { offset, limit, criteria } = query;
    const key = JSON.stringify([criteria.tenantId, criteria.filters, query.sort]);
    let places = placed.get(key);
    if (!places || places.version !== version) {
      places = { version, entries: [] };
      placed.delete(key);
      placed.set(key, places);
      if (placed.size > MAX_PLACED_LISTS) placed.delete(placed.keys().next().value!);
    }
    const total = await count(criteria);
    if (offset >= total) return { rows: [], total, hasMore: false };
    const entries = places.entries;
    let k = entries.length - 1;
    while (k >= 0 && entries[k]!.offset > offset) k--;
    const from = k >= 0 ? entries[k]! : undefined;
    const skip = offset - (from?.offset ?? 0);
    // One row more, before the page: the place the same page starts from next time.
    const before = skip > 0 ? 1 : 0;
    const rows =
      from || skip <= total / 2
        ? (await pageRows({ ...query, after: from?.position }, 'walk', false, skip - before, limit + before)).rows
        : (await pageRows(query, 'walk', true, Math.max(0, total - offset - limit), Math.min(limit, total - offset) + before)).rows;
    const page = rows.slice(before);
    if (before && rows.length > 0 && entries.length < MAX_PLACES) {
      const at = entries.findIndex((e) => e.offset >= offset);
      if (at < 0) entries.push({ offset, position: rows[0]!.position });
      else if (entries[at]!.offset !== offset) entries.splice(at, 0, { offset, position: rows[0]!.position });
    }
    return { rows: page, total, hasMore: offset + page.length < total };
  }

  async function pageInOrder(query: MemberPageQuery): Promise<{ rows: MemberPageRow[]; total: number; hasMore: boolean }> {
    const { offset, limit, after } = query;
    if (dialect === 'sqlite' && tuning.dataVersion && !after && offset > (tuning.deepFrom ?? QUICK_OFFSET) && setsOf(query.criteria).length === 0 && !db.isTransaction) {
      return deepPage(query, await tuning.dataVersion());
    }
    // One statement when the way to the page does not depend on the total.
    if ((after || offset <= QUICK_OFFSET) && (dialect === 'postgres' || !planNeedsCount(query.criteria))) {
      const plan = dialect === 'sqlite' ? 'walk' : 'planner';
      const read = await pageRows(query, plan, false, after ? 0 : offset, after ? limit + 1 : limit, countSql(query.criteria));
      const total = read.total!;
      if (after) return { rows: read.rows.slice(0, limit), total, hasMore: read.rows.length > limit };
      return { rows: read.rows, total, hasMore: offset + read.rows.length < total };
    }
    const run = async (trx: Kysely<Database>) => {
      const repo = membershipsRepository(trx, dialect, tuning);
      const total = await repo.count(query.criteria);
      const plan = await repo.planFor(query, total);
      if (after) {
        // One row more than asked tells whether there is a next page.
        const { rows } = await repo.pageRows(query, plan, false, 0, limit + 1);
        return { rows: rows.slice(0, limit), total, hasMore: rows.length > limit };
      }
      if (offset >= total) return { rows: [], total, hasMore: false };
      const { rows } =
        offset > total / 2
          ? await repo.pageRows(query, plan, true, Math.max(0, total - offset - limit), Math.min(limit, total - offset))
          : await repo.pageRows(query, plan, false, offset, limit);
      return { rows, total, hasMore: offset + rows.length < total };
    };
    if (db.isTransaction) return run(db);
    // PostgreSQL: one snapshot for both reads. SQLite: the app's one connection, held for both,
    // so no write of this process lands between them (and no BEGIN/COMMIT to pay for).
    if (dialect === 'postgres') return db.transaction().setIsolationLevel('repeatable read').execute(run);
    return db.connection().execute(run);
  }
}

/**
 * The exact email's member opens the first page; later pages leave them out (they were seen). The
 * first page keeps its length: its last row moves to the next page, which starts after the new last.
 */
function pinnedFirst(query: MemberPageQuery, found: MemberPageResult, pinned: MemberPageRow | undefined): MemberPageResult {
  if (!pinned) return found;
  const others = found.rows.filter((r) => r.membershipId !== pinned.membershipId);
  if (query.after || query.offset > 0) return { ...found, rows: others };
  const rows = [pinned, ...others];
  if (rows.length <= query.limit) return { ...found, rows };
  return { ...found, rows: rows.slice(0, query.limit), hasMore: true };
}
export type MembershipsRepository = ReturnType<typeof membershipsRepository>;
