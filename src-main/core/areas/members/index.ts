import type { AreaPlatform } from '../area';
import type { SegmentsRepository } from '../segments/repositories/segments';
import { memberAdminServices } from './member-admin';
import { memberService } from './members';
import { membershipsRepository } from './repositories/memberships';
import { memberTimelineRepository } from './repositories/member-timeline';

/** Who belongs to a tenant: the member list and search, changes, invites, imports, exports, bulk work, erasure. */
export function createMembersArea(
  platform: AreaPlatform,
  ports: {
    /** Saved segments' filters (the segments area), for `members.list {segmentId}`. */
    segments: SegmentsRepository;
    consoleOwnerId: () => Promise<string>;
  },
) {
  const { db, reader, dialect, clock, events, jobs } = platform;
  const memberships = membershipsRepository(db, dialect);
  const members = memberService({
    db,
    dialect,
    clock,
    memberships,
    lists: membershipsRepository(reader, dialect),
    segments: ports.segments,
    timeline: memberTimelineRepository(db),
    consoleOwnerId: ports.consoleOwnerId,
  });
  return {
    members,
    memberAdmin: memberAdminServices({ db, dialect, clock, events, jobs, consoleOwnerId: ports.consoleOwnerId, criteriaFor: members.criteriaFor }),
  };
}

export type MembersArea = ReturnType<typeof createMembersArea>;
