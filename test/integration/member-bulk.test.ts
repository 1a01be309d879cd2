import { setImmediate as tick } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { fixedClock } from '../../src-main/core/platform/clock';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { activeAdmins, addGroup, apiAs, membershipOf, recordEvents } from '../fixtures/member-world';

const MEMBERS = 1_100; // three batches of 500

describe.each(dialects)('bulk actions on %s', (dialect) => {
  let core: TestCore;
  let owner: string;
  let tenantId: string;
  let ids: string[];
  let api: ReturnType<typeof apiAs>;
  let events: ReturnType<typeof recordEvents>;

  beforeAll(async () => {
    // A fixed clock: a job's retry comes due only when a test says so (see the crash test).
    core = await makeTestCore(dialect, { clock: fixedClock('2026-06-01T00:00:00.000Z') });
    owner = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'bulk', name: 'Bulk' }, owner)).id;
    ids = await addMembers(
      core,
      tenantId,
      Array.from({ length: MEMBERS }, (_, i) => ({ name: `Person ${i}`, email: `person${i}@bulk.test`, role: i < 2 ? ('ADMIN' as const) : ('MEMBER' as const) })),
    );
    api = apiAs(core, tenantId, owner);
    events = recordEvents(core);
  });
  afterAll(async () => core?.dispose());

  /** Runs the job queue while polling the operation, like the UI's progress bar does. */
  async function runWatching(id: string) {
    const seen: number[] = [];
    let finished = false;
    const drained = core.jobs.drain().finally(() => (finished = true));
    while (!finished) {
      seen.push((await api.members.bulk.get({ id })).done);
      await tick();
    }
    await drained;
    return { seen, op: await api.members.bulk.get({ id }) };
  }

  it('adds everyone matching a filter to a group in batches, with progress, and says what changed', async () => {
    const vip = await addGroup(core, tenantId, 'VIP');
    await api.members.addToGroup({ userId: ids[0]!, groupId: vip });
    const started = await api.members.bulk.start({ action: { type: 'add_to_group', groupId: vip }, target: { filter: {} } });
    expect(started).toMatchObject({ status: 'pending', total: MEMBERS + 1, done: 0, action: { type: 'add_to_group', groupId: vip } });

    const { seen, op } = await runWatching(started.id);
    expect(op).toMatchObject({ status: 'done', total: MEMBERS + 1, done: MEMBERS + 1, changed: MEMBERS, unchanged: 1, failed: 0, failures: [] });
    // The UI saw the count move between batches (the app kept answering while the job ran).
    expect(seen.some((d) => d > 0 && d < MEMBERS + 1)).toBe(true);
    const { n } = await core.database.db.selectFrom('groupMembers').select((eb) => eb.fn.countAll().as('n')).where('groupId', '=', vip).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(MEMBERS + 1);
    expect((await events.ofType('member.updated')).filter((e) => e.data.groupId === vip)).toHaveLength(MEMBERS + 1);

    // The same action again changes nothing.
    const again = await api.members.bulk.start({ action: { type: 'add_to_group', groupId: vip }, target: { filter: {} } });
    await core.jobs.drain();
    expect(await api.members.bulk.get({ id: again.id })).toMatchObject({ status: 'done', changed: 0, unchanged: MEMBERS + 1 });
  });

  it('applies the single-change rules: demoting every admin leaves the console owner, with the reason', async () => {
    expect((await activeAdmins(core, tenantId)).length).toBe(3);
    const op = await api.members.bulk.start({ action: { type: 'change_role', role: 'MEMBER' }, target: { filter: { role: 'ADMIN' } } });
    await core.jobs.drain();
    const done = await api.members.bulk.get({ id: op.id });
    // The console owner is never demoted, so the other two go and the owner stays the last ADMIN.
    expect(done).toMatchObject({ status: 'done', total: 3, changed: 2, failed: 1 });
    expect(done.failures).toEqual([{ userId: owner, reason: expect.stringMatching(/is the console owner, who cannot be demoted/) }]);
    expect(await activeAdmins(core, tenantId)).toEqual([owner]);
  });

  it('works on a selection, naming the ids that are not members here', async () => {
    const otherTenant = (await core.services.tenants.create({ slug: 'bulk-other', name: 'Other' }, owner)).id;
    const [stranger] = (await addMembers(core, otherTenant, [{ name: 'Stranger', email: 'stranger@other.test' }])) as [string];
    const selection = [ids[10]!, ids[11]!, ids[12]!, stranger, 'user_nobodyatall1'];
    const op = await api.members.bulk.start({ action: { type: 'remove' }, target: { userIds: selection } });
    expect(op).toMatchObject({ total: 5, done: 2, failed: 2 });
    await core.jobs.drain();
    const done = await api.members.bulk.get({ id: op.id });
    expect(done).toMatchObject({ status: 'done', total: 5, done: 5, changed: 3, unchanged: 0, failed: 2 });
    expect(done.failures.map((f) => f.userId).sort()).toEqual([stranger, 'user_nobodyatall1'].sort());
    expect(done.failures[0]!.reason).toMatch(/is not a member of this community/);
    for (const id of selection.slice(0, 3)) expect((await membershipOf(core, tenantId, id))?.status).toBe('removed');
    expect((await membershipOf(core, otherTenant, stranger))?.status).toBe('active');
    expect((await events.ofType('member.left')).map((e) => e.data.userId).sort()).toEqual(selection.slice(0, 3).sort());

    // Removed members are not active any more: comping them fails per member, not as a whole.
    const comp = await api.members.bulk.start({ action: { type: 'comp', until: '2099-01-01T00:00:00Z' }, target: { userIds: [ids[10]!, ids[20]!] } });
    await core.jobs.drain();
    expect(await api.members.bulk.get({ id: comp.id })).toMatchObject({ changed: 1, failed: 1, failures: [{ userId: ids[10], reason: expect.stringMatching(/no longer a member/) }] });
    expect(await membershipOf(core, tenantId, ids[20]!)).toMatchObject({ isComped: 1, compedUntil: '2099-01-01T00:00:00.000Z' });
  });

  it('exports a filter in parts with a header row', async () => {
    const op = await api.members.bulk.start({ action: { type: 'export', columns: ['email', 'role'] }, target: { filter: { search: 'person1' } } });
    await core.jobs.drain();
    const done = await api.members.bulk.get({ id: op.id });
    // person1, person10-19, person100-199, person1000-1099: 1 + 10 + 100 + 100, less person10-12 who were removed.
    expect(done).toMatchObject({ status: 'done', total: 208, changed: 208 });
    let csv = '';
    for (let part: number | null = 0; part !== null; ) {
      const piece: { csv: string; nextPart: number | null } = await api.members.bulk.download({ id: op.id, part });
      csv += piece.csv;
      part = piece.nextPart;
    }
    const rows = parse(csv, { columns: true }) as { email: string; role: string }[];
    expect(Object.keys(rows[0]!)).toEqual(['email', 'role']);
    expect(rows).toHaveLength(208);
    expect(rows.every((r) => r.email.startsWith('person1'))).toBe(true);
  });

  it("selects with the members list's filter and saved segments: the same N the list shows", async () => {
    const vip = (await core.database.db.selectFrom('groups').select('id').where('name', '=', 'VIP').executeTakeFirstOrThrow()).id;
    // A saved segment (the group's free members) and the page's own filter (a search) both apply.
    const segment = await api.segments.create({ name: 'Free VIPs', filter: { groupId: vip, tier: 'free' } });
    const target = { segmentId: segment.id, filter: { search: 'person2' } };
    const listed = await api.members.list({ segmentId: segment.id, search: 'person2', limit: 1 });
    const op = await api.members.bulk.start({ action: { type: 'remove_from_group', groupId: vip }, target });
    // person2, person20-29, person200-299: 111, less person20 (comped, so not free).
    expect(op.total).toBe(110);
    expect(listed.total).toBe(110);
    await core.jobs.drain();
    expect(await api.members.bulk.get({ id: op.id })).toMatchObject({ status: 'done', changed: 110, failed: 0 });
    const left = await core.database.db
      .selectFrom('groupMembers as gm')
      .innerJoin('users as u', 'u.id', 'gm.userId')
      .select('u.email')
      .where('gm.groupId', '=', vip)
      .where('u.email', 'like', 'person2%')
      .execute();
    expect(left.map((r) => r.email)).toEqual(['person20@bulk.test']);
    const badSegment = await api.members.bulk.start({ action: { type: 'remove' }, target: { segmentId: 'seg_doesnotexist' } }).catch((e) => e);
    expect(badSegment.code).toBe('NOT_FOUND');
    expect(badSegment.message).toMatch(/^segmentId: /);
  });

  it('resumes after a crash from the last committed batch, applying nothing twice', async () => {
    const group = await addGroup(core, tenantId, 'Resume');
    const ops = core.services.memberAdmin.changes.ops;
    const original = ops.addToGroup;
    let calls = 0;
    // The 700th change (inside the second batch) fails like a crash would: that batch rolls back.
    ops.addToGroup = async (...args) => {
      if (++calls === 700) throw new Error('the disk went away');
      return original(...args);
    };
    try {
      const op = await api.members.bulk.start({ action: { type: 'add_to_group', groupId: group }, target: { filter: {} } });
      await core.jobs.drain();
      expect(await api.members.bulk.get({ id: op.id })).toMatchObject({ status: 'running', done: 500, changed: 500 });
      ops.addToGroup = original;
      // The runner retries the job later; make "later" now.
      await core.database.db.updateTable('jobs').set({ runAt: '2000-01-01T00:00:00.000Z' }).where('status', '=', 'pending').execute();
      await core.jobs.drain();
      const done = await api.members.bulk.get({ id: op.id });
      expect(done).toMatchObject({ status: 'done', done: op.total, changed: op.total, failed: 0 });
      const count = async (q: Promise<{ n: unknown }>) => Number((await q).n);
      expect(await count(core.database.db.selectFrom('groupMembers').select((eb) => eb.fn.countAll().as('n')).where('groupId', '=', group).executeTakeFirstOrThrow())).toBe(op.total);
      const audits = await core.database.db.selectFrom('auditLog').select('after').where('action', '=', 'member.group_added').execute();
      expect(audits.filter((a) => a.after?.includes(group))).toHaveLength(op.total);
    } finally {
      ops.addToGroup = original;
    }
  });

  it('refuses bad input before starting anything', async () => {
    const otherTenant = (await core.database.db.selectFrom('tenants').select('id').where('slug', '=', 'bulk-other').executeTakeFirstOrThrow()).id;
    const foreign = await addGroup(core, otherTenant, 'Theirs');
    const before = await core.database.db.selectFrom('bulkOperations').select('id').execute();
    const err = await api.members.bulk.start({ action: { type: 'add_to_group', groupId: foreign }, target: { filter: {} } }).catch((e) => e);
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(/^action\.groupId: /);
    const past = await api.members.bulk.start({ action: { type: 'comp', until: '2001-01-01T00:00:00Z' }, target: { filter: {} } }).catch((e) => e);
    expect(past.message).toBe('action.until: must be in the future');
    const empty = await api.members.bulk.start({ action: { type: 'remove' }, target: { userIds: [] } }).catch((e) => e);
    expect(empty.code).toBe('BAD_REQUEST');
    expect(await core.database.db.selectFrom('bulkOperations').select('id').execute()).toEqual(before);
    const someoneElses = await apiAs(core, otherTenant, owner).members.bulk.get({ id: before[0]!.id }).catch((e) => e);
    expect(someoneElses.code).toBe('NOT_FOUND');
  });
});
