import type { Kysely } from 'kysely';
import type { SpaceType } from '@shared/domain';
import type { Database } from '@core/platform/db/schema';

export interface GroupView {
  id: string;
  name: string;
  description: string | null;
  memberCount: number;
}

export interface SpaceView {
  id: string;
  name: string;
  type: SpaceType;
  groupId: string | null;
  memberCount: number;
  moderatorCount: number;
}

/** A tenant's groups and spaces with their sizes, for pickers and filters. */
export function groupsSpacesRepository(db: Kysely<Database>) {
  return {
    async groups(tenantId: string): Promise<GroupView[]> {
      const rows = await db
        .selectFrom('groups as g')
        .leftJoin('groupMembers as gm', 'gm.groupId', 'g.id')
        .select((eb) => ['g.id', 'g.name', 'g.description', eb.fn.count('gm.userId').as('memberCount')])
        .where('g.tenantId', '=', tenantId)
        .groupBy(['g.id', 'g.name', 'g.description'])
        .orderBy('g.name')
        .execute();
      return rows.map((r) => ({ ...r, memberCount: Number(r.memberCount) }));
    },
    async spaces(tenantId: string): Promise<SpaceView[]> {
      const rows = await db
        .selectFrom('spaces as s')
        .leftJoin('spaceMembers as sm', 'sm.spaceId', 's.id')
        .select((eb) => [
          's.id',
          's.name',
          's.type',
          's.groupId',
          eb.fn.count('sm.userId').as('memberCount'),
          eb.fn.count(eb.case().when('sm.role', '=', 'MODERATOR').then(1).end()).as('moderatorCount'),
        ])
        .where('s.tenantId', '=', tenantId)
        .groupBy(['s.id', 's.name', 's.type', 's.groupId'])
        .orderBy('s.name')
        .execute();
      return rows.map((r) => ({ ...r, memberCount: Number(r.memberCount), moderatorCount: Number(r.moderatorCount) }));
    },
  };
}
