import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { addGroup, addPackage, addSpace, addSubscription, newTenant, putInGroup, putInSpace, setMember } from './members-fixtures';

// members.get answers "who is this and what do they pay": profile, membership, subscriptions with
// their history, groups, spaces, and one timeline merged newest first from every source.

const NOW = '2026-06-15T12:00:00.000Z';

describe.each(dialects)('members.get on %s', (dialect) => {
  let core: TestCore;
  let tenantId: string;
  let ownerId: string;
  let userId: string;
  let quietId: string;
  let subscriptionId: string;
  let spaceId: string;

  beforeAll(async () => {
    core = await makeTestCore(dialect, { clock: fixedClock(NOW) });
    ({ tenantId, ownerId } = await newTenant(core, 'detail'));
    [userId, quietId] = await addMembers(core, tenantId, [
      { name: 'Grace Hopper', email: 'grace@navy.test', joinSource: 'free_signup', subscriptionStatus: 'active', joinedAt: '2026-01-10T09:00:00.000Z' },
      { name: 'Quiet Member', email: 'quiet@detail.test', joinSource: 'invite_link', joinedAt: '2026-02-01T00:00:00.000Z' },
    ]) as [string, string];
    await setMember(core, tenantId, userId, { lastActiveAt: '2026-06-14T08:00:00.000Z', isComped: 1, compedUntil: '2026-05-01T00:00:00.000Z' });
    const db = core.database.db;

    const pro = await addPackage(core, tenantId, 'Pro', 7900);
    subscriptionId = await addSubscription(core, { tenantId, userId, packageId: pro, status: 'active', startedAt: '2026-02-01T00:00:00.000Z', amountMinor: 7900 });
    await db.insertInto('subscriptionEvents').values([
      { id: 'sev_tdetail0001', tenantId, subscriptionId, kind: 'created', status: 'trialing', amountMinor: 0, occurredAt: '2026-02-01T00:00:00.000Z' },
      { id: 'sev_tdetail0002', tenantId, subscriptionId, kind: 'renewed', status: 'active', amountMinor: 7900, occurredAt: '2026-03-01T00:00:00.000Z' },
    ]).execute();

    // Her subscription in another community is none of this tenant's business.
    const elsewhere = (await newTenant(core, 'detail-elsewhere')).tenantId;
    await addSubscription(core, { tenantId: elsewhere, userId, packageId: await addPackage(core, elsewhere, 'Theirs'), status: 'active' });

    const group = await addGroup(core, tenantId, 'Premium circle');
    await putInGroup(core, group, [userId]);
    spaceId = await addSpace(core, tenantId, 'Q&A');
    await putInSpace(core, spaceId, userId, 'MODERATOR');

    await db.insertInto('auditLog').values([
      { id: 'aud_tdetail0001', tenantId, actorUserId: ownerId, action: 'member.role_changed', targetType: 'member', targetId: userId, before: '{"role":"MEMBER"}', after: '{"role":"ADMIN"}', createdAt: '2026-04-01T00:00:00.000Z' },
      { id: 'aud_tdetail0002', tenantId, actorUserId: ownerId, action: 'member.group_added', targetType: 'member', targetId: userId, before: null, after: `{"groupId":"${group}"}`, createdAt: '2026-04-02T00:00:00.000Z' },
      // About someone else, and about this user in another tenant: neither belongs here.
      { id: 'aud_tdetail0003', tenantId, actorUserId: ownerId, action: 'member.role_changed', targetType: 'member', targetId: quietId, before: null, after: null, createdAt: '2026-04-03T00:00:00.000Z' },
    ]).execute();

    await db.insertInto('campaigns').values({ id: 'cmp_tdetail0001', tenantId, subject: 'Spring update', content: 'Hi', audience: 'all_members', segmentId: null, status: 'sent', scheduledAt: null, sentAt: '2026-05-01T10:00:00.000Z', createdBy: ownerId, createdAt: '2026-04-30T00:00:00.000Z', updatedAt: '2026-05-01T10:00:00.000Z' }).execute();
    await db.insertInto('campaignRecipients').values({ id: 'rcp_tdetail0001', campaignId: 'cmp_tdetail0001', userId, email: 'grace@navy.test', status: 'sent', attempts: 1, lastError: null, sentAt: '2026-05-01T10:00:05.000Z' }).execute();

    await db.insertInto('posts').values({ id: 'post_tdetail0001', tenantId, spaceId, authorId: userId, title: 'Bugs, literally', content: 'A moth.', status: 'PUBLISHED', scheduledAt: null, publishedAt: '2026-05-10T00:00:00.000Z', createdAt: '2026-05-09T00:00:00.000Z', updatedAt: '2026-05-10T00:00:00.000Z' }).execute();
    await db.insertInto('comments').values({ id: 'cmt_tdetail0001', postId: 'post_tdetail0001', authorId: userId, content: 'Found it in relay 70.', createdAt: '2026-05-11T00:00:00.000Z' }).execute();
  });
  afterAll(async () => core?.dispose());

  it('shows the profile, the membership with its tier, subscriptions with history, groups and spaces', async () => {
    const member = await core.services.members.get(tenantId, { userId });
    expect(member.profile).toEqual({ id: userId, name: 'Grace Hopper', email: 'grace@navy.test', avatarUrl: null, erased: false, consoleOwner: false });
    expect(member.membership).toMatchObject({
      role: 'MEMBER', joinSource: 'free_signup', status: 'active', joinedAt: '2026-01-10T09:00:00.000Z', lastActiveAt: '2026-06-14T08:00:00.000Z',
      subscriptionStatus: 'active', isComped: true, compedUntil: '2026-05-01T00:00:00.000Z',
      tier: 'paid', // the comp ended in May; the active subscription makes her paid
      isFreeMember: false,
    });
    expect(member.subscriptions).toEqual([
      expect.objectContaining({
        id: subscriptionId, status: 'active', packageName: 'Pro', amountMinor: 7900, currency: 'USD', cancelAtPeriodEnd: false,
        history: [
          expect.objectContaining({ kind: 'created', status: 'trialing', occurredAt: '2026-02-01T00:00:00.000Z' }),
          expect.objectContaining({ kind: 'renewed', status: 'active', amountMinor: 7900 }),
        ],
      }),
    ]);
    expect(member.groups.map((g) => g.name)).toEqual(['Premium circle']);
    expect(member.spaces).toEqual([expect.objectContaining({ id: spaceId, name: 'Q&A', role: 'MODERATOR' })]);
  });

  it('merges the timeline newest first from every source, this member only', async () => {
    const { timeline, timelineTruncated } = await core.services.members.get(tenantId, { userId });
    expect(timeline.map((e) => [e.at, e.kind])).toEqual([
      ['2026-05-11T00:00:00.000Z', 'comment'],
      ['2026-05-10T00:00:00.000Z', 'post'],
      ['2026-05-01T10:00:05.000Z', 'campaign'],
      ['2026-04-02T00:00:00.000Z', 'change'],
      ['2026-04-01T00:00:00.000Z', 'role_changed'],
      ['2026-03-01T00:00:00.000Z', 'subscription'],
      ['2026-02-01T00:00:00.000Z', 'subscription'],
      ['2026-01-10T09:00:00.000Z', 'joined'],
    ]);
    expect(timeline.find((e) => e.kind === 'campaign')?.summary).toContain('Spring update');
    expect(timeline.find((e) => e.kind === 'post')?.summary).toContain('Bugs, literally');
    expect(new Set(timeline.map((e) => e.id)).size).toBe(timeline.length);
    expect(timelineTruncated).toBe(false);
  });

  it('tells the story in plain words: names, packages and prices, never ids, minor units or MEMBER/ADMIN', async () => {
    const owner = (await core.database.db.selectFrom('users').select('name').where('id', '=', ownerId).executeTakeFirstOrThrow()).name;
    const { timeline } = await core.services.members.get(tenantId, { userId });
    expect(timeline.map((e) => e.summary)).toEqual([
      'Grace Hopper commented on "Bugs, literally"',
      'Grace Hopper posted "Bugs, literally" in Q&A',
      'Grace Hopper was sent the campaign "Spring update"',
      `${owner} added Grace Hopper to Premium circle`,
      `${owner} made Grace Hopper an admin`,
      'Grace Hopper renewed Pro at $79/month',
      'Grace Hopper started a trial of Pro',
      'Grace Hopper joined through free signup',
    ]);
    expect(timeline.find((e) => e.kind === 'role_changed')?.details).toEqual({ by: owner });
    expect(timeline.find((e) => e.id === 'subscription:sev_tdetail0002')?.details).toEqual({ package: 'Pro', price: '$79/month', status: 'active' });
    // Nothing an owner would have to decode, anywhere in what the drawer prints.
    const printed = JSON.stringify(timeline.map((e) => [e.summary, e.details ?? {}]));
    expect(printed).not.toMatch(/\b(MEMBER|ADMIN)\b|minor|[a-z]+_t[a-z0-9]{6,}|\d{4}-\d{2}-\d{2}T|packageId|actorUserId/);
  });

  it('shows a member with no history at all', async () => {
    const quiet = await core.services.members.get(tenantId, { userId: quietId });
    expect(quiet.subscriptions).toEqual([]);
    expect(quiet.membership).toMatchObject({ tier: 'paid', isFreeMember: false });
    expect(quiet.timeline.map((e) => e.kind)).toEqual(['role_changed', 'joined']);
  });

  it('shows a member who left, with when', async () => {
    await setMember(core, tenantId, quietId, { status: 'removed', leftAt: '2026-06-01T00:00:00.000Z' });
    const gone = await core.services.members.get(tenantId, { userId: quietId });
    expect(gone.membership).toMatchObject({ status: 'removed', leftAt: '2026-06-01T00:00:00.000Z' });
    expect(gone.timeline[0]).toMatchObject({ kind: 'left', at: '2026-06-01T00:00:00.000Z' });
  });

  it('answers NOT_FOUND naming userId for someone who is not a member here', async () => {
    const other = (await newTenant(core, 'detail-other')).tenantId;
    await expect(core.services.members.get(other, { userId })).rejects.toMatchObject({ code: 'NOT_FOUND', details: { field: 'userId' } });
    await expect(core.services.members.get(tenantId, { userId: 'user_tnobody00001' })).rejects.toThrow(/userId: user_tnobody00001/);
    await expect(core.services.members.get(tenantId, { userId: 'not-an-id' })).rejects.toThrow(/userId/);
  });
});
