import { TRPCError } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import type { DomainEvent, DomainEventType } from '../../src-shared/events';
import { mentionCandidates } from '../../src-main/core/areas/community/comments';
import { addMembers, dialects } from '../support/core';
import { makeTwoTenants, type TwoTenants } from '../support/two-tenants';

const START = '2026-06-01T09:00:00.000Z';

/** A refused call: its tRPC code, message and the field at fault (from zod or our DomainError). */
async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string; field?: string }> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    const cause = err.cause as { issues?: { path: PropertyKey[]; message: string }[]; details?: { field?: string } } | undefined;
    const issue = cause?.issues?.[0];
    if (issue) return { code: err.code, message: `${issue.path.map(String).join('.')}: ${issue.message}`, field: issue.path.map(String).join('.') };
    return { code: err.code, message: err.message, field: cause?.details?.field };
  }
  throw new Error('expected the call to be refused');
}

function listen<T extends DomainEventType>(world: TwoTenants, type: T, name: string): DomainEvent<T>[] {
  const seen: DomainEvent<T>[] = [];
  world.core.services.events.subscribe(type, async (e) => void seen.push(e), { name });
  return seen;
}

describe.each(dialects)('community on %s', (dialect) => {
  let world: TwoTenants;
  let clock: ReturnType<typeof fixedClock>;
  afterEach(async () => world?.dispose());

  async function setup() {
    clock = fixedClock(START);
    world = await makeTwoTenants(dialect, { clock });
    const admin = await world.caller(world.alpha.id, world.alphaAdmin, 'ADMIN');
    const ann = await world.caller(world.alpha.id, world.alphaOnly, 'MEMBER');
    const sam = await world.caller(world.alpha.id, world.shared, 'MEMBER');
    return { admin, ann, sam };
  }

  it('spaces: create the six types, order, visibility by group, members and moderators, archive', async () => {
    const { admin, ann, sam } = await setup();
    const roles = listen(world, 'space.role_changed', 'test-roles');
    const feed = await admin.spaces.create({ name: 'Announcements', type: 'FEED', description: 'News from the team' });
    for (const type of ['CHAT', 'COURSE', 'CALCULATOR', 'DASHBOARD', 'EVENT'] as const) await admin.spaces.create({ name: `${type} space`, type });
    expect(feed).toMatchObject({ name: 'Announcements', type: 'FEED', visibility: 'everyone', groupIds: [], position: 1, archivedAt: null });

    // Visible to members of one group only.
    const db = world.core.database.db;
    await db.insertInto('groups').values({ id: 'group_premium0001', tenantId: world.alpha.id, name: 'Premium', description: null, createdAt: START }).execute();
    await db.insertInto('groupMembers').values({ groupId: 'group_premium0001', userId: world.alphaOnly, addedAt: START }).execute();
    const vip = await admin.spaces.create({ name: 'VIP lounge', type: 'CHAT', visibility: 'groups', groupIds: ['group_premium0001'] });
    expect(vip.groupIds).toEqual(['group_premium0001']);
    expect((await ann.spaces.mine()).map((s) => s.name)).toContain('VIP lounge');
    expect((await sam.spaces.mine()).map((s) => s.name)).not.toContain('VIP lounge');
    expect((await refusal(sam.posts.list({ spaceId: vip.id }))).code).toBe('NOT_FOUND');

    // A group of another tenant, or none for 'groups', is refused naming the field.
    const noGroup = await refusal(admin.spaces.create({ name: 'Nobody', type: 'FEED', visibility: 'groups' }));
    expect(noGroup).toMatchObject({ code: 'BAD_REQUEST' });
    expect(noGroup.message).toMatch(/groupIds/);
    expect((await refusal(admin.spaces.create({ name: 'Announcements', type: 'FEED' }))).message).toMatch(/name: a space named "Announcements" already exists/);

    // A space that names one group in spaces.group_id (an import, the seed) is that group's.
    await db.insertInto('spaces').values({ id: 'space_legacy000001', tenantId: world.alpha.id, groupId: 'group_premium0001', name: 'Legacy premium', type: 'FEED', createdAt: START }).execute();
    expect((await ann.spaces.mine()).map((s) => s.name)).toContain('Legacy premium');
    expect((await sam.spaces.mine()).map((s) => s.name)).not.toContain('Legacy premium');
    expect((await admin.spaces.overview()).find((s) => s.name === 'Legacy premium')).toMatchObject({ visibility: 'groups', groupIds: ['group_premium0001'] });
    await admin.spaces.update({ spaceId: 'space_legacy000001', visibility: 'everyone' });
    expect((await sam.spaces.mine()).map((s) => s.name)).toContain('Legacy premium');

    // Order: the VIP lounge first.
    const ordered = await admin.spaces.reorder({ spaceIds: [vip.id] });
    expect(ordered.map((s) => s.name).slice(0, 2)).toEqual(['VIP lounge', 'Legacy premium']);

    // Members and moderators; the event says from and to.
    await admin.spaces.setMemberRole({ spaceId: feed.id, userId: world.shared, role: 'MODERATOR' });
    await admin.spaces.setMemberRole({ spaceId: feed.id, userId: world.alphaOnly, role: 'MEMBER' });
    expect(await admin.spaces.members({ spaceId: feed.id })).toMatchObject([
      { userId: world.shared, role: 'MODERATOR' },
      { userId: world.alphaOnly, role: 'MEMBER' },
    ]);
    await admin.spaces.setMemberRole({ spaceId: feed.id, userId: world.alphaOnly, role: null });
    expect((await refusal(admin.spaces.setMemberRole({ spaceId: feed.id, userId: world.bravoOnly, role: 'MEMBER' }))).message).toMatch(/userId: .* is not a member of this community/);
    await world.core.jobs.drain();
    expect(roles.map((e) => e.data)).toEqual([
      expect.objectContaining({ spaceId: feed.id, userId: world.shared, from: null, to: 'MODERATOR' }),
      expect.objectContaining({ spaceId: feed.id, userId: world.alphaOnly, from: null, to: 'MEMBER' }),
      expect.objectContaining({ spaceId: feed.id, userId: world.alphaOnly, from: 'MEMBER', to: null }),
    ]);
    expect((await sam.spaces.get({ spaceId: feed.id })).canModerate).toBe(true);

    // Archived: gone for members, kept (last) for the owner, restorable.
    await admin.spaces.archive({ spaceId: feed.id });
    expect((await ann.spaces.mine()).map((s) => s.id)).not.toContain(feed.id);
    expect((await admin.spaces.overview()).at(-1)).toMatchObject({ id: feed.id, archivedAt: START });
    expect((await refusal(ann.posts.create({ spaceId: feed.id, title: 'Hi', content: '<p>x</p>', status: 'PUBLISHED' }))).code).toBe('NOT_FOUND');
    await admin.spaces.restore({ spaceId: feed.id });
    expect((await ann.spaces.mine()).map((s) => s.id)).toContain(feed.id);

    // Only ADMINs manage spaces.
    expect((await refusal(sam.spaces.create({ name: 'Mine', type: 'FEED' }))).code).toBe('FORBIDDEN');
  });

  it("posts.create and posts.list: the seed's shape, pages with the cursor, pinned first", async () => {
    const { admin, ann } = await setup();
    await world.core.database.db.updateTable('users').set({ avatarUrl: 'https://cdn.example/ann.png' }).where('id', '=', world.alphaOnly).execute();
    const space = await admin.spaces.create({ name: 'Feed', type: 'FEED' });
    const ids: string[] = [];
    for (let i = 1; i <= 25; i++) {
      clock.advance(60_000);
      const post = await ann.posts.create({ spaceId: space.id, title: `Post ${i}`, content: `<p>Body <strong>${i}</strong></p>`, status: 'PUBLISHED' });
      ids.push(post.id);
    }
    const first = await ann.posts.list({ spaceId: space.id, limit: 10 });
    expect(first.items[0]).toEqual({
      id: ids[24],
      spaceId: space.id,
      title: 'Post 25',
      content: '<p>Body <strong>25</strong></p>',
      status: 'PUBLISHED',
      author: { id: world.alphaOnly, name: 'Ann Alpha', profilePhotoUrl: 'https://cdn.example/ann.png' },
      _count: { Reaction: 0, Comment: 0 },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      scheduledAt: null,
      publishedAt: expect.any(String),
      pinned: false,
      hidden: false,
      reacted: false,
    });
    const seen = [...first.items.map((p) => p.id)];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await ann.posts.list({ spaceId: space.id, limit: 10, cursor });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());

    // A pinned post leads; paging still sees every post once.
    await admin.posts.pin({ postId: ids[3]!, pinned: true });
    const pinnedFirst = await ann.posts.list({ spaceId: space.id, limit: 4 });
    expect(pinnedFirst.items.map((p) => p.title)).toEqual(['Post 4', 'Post 25', 'Post 24', 'Post 23']);
    const all: string[] = [];
    let c: string | null | undefined;
    do {
      const page = await ann.posts.list({ spaceId: space.id, limit: 4, cursor: c });
      all.push(...page.items.map((p) => p.id));
      c = page.nextCursor;
    } while (c);
    expect(new Set(all).size).toBe(25);
    expect(all).toHaveLength(25);
    // More pinned posts than a page holds: pages run through the pinned ones, then the rest.
    await admin.posts.pin({ postId: ids[9]!, pinned: true });
    await admin.posts.pin({ postId: ids[14]!, pinned: true });
    const titles: string[] = [];
    let next: string | null | undefined;
    do {
      const page = await ann.posts.list({ spaceId: space.id, limit: 2, cursor: next });
      titles.push(...page.items.map((p) => p.title));
      next = page.nextCursor;
    } while (next);
    const unpinned = Array.from({ length: 25 }, (_, i) => `Post ${25 - i}`).filter((t) => !['Post 4', 'Post 10', 'Post 15'].includes(t));
    expect(titles).toEqual(['Post 15', 'Post 10', 'Post 4', ...unpinned]);
    expect((await refusal(ann.posts.pin({ postId: ids[0]!, pinned: true }))).code).toBe('FORBIDDEN');

    // Bad input names the field.
    expect((await refusal(ann.posts.list({ spaceId: space.id, limit: 1000 }))).message).toMatch(/^limit: /);
    expect((await refusal(ann.posts.create({ spaceId: space.id, title: '', content: 'x', status: 'PUBLISHED' }))).message).toMatch(/^title: /);
    expect((await refusal(ann.posts.create({ spaceId: space.id, title: 'Later', content: 'x', status: 'SCHEDULED' }))).message).toMatch(/^scheduledAt: is required/);
  });

  it('<script> and event handlers never survive in post content, and such a post is flagged for moderators', async () => {
    const { admin, ann } = await setup();
    const space = await admin.spaces.create({ name: 'Feed', type: 'FEED' });
    const post = await ann.posts.create({
      spaceId: space.id,
      title: 'Hello',
      content: '<p onclick="steal()">Hi<script>alert(1)</script><img src="https://x.test/a.png" onerror="steal()"><a href="javascript:steal()">link</a></p>',
      status: 'PUBLISHED',
    });
    expect(post.content).not.toMatch(/script|onclick|onerror|javascript:/i);
    expect(post.content).toContain('Hi');
    const updated = await ann.posts.update({ postId: post.id, content: '<h2>New</h2><svg onload="x()"></svg><p>ok</p>' });
    expect(updated.content).toBe('<h2>New</h2><p>ok</p>');
    const listed = await ann.posts.list({ spaceId: space.id });
    expect(listed.items.map((p) => p.content).join('')).not.toMatch(/<script|\son\w+=/i);
    const queue = await admin.moderation.queue({});
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ targetType: 'post', targetId: post.id, state: 'visible', reports: [{ source: 'flag', reporter: null }] });
  });

  it('a scheduled post is published at its time by a durable job, and announced once', async () => {
    const { admin, ann, sam } = await setup();
    const published = listen(world, 'post.published', 'test-published');
    const space = await admin.spaces.create({ name: 'Feed', type: 'FEED' });
    const at = '2026-06-01T12:00:00.000Z';
    const post = await ann.posts.create({ spaceId: space.id, title: 'Noon news', content: '<p>Lunch</p>', status: 'SCHEDULED', scheduledAt: '2026-06-01T14:00:00+02:00' });
    expect(post).toMatchObject({ status: 'SCHEDULED', scheduledAt: at, publishedAt: null });
    expect((await refusal(ann.posts.create({ spaceId: space.id, title: 'Past', content: 'x', status: 'SCHEDULED', scheduledAt: '2026-05-01T00:00:00Z' }))).message).toBe('scheduledAt: must be in the future');

    await world.core.jobs.drain();
    expect((await ann.posts.get({ postId: post.id })).status).toBe('SCHEDULED');
    // Others see it only once it is out.
    expect((await sam.posts.list({ spaceId: space.id })).items).toEqual([]);
    expect(published).toEqual([]);

    clock.set('2026-06-01T11:59:59.000Z');
    await world.core.jobs.drain();
    expect((await ann.posts.get({ postId: post.id })).status).toBe('SCHEDULED');

    clock.set(at);
    await world.core.jobs.drain();
    await world.core.jobs.drain();
    const out = await sam.posts.get({ postId: post.id });
    expect(out).toMatchObject({ status: 'PUBLISHED', publishedAt: at });
    expect(published.map((e) => e.data)).toEqual([{ postId: post.id, spaceId: space.id, authorId: world.alphaOnly, title: 'Noon news' }]);

    // Editing a scheduled post keeps its time, even once due and not yet picked up.
    const late = await ann.posts.create({ spaceId: space.id, title: 'Late', content: 'x', status: 'SCHEDULED', scheduledAt: '2026-06-01T12:30:00Z' });
    clock.set('2026-06-01T12:45:00.000Z');
    expect(await ann.posts.update({ postId: late.id, title: 'Late, edited' })).toMatchObject({ status: 'SCHEDULED', scheduledAt: '2026-06-01T12:30:00.000Z' });
    expect((await refusal(ann.posts.update({ postId: late.id, status: 'DRAFT', scheduledAt: '2026-06-01T13:00:00Z' }))).message).toBe('scheduledAt: only a SCHEDULED post has a publishing time');
    await world.core.jobs.drain();
    expect(await sam.posts.get({ postId: late.id })).toMatchObject({ status: 'PUBLISHED', title: 'Late, edited' });

    // Moved schedule: only the new time publishes.
    const moved = await ann.posts.create({ spaceId: space.id, title: 'Moved', content: 'x', status: 'SCHEDULED', scheduledAt: '2026-06-01T13:00:00Z' });
    await ann.posts.update({ postId: moved.id, scheduledAt: '2026-06-01T15:00:00Z' });
    clock.set('2026-06-01T13:30:00.000Z');
    await world.core.jobs.drain();
    expect((await ann.posts.get({ postId: moved.id })).status).toBe('SCHEDULED');
    clock.set('2026-06-01T15:00:00.000Z');
    await world.core.jobs.drain();
    expect((await ann.posts.get({ postId: moved.id })).status).toBe('PUBLISHED');
    await world.core.jobs.drain();
    expect(published.filter((e) => e.data.postId === moved.id)).toHaveLength(1);
  });

  it('comments with one level of replies, reactions, and the events realtime listens to', async () => {
    const { admin, ann, sam } = await setup();
    const comments = listen(world, 'comment.created', 'test-comments');
    const space = await admin.spaces.create({ name: 'Feed', type: 'FEED' });
    const post = await ann.posts.create({ spaceId: space.id, title: 'Question', content: '<p>?</p>', status: 'PUBLISHED' });
    const top = await sam.comments.create({ postId: post.id, content: 'An answer <b>plain</b>' });
    const reply = await ann.comments.create({ postId: post.id, content: 'Thanks!', parentId: top.id });
    const deeper = await refusal(sam.comments.create({ postId: post.id, content: 'Deeper', parentId: reply.id }));
    expect(deeper).toMatchObject({ code: 'BAD_REQUEST' });
    expect(deeper.message).toMatch(/^parentId: replies go one level deep/);
    const thread = await admin.comments.list({ postId: post.id });
    expect(thread).toMatchObject([{ id: top.id, content: 'An answer <b>plain</b>', replies: [{ id: reply.id, parentId: top.id, content: 'Thanks!' }] }]);

    expect(await sam.reactions.toggle({ postId: post.id })).toEqual({ reacted: true, count: 1 });
    expect(await admin.reactions.toggle({ postId: post.id })).toEqual({ reacted: true, count: 2 });
    expect(await sam.reactions.toggle({ postId: post.id })).toEqual({ reacted: false, count: 1 });
    expect((await ann.posts.get({ postId: post.id }))._count).toEqual({ Reaction: 1, Comment: 2 });
    // One member giving every kind counts once; a kind outside the list is refused naming the field.
    for (const kind of ['love', 'laugh', 'wow', 'sad', 'celebrate'] as const) expect((await sam.reactions.toggle({ postId: post.id, kind })).count).toBe(2);
    expect((await ann.posts.get({ postId: post.id }))._count.Reaction).toBe(2);
    for (const kind of ['x', 'spam_a', 'zz']) expect(await refusal(sam.reactions.toggle({ postId: post.id, kind: kind as 'like' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'kind' });
    for (const kind of ['love', 'laugh', 'wow', 'sad', 'celebrate'] as const) await sam.reactions.toggle({ postId: post.id, kind });

    // Comments wait for the post to be published.
    const draft = await ann.posts.create({ spaceId: space.id, title: 'Draft', content: 'x', status: 'DRAFT' });
    expect((await refusal(ann.comments.create({ postId: draft.id, content: 'early' }))).message).toMatch(/^postId: comments open once/);
    expect((await refusal(sam.comments.list({ postId: draft.id }))).code).toBe('NOT_FOUND');

    await world.core.jobs.drain();
    expect(comments.map((e) => e.data)).toEqual([
      { commentId: top.id, postId: post.id, spaceId: space.id, authorId: world.shared, parentId: null, postAuthorId: world.alphaOnly, parentAuthorId: null, mentionedUserIds: [] },
      { commentId: reply.id, postId: post.id, spaceId: space.id, authorId: world.alphaOnly, parentId: top.id, postAuthorId: world.alphaOnly, parentAuthorId: world.shared, mentionedUserIds: [] },
    ]);

    // Only the author or a moderator changes a post.
    expect((await refusal(sam.posts.update({ postId: post.id, title: 'Mine now' }))).code).toBe('FORBIDDEN');
    expect((await refusal(sam.posts.delete({ postId: post.id }))).code).toBe('FORBIDDEN');
    expect((await ann.posts.archive({ postId: post.id })).status).toBe('ARCHIVED');
    expect((await refusal(sam.posts.get({ postId: post.id }))).code).toBe('NOT_FOUND');
    expect(await ann.posts.delete({ postId: post.id })).toEqual({ deleted: true });
  });

  it('moderation: a reported comment is hidden and restored by a moderator of its space, with audit entries; a moderator cannot act outside their spaces', async () => {
    const { admin, ann, sam } = await setup();
    const reported = listen(world, 'post.reported', 'test-reported');
    const [mo] = await addMembers(world.core, world.alpha.id, [{ name: 'Mo Moderator', email: 'mo@alpha.test' }]);
    const moderator = await world.caller(world.alpha.id, mo!, 'MEMBER');
    const general = await admin.spaces.create({ name: 'General', type: 'FEED' });
    const other = await admin.spaces.create({ name: 'Other', type: 'FEED' });
    await admin.spaces.setMemberRole({ spaceId: general.id, userId: mo!, role: 'MODERATOR' });

    const post = await ann.posts.create({ spaceId: general.id, title: 'Hello', content: '<p>hi</p>', status: 'PUBLISHED' });
    const rude = await sam.comments.create({ postId: post.id, content: 'Something rude' });
    const elsewhere = await ann.posts.create({ spaceId: other.id, title: 'Elsewhere', content: '<p>there</p>', status: 'PUBLISHED' });
    const elsewhereComment = await sam.comments.create({ postId: elsewhere.id, content: 'Also rude' });

    const r1 = await ann.moderation.report({ targetType: 'comment', targetId: rude.id, reason: 'Insulting' });
    expect(await ann.moderation.report({ targetType: 'comment', targetId: rude.id, reason: 'again' })).toEqual({ reportId: r1.reportId, created: false });
    await admin.moderation.report({ targetType: 'comment', targetId: rude.id, reason: 'Off topic' });
    await ann.moderation.report({ targetType: 'comment', targetId: elsewhereComment.id, reason: 'Rude too' });
    await world.core.jobs.drain();
    expect(reported.map((e) => e.data.targetId)).toEqual([rude.id, rude.id, elsewhereComment.id]);

    // The moderator's queue holds their space only; the ADMIN's holds both.
    const queue = await moderator.moderation.queue({});
    expect(queue).toEqual([
      expect.objectContaining({
        targetType: 'comment',
        targetId: rude.id,
        postId: post.id,
        spaceName: 'General',
        postTitle: 'Hello',
        excerpt: 'Something rude',
        author: { id: world.shared, name: 'Sam Shared' },
        state: 'visible',
        reports: [expect.objectContaining({ reason: 'Insulting', source: 'report', reporter: { id: world.alphaOnly, name: 'Ann Alpha' } }), expect.objectContaining({ reason: 'Off topic' })],
      }),
    ]);
    expect((await admin.moderation.queue({})).map((i) => i.targetId).sort()).toEqual([rude.id, elsewhereComment.id].sort());
    expect((await refusal(sam.moderation.queue({}))).code).toBe('FORBIDDEN');
    expect((await refusal(moderator.moderation.queue({ spaceId: other.id }))).code).toBe('FORBIDDEN');

    // Outside their space: refused, and nothing changes.
    expect((await refusal(moderator.moderation.hide({ targetType: 'comment', targetId: elsewhereComment.id }))).code).toBe('FORBIDDEN');
    expect((await refusal(moderator.moderation.archive({ targetType: 'post', targetId: elsewhere.id }))).code).toBe('FORBIDDEN');
    expect((await refusal(moderator.posts.pin({ postId: elsewhere.id, pinned: true }))).code).toBe('FORBIDDEN');
    expect((await sam.comments.list({ postId: elsewhere.id })).map((c) => c.id)).toEqual([elsewhereComment.id]);

    // In their space: hide → members no longer see it; the reports are resolved; an audit entry.
    expect(await moderator.moderation.hide({ targetType: 'comment', targetId: rude.id, note: 'insult' })).toEqual({ state: 'hidden', resolvedReports: 2 });
    expect(await sam.comments.list({ postId: post.id })).toEqual([]);
    expect((await moderator.comments.list({ postId: post.id }))[0]).toMatchObject({ id: rude.id, hidden: true });
    expect(await moderator.moderation.queue({})).toEqual([]);
    expect((await ann.posts.get({ postId: post.id }))._count.Comment).toBe(0);
    await moderator.moderation.restore({ targetType: 'comment', targetId: rude.id });
    expect((await sam.comments.list({ postId: post.id })).map((c) => c.id)).toEqual([rude.id]);

    // Archive a post, restore it.
    expect((await moderator.moderation.archive({ targetType: 'post', targetId: post.id })).state).toBe('archived');
    expect((await refusal(sam.posts.get({ postId: post.id }))).code).toBe('NOT_FOUND');
    expect((await moderator.moderation.restore({ targetType: 'post', targetId: post.id })).state).toBe('visible');
    expect((await sam.posts.get({ postId: post.id })).status).toBe('PUBLISHED');

    // The ADMIN acts in every space.
    expect((await admin.moderation.dismiss({ targetType: 'comment', targetId: elsewhereComment.id })).resolvedReports).toBe(1);

    const audit = await world.core.database.db.selectFrom('auditLog').select(['action', 'actorUserId', 'targetId', 'before', 'after']).where('tenantId', '=', world.alpha.id).where('action', 'like', 'moderation.%').orderBy('createdAt').orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.actorUserId, a.targetId])).toEqual([
      ['moderation.hide', mo, rude.id],
      ['moderation.restore', mo, rude.id],
      ['moderation.archive', mo, post.id],
      ['moderation.restore', mo, post.id],
      ['moderation.dismiss', world.alphaAdmin, elsewhereComment.id],
    ]);
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ state: 'hidden', as: 'moderator', note: 'insult', resolvedReports: 2 });
  });

  it("an author cannot undo a moderator's archive or hide, nor change posts in a space they no longer see or an archived one", async () => {
    const { admin, ann, sam } = await setup();
    const general = await admin.spaces.create({ name: 'General', type: 'FEED' });
    const post = await ann.posts.create({ spaceId: general.id, title: 'Hello', content: '<p>hi</p>', status: 'PUBLISHED' });
    await sam.moderation.report({ targetType: 'post', targetId: post.id, reason: 'Spam' });

    // Archived by moderation: the author can neither publish it again nor edit it.
    expect((await admin.moderation.archive({ targetType: 'post', targetId: post.id })).state).toBe('archived');
    const republish = await refusal(ann.posts.update({ postId: post.id, status: 'PUBLISHED', content: '<p>back</p>' }));
    expect(republish).toMatchObject({ code: 'FORBIDDEN', field: 'status' });
    expect(republish.message).toMatch(/^status: a moderator archived this post/);
    expect(await refusal(ann.posts.update({ postId: post.id, title: 'Edited' }))).toMatchObject({ code: 'FORBIDDEN', field: 'title' });
    expect((await sam.posts.list({ spaceId: general.id })).items).toEqual([]);
    // The moderator still can.
    await admin.moderation.restore({ targetType: 'post', targetId: post.id });
    expect((await sam.posts.list({ spaceId: general.id })).items.map((p) => p.id)).toEqual([post.id]);

    // Hidden by moderation: same.
    await admin.moderation.hide({ targetType: 'post', targetId: post.id });
    expect(await refusal(ann.posts.update({ postId: post.id, content: '<p>sneaky</p>' }))).toMatchObject({ code: 'FORBIDDEN', field: 'content' });
    expect(await refusal(ann.posts.archive({ postId: post.id }))).toMatchObject({ code: 'FORBIDDEN', field: 'status' });
    expect((await sam.posts.list({ spaceId: general.id })).items).toEqual([]);
    await admin.moderation.restore({ targetType: 'post', targetId: post.id });

    // An author's own archive stays theirs to undo.
    clock.advance(60_000);
    const own = await ann.posts.create({ spaceId: general.id, title: 'Mine', content: '<p>x</p>', status: 'PUBLISHED' });
    clock.advance(60_000);
    await ann.posts.archive({ postId: own.id });
    expect((await ann.posts.update({ postId: own.id, status: 'PUBLISHED' })).status).toBe('PUBLISHED');

    // A space the author can no longer see: NOT_FOUND; an archived space: CONFLICT.
    const db = world.core.database.db;
    await db.insertInto('groups').values({ id: 'group_vip00000001', tenantId: world.alpha.id, name: 'VIP', description: null, createdAt: START }).execute();
    await db.insertInto('groupMembers').values({ groupId: 'group_vip00000001', userId: world.alphaOnly, addedAt: START }).execute();
    const vip = await admin.spaces.create({ name: 'VIP', type: 'FEED', visibility: 'groups', groupIds: ['group_vip00000001'] });
    const inVip = await ann.posts.create({ spaceId: vip.id, title: 'VIP only', content: '<p>v</p>', status: 'DRAFT' });
    await db.deleteFrom('groupMembers').where('groupId', '=', 'group_vip00000001').execute();
    expect((await refusal(ann.posts.update({ postId: inVip.id, status: 'PUBLISHED' }))).code).toBe('NOT_FOUND');
    await admin.spaces.archive({ spaceId: general.id });
    expect((await refusal(ann.posts.update({ postId: own.id, title: 'Later' }))).code).toBe('NOT_FOUND');
    const conflict = await refusal(admin.posts.update({ postId: own.id, title: 'Later' }));
    expect(conflict).toMatchObject({ code: 'CONFLICT', field: 'spaceId' });
  });

  it('the moderator-or-admin rule (spaceAccess.requireModerator)', async () => {
    await setup();
    const access = world.core.services.community.access;
    const admin = await world.caller(world.alpha.id, world.alphaAdmin, 'ADMIN');
    const space = await admin.spaces.create({ name: 'S', type: 'FEED' });
    const bravoSpace = await (await world.caller(world.bravo.id, world.bravoAdmin, 'ADMIN')).spaces.create({ name: 'B', type: 'FEED' });
    await admin.spaces.setMemberRole({ spaceId: space.id, userId: world.shared, role: 'MODERATOR' });
    await admin.spaces.setMemberRole({ spaceId: space.id, userId: world.alphaOnly, role: 'MEMBER' });
    const as = (tenantId: string, userId: string, role: 'ADMIN' | 'MEMBER') => ({ tenantId, userId, role });
    expect(await access.requireModerator(as(world.alpha.id, world.alphaAdmin, 'ADMIN'), space.id)).toBe('admin');
    expect(await access.requireModerator(as(world.alpha.id, world.shared, 'MEMBER'), space.id)).toBe('moderator');
    await expect(access.requireModerator(as(world.alpha.id, world.alphaOnly, 'MEMBER'), space.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The same person in bravo moderates nothing there, and alpha's space is not bravo's.
    await expect(access.requireModerator(as(world.bravo.id, world.shared, 'MEMBER'), bravoSpace.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(access.requireModerator(as(world.bravo.id, world.bravoAdmin, 'ADMIN'), space.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("a tenant never reaches another tenant's spaces, posts, comments or queue", async () => {
    const { admin, ann } = await setup();
    const space = await admin.spaces.create({ name: 'Alpha feed', type: 'FEED' });
    const post = await ann.posts.create({ spaceId: space.id, title: 'Alpha only', content: '<p>secret</p>', status: 'PUBLISHED' });
    const comment = await ann.comments.create({ postId: post.id, content: 'alpha comment' });
    await ann.moderation.report({ targetType: 'post', targetId: post.id, reason: 'test' });

    // The console owner is ADMIN of both tenants: in bravo, alpha's things do not exist.
    for (const bravo of [await world.caller(world.bravo.id, world.bravoAdmin, 'ADMIN'), await world.caller(world.bravo.id, world.owner, 'ADMIN'), await world.caller(world.bravo.id, world.shared, 'MEMBER')]) {
      expect((await refusal(bravo.spaces.get({ spaceId: space.id }))).code).toBe('NOT_FOUND');
      expect((await refusal(bravo.posts.list({ spaceId: space.id }))).code).toBe('NOT_FOUND');
      expect((await refusal(bravo.posts.get({ postId: post.id }))).code).toBe('NOT_FOUND');
      expect((await refusal(bravo.posts.create({ spaceId: space.id, title: 'x', content: 'x', status: 'PUBLISHED' }))).code).toBe('NOT_FOUND');
      expect((await refusal(bravo.posts.update({ postId: post.id, title: 'x' }))).code).toBe('NOT_FOUND');
      expect((await refusal(bravo.posts.delete({ postId: post.id }))).code).toBe('NOT_FOUND');
      expect((await refusal(bravo.comments.list({ postId: post.id }))).code).toBe('NOT_FOUND');
      expect((await refusal(bravo.comments.create({ postId: post.id, content: 'x' }))).code).toBe('NOT_FOUND');
      expect((await refusal(bravo.comments.delete({ commentId: comment.id }))).code).toBe('NOT_FOUND');
      expect((await refusal(bravo.reactions.toggle({ postId: post.id }))).code).toBe('NOT_FOUND');
      expect((await refusal(bravo.moderation.report({ targetType: 'post', targetId: post.id, reason: 'x' }))).code).toBe('NOT_FOUND');
      expect((await refusal(bravo.moderation.hide({ targetType: 'post', targetId: post.id }))).code).toBe('NOT_FOUND');
    }
    const bravoAdmin = await world.caller(world.bravo.id, world.bravoAdmin, 'ADMIN');
    expect((await refusal(bravoAdmin.spaces.update({ spaceId: space.id, name: 'Mine' }))).code).toBe('NOT_FOUND');
    expect((await refusal(bravoAdmin.spaces.archive({ spaceId: space.id }))).code).toBe('NOT_FOUND');
    expect((await refusal(bravoAdmin.spaces.setMemberRole({ spaceId: space.id, userId: world.bravoOnly, role: 'MODERATOR' }))).code).toBe('NOT_FOUND');
    expect((await refusal(bravoAdmin.spaces.reorder({ spaceIds: [space.id] }))).code).toBe('NOT_FOUND');
    expect(await bravoAdmin.spaces.overview()).toEqual([]);
    expect(await bravoAdmin.moderation.queue({})).toEqual([]);
    expect((await bravoAdmin.spaces.mine()).map((s) => s.id)).not.toContain(space.id);
  });

  it('a comment names the members it mentions (@Full Name) for their notification', async () => {
    const { admin, ann, sam } = await setup();
    const comments = listen(world, 'comment.created', 'test-mentions');
    const space = await admin.spaces.create({ name: 'Feed', type: 'FEED' });
    const post = await ann.posts.create({ spaceId: space.id, title: 'Plans', content: '<p>?</p>', status: 'PUBLISHED' });
    await sam.comments.create({ postId: post.id, content: 'Ask @ann alpha, or @Al Alpha! Not @Ben Bravo (another community), not @nobody, not me @Sam Shared.' });
    await world.core.jobs.drain();
    expect(comments[0]!.data.mentionedUserIds).toEqual([world.alphaAdmin, world.alphaOnly].sort());
  });

  it('a mention in a private space notifies only the members who can see it (and ADMINs): the title stays inside', async () => {
    const { admin, ann } = await setup();
    const comments = listen(world, 'comment.created', 'test-private-mentions');
    const db = world.core.database.db;
    await db.insertInto('groups').values({ id: 'group_inner000001', tenantId: world.alpha.id, name: 'Inner circle', description: null, createdAt: START }).execute();
    await db.insertInto('groupMembers').values({ groupId: 'group_inner000001', userId: world.alphaOnly, addedAt: START }).execute();
    const inner = await admin.spaces.create({ name: 'Inner', type: 'FEED', visibility: 'groups', groupIds: ['group_inner000001'] });
    const post = await ann.posts.create({ spaceId: inner.id, title: 'Secret plans', content: '<p>?</p>', status: 'PUBLISHED' });
    await ann.comments.create({ postId: post.id, content: 'What do you think, @Sam Shared and @Al Alpha?' });
    await world.core.jobs.drain();
    expect(comments[0]!.data.mentionedUserIds).toEqual([world.alphaAdmin]);

    // The notification listener checks again (an event written before this rule, or a member who lost access since).
    await world.core.services.events.publish(db, {
      type: 'comment.created',
      tenantId: world.alpha.id,
      data: { commentId: 'comment_forged0001', postId: post.id, spaceId: inner.id, authorId: world.alphaOnly, parentId: null, postAuthorId: world.alphaOnly, parentAuthorId: null, mentionedUserIds: [world.shared, world.alphaAdmin] },
    });
    await world.core.jobs.drain();
    const notified = await db.selectFrom('notifications').select(['userId', 'title']).where('tenantId', '=', world.alpha.id).where('kind', '=', 'mention').execute();
    expect(notified.map((n) => n.userId).sort()).toEqual([world.alphaAdmin, world.alphaAdmin]);
    expect(notified.some((n) => n.userId === world.shared)).toBe(false);
  });

  it('comments.list comes in pages of top-level comments (with their replies), oldest first, after a cursor', async () => {
    const { admin, ann, sam } = await setup();
    const space = await admin.spaces.create({ name: 'Feed', type: 'FEED' });
    const post = await ann.posts.create({ spaceId: space.id, title: 'Busy', content: '<p>?</p>', status: 'PUBLISHED' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      ids.push((await sam.comments.create({ postId: post.id, content: `comment ${i}` })).id);
    }
    const reply = await ann.comments.create({ postId: post.id, parentId: ids[1]!, content: 'a reply' });
    const first = await sam.comments.list({ postId: post.id, limit: 2 });
    expect(first.map((c) => c.content)).toEqual(['comment 0', 'comment 1']);
    expect(first[1]!.replies.map((r) => r.id)).toEqual([reply.id]);
    const second = await sam.comments.list({ postId: post.id, limit: 2, cursor: first.at(-1)!.id });
    expect(second.map((c) => c.content)).toEqual(['comment 2', 'comment 3']);
    expect((await sam.comments.list({ postId: post.id, limit: 2, cursor: second.at(-1)!.id })).map((c) => c.content)).toEqual(['comment 4']);
    expect((await sam.comments.list({ postId: post.id })).map((c) => c.id)).toEqual(ids);
    expect(await refusal(sam.comments.list({ postId: post.id, cursor: reply.id }))).toMatchObject({ code: 'BAD_REQUEST', field: 'cursor' });
    expect(await refusal(sam.comments.list({ postId: post.id, limit: 1_000 }))).toMatchObject({ code: 'BAD_REQUEST', field: 'limit' });
  });

  it('over HTTP, bad input is a 400 naming the field, and a member is refused what only moderators may do', async () => {
    const { admin } = await setup();
    const space = await admin.spaces.create({ name: 'Feed', type: 'FEED' });
    const http = await world.http(world.alpha.id, world.alphaOnly, 'MEMBER');
    const answer = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        const data = (err as { data?: { httpStatus?: number; field?: string; fieldErrors?: Record<string, string> } }).data;
        return { status: data?.httpStatus, field: data?.field ?? Object.keys(data?.fieldErrors ?? {})[0], message: (err as Error).message };
      }
      throw new Error('expected a refusal');
    };
    expect(await answer(http.posts.create.mutate({ spaceId: space.id, title: 'Later', content: 'x', status: 'SCHEDULED' }))).toEqual({ status: 400, field: 'scheduledAt', message: 'scheduledAt: is required for a SCHEDULED post' });
    expect(await answer(http.posts.list.query({ spaceId: space.id, limit: 0 }))).toMatchObject({ status: 400, field: 'limit' });
    expect(await answer(http.posts.create.mutate({ spaceId: space.id, title: 'x', content: 'x', status: 'LIVE' as never }))).toMatchObject({ status: 400, field: 'status' });
    expect(await answer(http.moderation.queue.query({}))).toMatchObject({ status: 403 });
    expect(await answer(http.spaces.create.mutate({ name: 'Mine', type: 'FEED' }))).toMatchObject({ status: 403 });
    const post = await http.posts.create.mutate({ spaceId: space.id, title: 'Hello', content: '<p>hi</p>', status: 'PUBLISHED' });
    expect(await answer(http.posts.pin.mutate({ postId: post.id, pinned: true }))).toMatchObject({ status: 403 });
    expect(await answer(http.moderation.hide.mutate({ targetType: 'post', targetId: post.id }))).toMatchObject({ status: 403 });
  });

  it('createSystemPost (the automations port) posts once per dedupeKey', async () => {
    const { admin, ann } = await setup();
    const published = listen(world, 'post.published', 'test-system');
    const space = await admin.spaces.create({ name: 'Introductions', type: 'FEED' });
    const community = world.core.services.community;
    const input = { tenantId: world.alpha.id, spaceId: space.id, authorUserId: null, title: 'Welcome, Ann!', content: '<p>Say hello<script>x()</script></p>', dedupeKey: 'intro:ann' };
    const first = await community.createSystemPost(input);
    const again = await community.createSystemPost({ ...input, title: 'Another' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ postId: first.postId, created: false });
    const page = await ann.posts.list({ spaceId: space.id });
    expect(page.items).toMatchObject([{ id: first.postId, title: 'Welcome, Ann!', content: '<p>Say hello</p>', author: null, status: 'PUBLISHED' }]);
    await expect(community.createSystemPost({ ...input, tenantId: world.bravo.id, dedupeKey: 'intro:other' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await world.core.jobs.drain();
    expect(published).toHaveLength(1);
    // The realtime port: which spaces a member can see.
    expect(await community.spacesOf({ tenantId: world.alpha.id, userId: world.alphaOnly })).toEqual([
      { spaceId: space.id, name: 'Introductions', type: 'FEED', description: null, role: null, canPost: true },
    ]);
  });
});

describe('mentionCandidates', () => {
  it('reads one to three words after each @, not inside an email address', () => {
    expect(mentionCandidates('Hi @Ann Alpha, see mail@example.com')).toEqual(['ann', 'ann alpha']);
    expect(mentionCandidates('@Mary Ann Smith Jr')).toEqual(['mary', 'mary ann', 'mary ann smith']);
    expect(mentionCandidates('no mentions')).toEqual([]);
  });
});
