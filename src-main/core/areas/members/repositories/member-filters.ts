import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { ACCESS_GRANTING_STATUSES } from '@shared/domain';
import type { MemberTier } from '@shared/member-tier';
import { BUILT_IN_FREE_LIMITS, LIMIT_NAMES, type LimitName } from '@shared/packages';
import { boundEndMs, boundStartMs, type MemberFilter } from '@shared/schemas/members';
import type { Dialect } from '@core/platform/db/connect';
import { foldWord } from '@core/platform/db/read-pool';
import { fts5PrefixQuery, searchWords, tsqueryPrefix } from './member-search';
import { HELD_PERIOD } from '../../billing/repositories/usage';

// The member filter (src-shared/schemas/members.ts) as SQL over `memberships AS m`: one
// translation for members.list, saved segments, export and bulk actions. Written as SQL text in
// snake_case; values are always bound parameters.

/** Which members: a tenant's active members matching every one of `filters` (e.g. a segment and the page's own). */
export interface MemberCriteria {
  tenantId: string;
  filters: readonly MemberFilter[];
  /** "Now" for the comped tier, whose access may have ended. */
  now: string;
  /**
   * A ranked search's later part (memberships.ts): leaves out the members whose name starts with
   * this (lowercased) text, who were listed before the rest.
   */
  notNamePrefix?: string;
}

/** Statuses that end a subscription: a package filter looks for subscriptions that have not ended. */
const ENDED_STATUSES = ['canceled', 'incomplete_expired'] as const;

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));
const iso = (ms: number) => new Date(ms).toISOString();

/** isFreeMember in SQL: joined through free signup and no access-granting subscription. */
function ruleFree(subscriptionStatus: RawBuilder<unknown>, none: 'null' | 'empty'): RawBuilder<SqlBool> {
  const noSubscription = none === 'null' ? sql`${subscriptionStatus} IS NULL` : sql`${subscriptionStatus} = ''`;
  return sql<SqlBool>`(m.join_source = 'free_signup' AND (${noSubscription} OR ${subscriptionStatus} NOT IN (${list(ACCESS_GRANTING_STATUSES)})))`;
}

/** tierOf (src-shared/member-tier.ts) in SQL over a membership row. */
export function tierCondition(tier: MemberTier, now: string): RawBuilder<SqlBool> {
  const comped = sql<SqlBool>`(m.is_comped = 1 AND (m.comped_until IS NULL OR m.comped_until > ${now}))`;
  const free = ruleFree(sql`m.subscription_status`, 'null');
  if (tier === 'comped') return comped;
  return tier === 'free' ? sql<SqlBool>`(NOT ${comped} AND ${free})` : sql<SqlBool>`(NOT ${comped} AND NOT ${free})`;
}

/** Every word a member must match: the words of all the filters' searches. */
export function searchWordsOf(filters: readonly MemberFilter[]): string[] {
  return filters.flatMap((f) => searchWords(f.search));
}

/** A filter that narrows members through another table: the member's words, a group, a space, a package. */
export type MemberSet =
  | { kind: 'search' }
  | { kind: 'group' | 'space' | 'package'; filterIndex: number };

/** The sets the criteria name, the likely narrowest first (what was typed, then groups and spaces). */
export function setsOf(c: MemberCriteria): MemberSet[] {
  const sets: MemberSet[] = searchWordsOf(c.filters).length > 0 ? [{ kind: 'search' }] : [];
  for (const kind of ['group', 'space', 'package'] as const) {
    c.filters.forEach((f, filterIndex) => {
      if (f[`${kind}Id`]) sets.push({ kind, filterIndex });
    });
  }
  return sets;
}

/**
 * SQLite: FROM a set's members, then each one's membership (`m`) by its key. SQLite's planner,
 * without statistics, would rather scan a covering index of the whole tenant and test every row
 * against the set: 1 s at a million members, where reading a 80,000-member group first is 0.1 s.
 */
export function setSource(set: MemberSet, c: MemberCriteria): { from: RawBuilder<unknown>; where: RawBuilder<unknown> } {
  const byUser = sql`CROSS JOIN memberships m INDEXED BY memberships_list_user_idx ON m.tenant_id = ${c.tenantId} AND m.user_id = d.user_id`;
  if (set.kind === 'search') {
    return {
      from: sql`member_search CROSS JOIN memberships m ON m.rowid = member_search.rowid`,
      where: sql`member_search MATCH ${fts5PrefixQuery(searchWordsOf(c.filters))}`,
    };
  }
  const f = c.filters[set.filterIndex]!;
  if (set.kind === 'group') return { from: sql`group_members d ${byUser}`, where: sql`d.group_id = ${f.groupId}` };
  if (set.kind === 'space') {
    const role = f.spaceRole ? sql` AND d.role = ${f.spaceRole}` : sql``;
    return { from: sql`space_members d ${byUser}`, where: sql`d.space_id = ${f.spaceId}${role}` };
  }
  // A member may hold several subscriptions to one package: one row each (GROUP BY also hands
  // the user ids over in order, so the lookups walk the index forwards).
  return {
    from: sql`(SELECT s.user_id FROM subscriptions s
      WHERE s.tenant_id = ${c.tenantId} AND s.package_id = ${f.packageId} AND s.status NOT IN (${list(ENDED_STATUSES)})
      GROUP BY s.user_id) d ${byUser}`,
    where: sql`1 = 1`,
  };
}

const sameSet = (a: MemberSet | undefined, kind: MemberSet['kind'], filterIndex: number) =>
  a !== undefined && a.kind === kind && (a.kind === 'search' || a.filterIndex === filterIndex);

/**
 * The conditions on `m`. With `probe` (SQLite only) the set filters are written `+x IN (…)`, which
 * keeps SQLite from reading the set first: it walks the index it was given and looks each member
 * up in the set instead. `source` is a set the query already reads from (setSource): left out here.
 */
export function memberWhere(
  c: MemberCriteria,
  dialect: Dialect,
  options: { probe?: boolean; source?: MemberSet; search?: SearchBy } = {},
): RawBuilder<SqlBool> {
  const plus = options.probe && dialect === 'sqlite' ? sql.raw('+') : sql.raw('');
  const parts: RawBuilder<unknown>[] = [sql`m.tenant_id = ${c.tenantId}`, sql`m.status = 'active'`];

  const words = searchWordsOf(c.filters);
  const searchBy = options.search ?? 'index';
  if (words.length > 0 && !sameSet(options.source, 'search', -1) && searchBy !== 'none') {
    parts.push(
      dialect === 'postgres'
        ? sql`m.user_id IN (SELECT su.id FROM users su WHERE to_tsvector('simple', su.name || ' ' || regexp_replace(su.email, '[@._+-]', ' ', 'g')) @@ to_tsquery('simple', ${tsqueryPrefix(words)}))`
        : searchBy === 'row'
          ? wordsOnRow(words)
          : sql`${plus}m.rowid IN (SELECT rowid FROM member_search WHERE member_search MATCH ${fts5PrefixQuery(words)})`,
    );
  }
  if (c.notNamePrefix !== undefined) parts.push(sql`NOT COALESCE(${namePrefixCondition(c.notNamePrefix, dialect)}, FALSE)`);

  c.filters.forEach((f, i) => {
    if (f.role) parts.push(sql`m.role = ${f.role}`);
    if (f.tier) parts.push(tierCondition(f.tier, c.now));
    if (f.joinSource) parts.push(sql`m.join_source IN (${sql.join(f.joinSource)})`);
    if (f.subscriptionStatus) {
      const statuses = f.subscriptionStatus.filter((s) => s !== 'none');
      const none = statuses.length < f.subscriptionStatus.length;
      const any = statuses.length > 0 ? sql`m.subscription_status IN (${sql.join(statuses)})` : undefined;
      parts.push(
        none && any ? sql`(m.subscription_status IS NULL OR ${any})` : none ? sql`m.subscription_status IS NULL` : any!,
      );
    }
    if (f.groupId && !sameSet(options.source, 'group', i)) {
      parts.push(sql`${plus}m.user_id IN (SELECT gm.user_id FROM group_members gm WHERE gm.group_id = ${f.groupId})`);
    }
    if (f.spaceId && !sameSet(options.source, 'space', i)) {
      const role = f.spaceRole ? sql` AND sm.role = ${f.spaceRole}` : sql``;
      parts.push(sql`${plus}m.user_id IN (SELECT sm.user_id FROM space_members sm WHERE sm.space_id = ${f.spaceId}${role})`);
    }
    if (f.packageId && !sameSet(options.source, 'package', i)) {
      parts.push(sql`${plus}m.user_id IN (SELECT s.user_id FROM subscriptions s
        WHERE s.tenant_id = ${c.tenantId} AND s.package_id = ${f.packageId} AND s.status NOT IN (${list(ENDED_STATUSES)}))`);
    }
    if (f.joinedFrom) parts.push(sql`m.joined_at >= ${iso(boundStartMs(f.joinedFrom))}`);
    if (f.joinedTo) parts.push(sql`m.joined_at < ${iso(boundEndMs(f.joinedTo))}`);
    // The same expression as memberships_list_active_idx: never active counts as inactive.
    if (f.inactiveSince) parts.push(sql`COALESCE(m.last_active_at, '') < ${iso(boundStartMs(f.inactiveSince))}`);
    if (f.nearLimit) parts.push(nearLimitCondition(c));
    // The Analytics drill-down: members with a churn movement in the range (the analytics read model's days are UTC dates).
    if (f.churnedFrom || f.churnedTo) {
      const from = f.churnedFrom ? iso(boundStartMs(f.churnedFrom)).slice(0, 10) : '0000-01-01';
      const until = f.churnedTo ? iso(boundEndMs(f.churnedTo)).slice(0, 10) : '9999-12-31';
      parts.push(sql`EXISTS (SELECT 1 FROM analytics_movements am WHERE am.tenant_id = m.tenant_id AND am.customer_key = m.user_id AND am.kind = 'churned' AND am.day >= ${from} AND am.day < ${until})`);
    }
  });
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

/**
 * How memberWhere tests a search. `index`: against the search index's set of matches (FTS5 on
 * SQLite). `row`: on the row itself (SQLite's words_match, platform/db/read-pool.ts), for a walk
 * along a sort's index that stops after a page: FTS5 would first build the whole set of matches.
 * `none`: not at all (the caller knows the row matches). PostgreSQL always uses its tsvector.
 */
export type SearchBy = 'index' | 'row' | 'none';

/** SQLite: every word is the prefix of a word of the member's name or email, tested on the row. */
export function wordsOnRow(words: readonly string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`words_match(m.name_key || ' ' || m.email_key, ${words.map(foldWord).join(' ')})`;
}

/**
 * The member's name starts with `prefix` (lowercased as name_key is: SQLite's lower() folds ASCII
 * only, PostgreSQL's every letter). SQLite: a range of memberships_list_name_idx.
 */
export function namePrefixCondition(prefix: string, dialect: Dialect): RawBuilder<SqlBool> {
  if (dialect === 'postgres') return sql<SqlBool>`starts_with(COALESCE(m.name_key, ''), ${prefix})`;
  return sql<SqlBool>`(m.name_key >= ${prefix} AND m.name_key < ${`${prefix}\u{10FFFF}`})`;
}

/** What name_key holds for a name: lower() of the dialect (SQLite's folds ASCII letters only). */
export function nameKeyOf(text: string, dialect: Dialect): string {
  return dialect === 'postgres' ? text.toLowerCase() : text.replace(/[A-Z]+/g, (c) => c.toLowerCase());
}

const LIMIT_COLUMNS: Record<LimitName, string> = {
  maxUsers: 'max_users',
  maxAiPosts: 'max_ai_posts',
  maxSocialAccounts: 'max_social_accounts',
  maxCampaigns: 'max_campaigns',
};
/** The limit a usage_counters row (`uc`) counts against, as a column of package `p`, or the built-in set's value. */
const limitOf = (p: 'p' | null) =>
  sql.raw(`CASE uc.metric ${LIMIT_NAMES.map((n) => `WHEN '${n}' THEN ${p ? `${p}.${LIMIT_COLUMNS[n]}` : BUILT_IN_FREE_LIMITS[n]}`).join(' ')} END`);

/**
 * "Near or over a limit": a held count or this month's metered use at 80% or more of the limit of
 * the member's package, chosen as entitlements.limitsFor does (latest access-granting
 * subscription, else the tenant's free tier, else the built-in set). Zero use is never near.
 */
function nearLimitCondition(c: MemberCriteria): RawBuilder<SqlBool> {
  const max = sql`COALESCE(
    (SELECT ${limitOf('p')} FROM subscriptions s JOIN packages p ON p.id = s.package_id AND p.tenant_id = s.tenant_id
      WHERE s.tenant_id = ${c.tenantId} AND s.user_id = uc.user_id AND s.status IN (${list(ACCESS_GRANTING_STATUSES)})
      ORDER BY s.started_at DESC, s.id DESC LIMIT 1),
    (SELECT ${limitOf('p')} FROM tenants t JOIN packages p ON p.id = t.free_package_id AND p.tenant_id = t.id WHERE t.id = ${c.tenantId}),
    ${limitOf(null)})`;
  return sql<SqlBool>`m.user_id IN (SELECT uc.user_id FROM usage_counters uc
    WHERE uc.tenant_id = ${c.tenantId} AND uc.period IN (${HELD_PERIOD}, ${c.now.slice(0, 7)}) AND uc.count > 0
      AND uc.count * 5 >= ${max} * 4)`;
}

// ---------------------------------------------------------------------------------------------
// Counting from member_counts
// ---------------------------------------------------------------------------------------------

/** Filters member_counts can answer: only columns it counts by. */
export function countableFromCounters(filters: readonly MemberFilter[]): boolean {
  return filters.every(
    (f) =>
      !searchWords(f.search).length && !f.groupId && !f.spaceId && !f.packageId && !f.joinedFrom && !f.joinedTo && !f.inactiveSince && !f.nearLimit && !f.churnedFrom && !f.churnedTo,
  );
}

/**
 * The conditions on `member_counts AS m` for its members who are not comped (is_comped = 0):
 * among them a tier is the free/paid rule alone. Comped members are counted from memberships.
 */
export function counterWhere(c: MemberCriteria): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`m.tenant_id = ${c.tenantId}`, sql`m.is_comped = 0`];
  for (const f of c.filters) {
    if (f.role) parts.push(sql`m.role = ${f.role}`);
    if (f.tier === 'comped') parts.push(sql`1 = 0`);
    if (f.tier === 'free') parts.push(ruleFree(sql`m.subscription_status`, 'empty'));
    if (f.tier === 'paid') parts.push(sql`NOT ${ruleFree(sql`m.subscription_status`, 'empty')}`);
    if (f.joinSource) parts.push(sql`m.join_source IN (${sql.join(f.joinSource)})`);
    if (f.subscriptionStatus) {
      parts.push(sql`m.subscription_status IN (${sql.join(f.subscriptionStatus.map((s) => (s === 'none' ? '' : s)))})`);
    }
  }
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}
