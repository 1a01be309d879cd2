import type { AreaPlatform } from '../area';
import type { MemberService } from '../members/members';
import { segmentsRepository } from './repositories/segments';
import { segmentService } from './segments';

/** The saved segments' store, which the members area reads a segment's filter from. */
export const createSegmentsStore = (platform: AreaPlatform) => segmentsRepository(platform.db);

/** Saved member filters ("segments"), checked and counted by the members area. */
export function createSegmentsArea(platform: AreaPlatform, ports: { members: Pick<MemberService, 'criteriaFor' | 'count'> }) {
  return { segments: segmentService({ clock: platform.clock, segments: createSegmentsStore(platform), members: ports.members }) };
}

export type SegmentsArea = ReturnType<typeof createSegmentsArea>;
