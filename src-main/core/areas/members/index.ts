import type { AreaPlatform } from '../area';
import type { SegmentsRepository } from '../segments/repositories/segments';
import { memberAdminServices } from './member-admin';
import { memberService } from './members';
import { membershipsRepository } from './repositories/memberships';
import { memberTimelineRepository, type CampaignHistory } from './repositories/member-timeline';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';

/**
 * SQLite: changes whenever the data may have: rows this connection changed (total_changes counts
 * those of triggers too) and commits of other connections (data_version).
 */
export async function dataVersionOf(db: Kysely<Database>): Promise<string> {
  const changes = await sql<{ c: number }>`SELECT total_changes() AS c`.execute(db);
  const version = await sql<Record<string, number>>`PRAGMA data_version`.execute(db);
  return `${changes.rows[0]?.c}:${Object.values(version.rows[0] ?? {})[0]}`;
}

/** Who belongs to a tenant: the member list and search, changes, invites, imports, exports, bulk work, erasure. */
export function createMembersArea(
  platform: AreaPlatform,
  ports: {
    /** Saved segments' filters (the segments area), for `members.list {segmentId}`. */
    segments: SegmentsRepository;
    consoleOwnerId: () => Promise<string>;
    /** The campaigns a member got (the campaigns area), for their timeline. */
    campaignHistory: CampaignHistory;
  },
) {
  const { db, reader, dialect, clock, events, jobs } = platform;
  const memberships = membershipsRepository(db, dialect);
  const members = memberService({
    db,
    dialect,
    clock,
    memberships,
    lists: membershipsRepository(reader, dialect, { dataVersion: dialect === 'sqlite' ? () => dataVersionOf(db) : undefined }),
    segments: ports.segments,
    timeline: { ...memberTimelineRepository(db), campaigns: ports.campaignHistory },
    consoleOwnerId: ports.consoleOwnerId,
  });
  return {
    members,
    memberAdmin: memberAdminServices({ db, dialect, clock, events, jobs, consoleOwnerId: ports.consoleOwnerId, criteriaFor: members.criteriaFor }),
  };
}

export type MembersArea = ReturnType<typeof createMembersArea>;
