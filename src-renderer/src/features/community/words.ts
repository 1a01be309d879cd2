import type { PostStatus, SpaceType } from '@shared/domain';
import type { PillTone } from '../../ui/Pill';

export const SPACE_TYPE_WORDS: Record<SpaceType, { label: string; hint: string }> = {
  FEED: { label: 'Feed', hint: 'A discussion feed of posts and comments' },
  CHAT: { label: 'Chat', hint: 'Real-time chat' },
  COURSE: { label: 'Course', hint: 'A structured course' },
  CALCULATOR: { label: 'Calculator', hint: 'A financial calculator' },
  DASHBOARD: { label: 'Dashboard', hint: 'A data dashboard' },
  EVENT: { label: 'Event', hint: 'An events calendar' },
};

export const POST_STATUS_WORDS: Record<PostStatus, { label: string; tone: PillTone }> = {
  DRAFT: { label: 'Draft', tone: 'neutral' },
  PUBLISHED: { label: 'Published', tone: 'success' },
  SCHEDULED: { label: 'Scheduled', tone: 'info' },
  ARCHIVED: { label: 'Archived', tone: 'warning' },
};
