import type { Kysely } from 'kysely';
import type { Role, SpaceType } from '@shared/domain';
import type { Database } from '../../platform/db/schema';

// What the realtime area reads of the community's spaces (never writes): which spaces a member
// belongs to, for their Ably token, and a space's tenant and type, for chat.

export interface SpaceRef {
  id: string;
  tenantId: string;
  type: SpaceType;
}

/** The community's answer to "which spaces may this member use" (community.spacesOf). */
export type SpacesOfPort = (q: { tenantId: string; userId: string; isAdmin?: boolean }) => Promise<{ spaceId: string; type: SpaceType }[]>;

export function spacesReader(db: Kysely<Database>, spacesOf?: SpacesOfPort) {
  /**
   * `callerRole` is the role the caller acts with (their token's, already capped by their
   * membership): an ADMIN's MEMBER token gets a member's spaces, not every space. Left out only
   * where no token is at hand (a message heard on Ably, whose token already limited the channels).
   */
  async function ofMember(tenantId: string, userId: string, callerRole?: Role): Promise<SpaceRef[]> {
    // Only a current member of the tenant has spaces in it; an ADMIN (acting as one) may use every space.
    const membership = await db.selectFrom('memberships').select('role').where('tenantId', '=', tenantId).where('userId', '=', userId).where('leftAt', 'is', null).executeTakeFirst();
    if (!membership) return [];
    const isAdmin = membership.role === 'ADMIN' && (callerRole === undefined || callerRole === 'ADMIN');
    if (spacesOf) return (await spacesOf({ tenantId, userId, isAdmin })).map((s) => ({ id: s.spaceId, tenantId, type: s.type }));
    return db
      .selectFrom('spaceMembers as sm')
      .innerJoin('spaces as s', 's.id', 'sm.spaceId')
      .select(['s.id', 's.tenantId', 's.type'])
      .where('s.tenantId', '=', tenantId)
      .where('sm.userId', '=', userId)
      .orderBy('s.id')
      .execute();
  }
  return {
    /** The spaces of this tenant the member belongs to: the community's rule when wired, else space_members. */
    ofMember,

    async get(spaceId: string): Promise<SpaceRef | undefined> {
      return db.selectFrom('spaces').select(['id', 'tenantId', 'type']).where('id', '=', spaceId).executeTakeFirst();
    },

    async isMember(space: SpaceRef, userId: string, callerRole?: Role): Promise<boolean> {
      return (await ofMember(space.tenantId, userId, callerRole)).some((s) => s.id === space.id);
    },

    /** Every CHAT space (all tenants): the channels the console listens to. */
    async chatSpaceIds(): Promise<string[]> {
      return (await db.selectFrom('spaces').select('id').where('type', '=', 'CHAT').orderBy('id').execute()).map((r) => r.id);
    },
  };
}
export type SpacesReader = ReturnType<typeof spacesReader>;
