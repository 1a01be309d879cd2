import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../src-main/core/api/router';
import { createCallerFactory } from '../../src-main/core/api/trpc';
import { fixedClock } from '../../src-main/core/platform/clock';
import { silentLogger } from '../../src-main/core/platform/logger';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { addGroup, newTenant, putInGroup, setMember } from './members-fixtures';

// Saved segments through the API as the renderer calls it: a member filter under a name unique
// in the tenant, reusable in members.list (segmentId) and counted with segments.count.

const createCaller = createCallerFactory(appRouter);

describe.each(dialects)('segments on %s', (dialect) => {
  let core: TestCore;
  let tenantId: string;
  let api: ReturnType<typeof createCaller>;
  let founders: string;
  let userIds: string[];

  beforeAll(async () => {
    core = await makeTestCore(dialect, { clock: fixedClock('2026-06-15T12:00:00.000Z') });
    const t = await newTenant(core, 'segments');
    tenantId = t.tenantId;
    api = createCaller({ services: core.services, logger: silentLogger, clientType: 'desktop', auth: { userId: t.ownerId, tenantId, role: 'ADMIN', isConsoleOwner: true } });
    userIds = await addMembers(core, tenantId, [
      { name: 'Paid Founder', email: 'pf@seg.test', joinSource: 'paid', subscriptionStatus: 'active' },
      { name: 'Free Founder', email: 'ff@seg.test', joinSource: 'free_signup' },
      { name: 'Paid Later', email: 'pl@seg.test', joinSource: 'paid', subscriptionStatus: 'active' },
      { name: 'Free Later', email: 'fl@seg.test', joinSource: 'free_signup' },
    ]);
    founders = await addGroup(core, tenantId, 'Founders');
    await putInGroup(core, founders, userIds.slice(0, 2));
  });
  afterAll(async () => core?.dispose());

  const failure = async (p: Promise<unknown>) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    return { code: (err as TRPCError).code, status: getHTTPStatusCodeFromError(err as TRPCError), message: (err as TRPCError).message };
  };

  it('saves a filter under a name, lists it, counts it, and members.list uses it', async () => {
    const seg = await api.segments.create({ name: 'Paying founders', filter: { groupId: founders, tier: 'paid' } });
    expect(seg).toMatchObject({ id: expect.stringMatching(/^seg_/), name: 'Paying founders', filter: { groupId: founders, tier: 'paid' } });
    expect(await api.segments.list()).toEqual([seg]);
    expect(await api.segments.count({ id: seg.id })).toEqual({ id: seg.id, count: 1 });
    const page = await api.members.list({ segmentId: seg.id });
    expect(page.items.map((m) => m.name)).toEqual(['Paid Founder']);
    // The page's own filter applies on top of the segment's.
    expect((await api.members.list({ segmentId: seg.id, search: 'free' })).total).toBe(0);
  });

  it('follows the members as they change: the count is of now', async () => {
    const seg = await api.segments.create({ name: 'Free members', filter: { tier: 'free' } });
    expect((await api.segments.count({ id: seg.id })).count).toBe(2);
    await setMember(core, tenantId, userIds[3]!, { subscriptionStatus: 'active' });
    expect((await api.segments.count({ id: seg.id })).count).toBe(1);
    await setMember(core, tenantId, userIds[3]!, { subscriptionStatus: null });
  });

  it('refuses a second segment of the same name, in any case, with 409 naming name', async () => {
    const taken = await failure(api.segments.create({ name: '  paying FOUNDERS ', filter: {} }));
    expect(taken).toMatchObject({ code: 'CONFLICT', status: 409 });
    expect(taken.message).toMatch(/^name: .*Paying founders/);
    const other = await api.segments.create({ name: 'Everyone', filter: {} });
    expect(await failure(api.segments.update({ id: other.id, name: 'Free members' }))).toMatchObject({ code: 'CONFLICT', status: 409 });
    expect((await api.segments.list()).map((s) => s.name)).toEqual(['Everyone', 'Free members', 'Paying founders']);
  });

  it('validates the filter with the members.list schema, naming the field, and changes nothing', async () => {
    const before = await api.segments.list();
    expect(await failure(api.segments.create({ name: 'Bad', filter: { tier: 'gold' } as never }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/"filter",\s*"tier"/) });
    expect((await failure(api.segments.create({ name: 'Bad', filter: { spaceRole: 'MODERATOR' } }))).message).toMatch(/"filter",\s*"spaceRole"/);
    expect((await failure(api.segments.create({ name: '', filter: {} }))).message).toMatch(/name/);
    expect(await failure(api.segments.create({ name: 'Bad', filter: { groupId: 'group_tnothere001' } }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await api.segments.list()).toEqual(before);
  });

  it('updates the name or the filter; renaming to its own name in another case is fine', async () => {
    const seg = (await api.segments.list()).find((s) => s.name === 'Everyone')!;
    const renamed = await api.segments.update({ id: seg.id, name: 'EVERYONE' });
    expect(renamed).toMatchObject({ id: seg.id, name: 'EVERYONE', filter: {} });
    const refiltered = await api.segments.update({ id: seg.id, filter: { joinSource: ['paid'] } });
    expect(refiltered.filter).toEqual({ joinSource: ['paid'] });
    expect((await api.segments.count({ id: seg.id })).count).toBe(2);
    expect((await failure(api.segments.update({ id: seg.id }))).message).toMatch(/name/);
  });

  it('deletes, and answers NOT_FOUND for segments that are gone or belong elsewhere', async () => {
    const seg = (await api.segments.list()).find((s) => s.name === 'EVERYONE')!;
    expect(await api.segments.delete({ id: seg.id })).toEqual({ id: seg.id, deleted: true });
    expect(await failure(api.segments.delete({ id: seg.id }))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(await failure(api.segments.count({ id: seg.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await failure(api.members.list({ segmentId: seg.id }))).message).toMatch(/segmentId/);
    // Another tenant's segment is not found from here.
    const other = await newTenant(core, 'segments-other');
    const theirs = await core.services.segments.create(other.tenantId, { name: 'Theirs', filter: {} });
    expect(await failure(api.segments.count({ id: theirs.id }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses members.list with a segment whose group has since been deleted, naming segmentId', async () => {
    const doomed = await addGroup(core, tenantId, 'Doomed');
    const seg = await api.segments.create({ name: 'In doomed', filter: { groupId: doomed } });
    await core.database.db.deleteFrom('groups').where('id', '=', doomed).execute();
    const err = await failure(api.members.list({ segmentId: seg.id }));
    expect(err).toMatchObject({ code: 'NOT_FOUND' });
    expect(err.message).toMatch(/^segmentId: segment "In doomed"/);
  });
});
