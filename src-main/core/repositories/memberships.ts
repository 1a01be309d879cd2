import { sql, type Kysely } from 'kysely';
import type { Role } from '../../../src-shared/domain';
import type { Dialect } from '../db/connect';
import type { Database, Membership, NewMembership } from '../db/schema';
import { fts5PrefixQuery, searchWords, tsqueryPrefix } from './member-search';

export interface MemberFilter {
  tenantId: string;
  search?: string;
  role?: Role;
}

export interface MemberPageQuery extends MemberFilter {
  offset: number;
  limit: number;
}

export function membershipsRepository(db: Kysely<Database>, dialect: Dialect) {
  const fromMemberships = () => db.selectFrom('memberships as m');

  // Filters touch memberships only, so that counting a million rows needs no join.
  function filtered(filter: MemberFilter) {
    let q = fromMemberships()
      .where('m.tenantId', '=', filter.tenantId)
      .where('m.status', '=', 'active');
    if (filter.role) q = q.where('m.role', '=', filter.role);
    const words = searchWords(filter.search);
    if (words.length > 0) {
      q =
        dialect === 'sqlite'
          ? q.where(
              sql<boolean>`m.rowid IN (SELECT rowid FROM member_search WHERE member_search MATCH ${fts5PrefixQuery(words)})`,
            )
          : q.where(
              sql<boolean>`m.user_id IN (SELECT id FROM users WHERE to_tsvector('simple', name || ' ' || regexp_replace(email, '[@._+-]', ' ', 'g')) @@ to_tsquery('simple', ${tsqueryPrefix(words)}))`,
            );
    }
    return q;
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
    /** One page of members, newest first, and how many match in all. */
    async page(query: MemberPageQuery) {
      const items = await filtered(query)
        .innerJoin('users as u', 'u.id', 'm.userId')
        .select([
          'm.id as membershipId',
          'm.userId',
          'u.name',
          'u.email',
          'm.role',
          'm.joinSource',
          'm.joinedAt',
          'm.lastActiveAt',
          'm.subscriptionStatus',
        ])
        .orderBy('m.joinedAt', 'desc')
        .orderBy('m.id', 'desc')
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      const { n } = await filtered(query)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return { items, total: Number(n) };
    },
  };
}
export type MembershipsRepository = ReturnType<typeof membershipsRepository>;
