import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { MemberSort } from '../../../src-shared/schemas/members';
import type { Dialect } from '../db/connect';
import type { Database, Membership, NewMembership } from '../db/schema';
import {
  countableFromCounters,
  counterWhere,
  memberWhere,
  setSource,
  setsOf,
  type MemberCriteria,
} from './member-filters';

export type { MemberCriteria } from './member-filters';

/** Where a keyset page starts: after the row with this sort key and membership id. */
export interface MemberPosition {
  key: string;
  id: string;
}

export interface MemberPageQuery {
  criteria: MemberCriteria;
  sort: MemberSort;
  limit: number;
  /** Rows to skip (page numbers); ignored when `after` is given. */
  offset: number;
  after?: MemberPosition;
}

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
  if (filters.some((f) => f.role)) return 'memberships_tenant_role_joined_idx';
  if (filters.some((f) => f.joinedFrom || f.joinedTo)) return 'memberships_list_joined_idx';
  if (filters.some((f) => f.inactiveSince)) return 'memberships_list_active_idx';
  return undefined;
}

export function membershipsRepository(db: Kysely<Database>, dialect: Dialect) {
  /** Active members of a tenant, from member_counts (no scan). */
  async function tenantTotal(tenantId: string): Promise<number> {
    const r = await sql<{ n: number | string | null }>`SELECT SUM(n) AS n FROM member_counts WHERE tenant_id = ${tenantId}`.execute(db);
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

  async function count(criteria: MemberCriteria): Promise<number> {
    if (countableFromCounters(criteria.filters)) {
      // Members who are not comped come from member_counts; comped ones (few, and whose tier
      // depends on the time) are counted from memberships through memberships_comped_idx.
      const counted = await sql<{ n: number | string | null }>`SELECT SUM(m.n) AS n FROM member_counts m WHERE ${counterWhere(criteria)}`.execute(db);
      const compedIndex = dialect === 'sqlite' ? sql` INDEXED BY memberships_comped_idx` : sql``;
      const comped = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM memberships m${compedIndex}
        WHERE m.is_comped = 1 AND ${memberWhere(criteria, dialect)}`.execute(db);
      return Number(counted.rows[0]?.n ?? 0) + Number(comped.rows[0]?.n ?? 0);
    }
    const { from, where } = source(criteria, dialect === 'sqlite' ? 'read' : 'planner', SORTS.joinedAt.index);
    const r = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${from} WHERE ${where}`.execute(db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /**
   * SQLite: walking passes about rowsToPass × tenant / matches rows (each a lookup when the filter
   * tests a column the sort's index lacks); reading first costs a lookup per match, then a sort.
   */
  async function planFor(query: MemberPageQuery, matches: number): Promise<Plan> {
    if (dialect !== 'sqlite') return 'planner';
    const { filters } = query.criteria;
    const sets = setsOf(query.criteria).length > 0;
    if (!sets && !readIndex(query.criteria)) return 'walk';
    const tenant = await tenantTotal(query.criteria.tenantId);
    const rowsToPass = (query.after ? 0 : query.offset) + query.limit;
    const sortColumn = SORTS[query.sort.field].column;
    const offIndex = filters.some(
      (f) => (f.inactiveSince && sortColumn !== 'inactiveSince') || ((f.joinedFrom || f.joinedTo) && sortColumn !== 'joinedFrom'),
    );
    const walk = ((rowsToPass * tenant) / Math.max(matches, 1)) * (offIndex ? LOOKUP_COST : 1) + (sets ? matches : 0);
    return walk <= matches * LOOKUP_COST ? 'walk' : 'read';
  }

  async function pageRows(query: MemberPageQuery, plan: Plan, reversed: boolean, offset: number, limit: number) {
    const spec = SORTS[query.sort.field];
    const desc = (query.sort.direction === 'desc') !== reversed;
    const dir = sql.raw(desc ? 'DESC' : 'ASC');
    const { from, where } = source(query.criteria, plan, spec.index);
    const keyset = query.after
      ? sql` AND (${spec.key}, m.id) ${sql.raw(desc ? '<' : '>')} (${query.after.key}, ${query.after.id})`
      : sql``;
    // Only ids and sort keys while skipping and sorting; the page's own rows are read at the end.
    const result = await sql<Omit<MemberPageRow, 'position'> & { sortKey: string }>`
      SELECT p.sort_key AS "sortKey", m.id AS "membershipId", m.user_id AS "userId",
        u.name, u.email, u.avatar_url AS "avatarUrl", m.role, m.join_source AS "joinSource",
        m.joined_at AS "joinedAt", m.last_active_at AS "lastActiveAt", m.subscription_status AS "subscriptionStatus",
        m.is_comped AS "isComped", m.comped_until AS "compedUntil"
      FROM (
        SELECT m.id AS membership_id, ${spec.key} AS sort_key
        FROM ${from}
        WHERE ${where}${keyset}
        ORDER BY ${spec.key} ${dir}, m.id ${dir}
        LIMIT ${limit} OFFSET ${offset}
      ) p
      JOIN memberships m ON m.id = p.membership_id
      JOIN users u ON u.id = m.user_id
      ORDER BY p.sort_key ${dir}, p.membership_id ${dir}`.execute(db);
    const rows = result.rows.map(({ sortKey, ...row }) => ({ ...row, position: { key: sortKey, id: row.membershipId } }));
    return reversed ? rows.reverse() : rows;
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
     * One page and the exact total, read in one snapshot so that they agree. A cursor (`after`)
     * costs the same at any depth. A page number passes over the rows before it inside the sort's
     * index; past the middle it counts from the other end.
     */
    async page(query: MemberPageQuery): Promise<{ rows: MemberPageRow[]; total: number; hasMore: boolean }> {
      const read = async (trx: Kysely<Database>) => {
        const repo = membershipsRepository(trx, dialect);
        const total = await repo.count(query.criteria);
        const plan = await repo.planFor(query, total);
        if (query.after) {
          // One row more than asked tells whether there is a next page.
          const rows = await repo.pageRows(query, plan, false, 0, query.limit + 1);
          return { rows: rows.slice(0, query.limit), total, hasMore: rows.length > query.limit };
        }
        const { offset, limit } = query;
        if (offset >= total) return { rows: [], total, hasMore: false };
        const rows =
          offset > total / 2
            ? await repo.pageRows(query, plan, true, Math.max(0, total - offset - limit), Math.min(limit, total - offset))
            : await repo.pageRows(query, plan, false, offset, limit);
        return { rows, total, hasMore: offset + rows.length < total };
      };
      if (db.isTransaction) return read(db);
      const trx = dialect === 'postgres' ? db.transaction().setIsolationLevel('repeatable read') : db.transaction();
      return trx.execute(read);
    },
    /** @internal the two halves of page(), run inside its snapshot. */
    planFor,
    /** @internal */
    pageRows,
  };
}
export type MembershipsRepository = ReturnType<typeof membershipsRepository>;
