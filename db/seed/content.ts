import { POST_STATUSES, type PostStatus } from '../../src-shared/domain';
import { SPACES, spaceOpenedMs } from './catalog';
import { personUserId } from './ids';
import { memberJoinedMs, SALT, type SeedPlan } from './plan';
import { intBetween, pick, pickWeighted, rngFor, weighted, type Rng } from './random';
import { DAY, HOUR, iso, joinTime, membersJoinedBy } from './time';
import { commentTexts, sentences, titleTemplates, topics } from './words';
import type { RowSink } from './writer';

// Posts, comments and reactions. They grow with the community but stay modest: a demo needs a
// lively feed, not a content benchmark.

export const MAX_POSTS = 5000;

export function postCount(members: number): number {
  return members === 0 ? 0 : Math.min(MAX_POSTS, Math.max(40, Math.round(members / 20)));
}

const STATUS_MIX = weighted<PostStatus>([
  ['PUBLISHED', 74],
  ['ARCHIVED', 10],
  ['DRAFT', 10],
  ['SCHEDULED', 6],
]);
const REACTION_KINDS = weighted([
  ['like', 70],
  ['love', 15],
  ['celebrate', 10],
  ['insightful', 5],
]);
const ANNOUNCEMENTS = 0;

export function generateContent(plan: SeedPlan, out: RowSink): void {
  const { t, ids, tenantId } = plan;
  const count = postCount(plan.members);

  for (let p = 0; p < count; p++) {
    const r = rngFor(plan.key, SALT.post, p);
    let createdMs = joinTime(t, (p + r()) / count);
    const open = SPACES.map((s, k) => [k, spaceOpenedMs(t, s) <= createdMs ? s.postWeight : 0] as const);
    const spaceIndex = open.some(([, w]) => w > 0) ? pickWeighted(r, weighted(open)) : ANNOUNCEMENTS;
    // Admins write the announcements; anyone who had joined by then writes elsewhere.
    const author = spaceIndex === ANNOUNCEMENTS ? pick(r, plan.admins) : memberBefore(plan, r, createdMs);
    createdMs = Math.max(createdMs, memberJoinedMs(plan, author), spaceOpenedMs(t, SPACES[spaceIndex]!));
    // One post of each status comes first, so that even a tiny tenant has them all.
    const status = p < POST_STATUSES.length ? POST_STATUSES[p]! : pickWeighted(r, STATUS_MIX);

    const topic = pick(r, topics);
    const title = pick(r, titleTemplates).replace('{topic}', topic);
    const body = Array.from({ length: intBetween(r, 2, 4) }, () => pick(r, sentences)).join(' ');
    const publishedMs =
      status === 'PUBLISHED' || status === 'ARCHIVED' ? Math.min(t.nowMs, createdMs + Math.floor(r() * 2 * HOUR)) : null;
    const scheduledMs = status === 'SCHEDULED' ? t.nowMs + intBetween(r, 1, 21) * DAY : null;
    const updatedMs =
      status === 'ARCHIVED' ? Math.min(t.nowMs, publishedMs! + Math.floor(r() * 90 * DAY)) : (publishedMs ?? createdMs);
    const postId = ids.post(p);
    out.push('posts', [
      postId,
      tenantId,
      ids.space(spaceIndex),
      personUserId(author),
      title,
      `<p>${body}</p><p>What do you think about ${topic}?</p>`,
      status,
      scheduledMs === null ? null : iso(scheduledMs),
      publishedMs === null ? null : iso(publishedMs),
      iso(createdMs),
      iso(updatedMs),
    ]);
    if (publishedMs === null) {
      out.rowsComplete();
      continue;
    }

    const comments = Math.floor(r() ** 2 * 12);
    for (let k = 0; k < comments; k++) {
      const atMs = Math.min(t.nowMs, publishedMs + Math.floor(r() ** 2 * 20 * DAY));
      const by = memberBefore(plan, r, atMs);
      out.push('comments', [
        ids.comment(p * 16 + k),
        postId,
        personUserId(by),
        pick(r, commentTexts),
        iso(Math.max(atMs, memberJoinedMs(plan, by))),
      ]);
    }

    // Distinct people per post, as (post, user, kind) is unique.
    const wanted = Math.floor(r() ** 1.6 * 30);
    const seen = new Set<number>();
    for (let tries = 0; seen.size < wanted && tries < wanted * 3; tries++) {
      const by = memberBefore(plan, r, publishedMs);
      if (seen.has(by)) continue;
      const k = seen.size;
      seen.add(by);
      const atMs = Math.min(t.nowMs, publishedMs + Math.floor(r() ** 2 * 10 * DAY));
      out.push('reactions', [
        ids.reaction(p * 64 + k),
        postId,
        personUserId(by),
        pickWeighted(r, REACTION_KINDS),
        iso(Math.max(atMs, memberJoinedMs(plan, by))),
      ]);
    }
    out.rowsComplete();
  }
}

/** A member who had joined by `ms` (members join in index order); the first member if nobody had. */
function memberBefore(plan: SeedPlan, r: Rng, ms: number): number {
  const joined = membersJoinedBy(plan.t, plan.members, ms);
  return joined > 0 ? Math.floor(r() * joined) : 0;
}
