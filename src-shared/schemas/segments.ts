import { z } from 'zod';
import { CONTROL_CHARS_MESSAGE, hasNoControlChars } from './common';
import { memberFilter, segmentIdSchema, type MemberFilter } from './members';

// Saved segments: a member filter kept under a name, for members.list (segmentId), the campaign
// audience picker, export and bulk actions. The filter is the very schema members.list takes.

export const SEGMENT_NAME_MAX = 80;

const segmentName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(SEGMENT_NAME_MAX, `must be at most ${SEGMENT_NAME_MAX} characters`)
  .refine(hasNoControlChars, CONTROL_CHARS_MESSAGE);

export const createSegmentInput = z.strictObject({ name: segmentName, filter: memberFilter });
export type CreateSegmentInput = z.input<typeof createSegmentInput>;

export const updateSegmentInput = z
  .strictObject({ id: segmentIdSchema, name: segmentName.optional(), filter: memberFilter.optional() })
  .refine((u) => u.name !== undefined || u.filter !== undefined, { message: 'give a new name or filter', path: ['name'] });
export type UpdateSegmentInput = z.input<typeof updateSegmentInput>;

export const segmentIdInput = z.strictObject({ id: segmentIdSchema });

export interface Segment {
  id: string;
  name: string;
  filter: MemberFilter;
  createdAt: string;
}

export interface SegmentCount {
  id: string;
  /** Active members matching the segment's filter now. */
  count: number;
}
