import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { addGroup, apiAs, auditOf, membershipOf, recordEvents } from '../fixtures/member-world';
import { pieces, thousandRowsWithThreeBad } from '../fixtures/member-csv';

const ghostCsv = readFileSync(join(import.meta.dirname, '../fixtures/ghost-members.csv'), 'utf8');

describe.each(dialects)('member CSV import and export on %s', (dialect) => {
  let core: TestCore;
  let owner: string;
  let tenantId: string;
  let api: ReturnType<typeof apiAs>;

  beforeEach(async () => {
    core = await makeTestCore(dialect, { clock: fixedClock('2026-03-01T12:00:00.000Z') });
    owner = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'imports', name: 'Imports' }, owner)).id;
    api = apiAs(core, tenantId, owner);
  });
  afterEach(async () => core?.dispose());

  /** Sends a file the way the import wizard does: pieces in order, the last one flagged. */
  async function upload(csv: string, pieceSize = 8 * 1024, fileName = 'members.csv') {
    const parts = pieces(csv, pieceSize);
    let importId: string | undefined;
    let view;
    for (const [index, chunk] of parts.entries()) {
      view = await api.members.import.upload({ importId, chunk, last: index === parts.length - 1, index, fileName });
      importId = view.importId;
    }
    return view!;
  }

  async function commitAndWait(importId: string, mode: 'all_or_nothing' | 'valid_rows', grantAdmin?: boolean) {
    await api.members.import.commit({ importId, mode, grantAdmin });
    await core.jobs.drain();
    return api.members.import.get({ importId });
  }

  const memberCount = async () => (await api.members.list({})).total;

  it('3 bad rows out of 1,000: the dry run lists exactly those 3, the commit adds 997, a re-import changes nothing', async () => {
    const { csv, bad } = thousandRowsWithThreeBad();
    const uploaded = await upload(csv);
    expect(uploaded).toMatchObject({ status: 'uploaded', rowCount: 1_000, columns: ['name', 'email', 'role', 'joined_at', 'groups'] });
    const before = await memberCount();

    const preview = await api.members.import.preview({ importId: uploaded.importId, status: 'error' });
    // Row 2 asks for ADMIN: a grant the owner has to allow (isolation/import-admin-grant.test.ts).
    expect(preview.summary).toEqual({ total: 1_000, new: 997, updated: 0, unchanged: 0, error: 3, groupsToCreate: ['Founders', 'Beta'], adminGrants: 1, namesKept: 0 });
    expect(preview.mapping).toMatchObject({ email: 'email', name: 'name', role: 'role', joinedAt: 'joined_at', groups: 'groups' });
    expect(preview.rows.map((r) => r.row)).toEqual([101, 502, 903]);
    for (const r of preview.rows) expect(r.error).toMatch(bad[r.row]!);
    expect(await memberCount()).toBe(before); // a dry run writes no member

    // A file with errors commits nothing unless the owner asks for the valid rows only.
    const refused = await api.members.import.commit({ importId: uploaded.importId, mode: 'all_or_nothing' }).catch((e) => e);
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toMatch(/^mode: 3 of 1000 rows have errors/);
    await core.jobs.drain();
    expect(await memberCount()).toBe(before);

    const done = await commitAndWait(uploaded.importId, 'valid_rows', true);
    expect(done).toMatchObject({ status: 'committed', progress: { done: 997, total: 997 } });
    expect(done.result).toEqual({ created: 997, updated: 0, unchanged: 0, failed: 0, skipped: 3, groupsCreated: ['Founders', 'Beta'], grantAdmin: true });
    expect(await memberCount()).toBe(before + 997);
    const first = await core.database.db.selectFrom('users').select('id').where('email', '=', 'member0@import.test').executeTakeFirstOrThrow();
    expect(await membershipOf(core, tenantId, first.id)).toMatchObject({ role: 'ADMIN', joinSource: 'free_signup', joinedAt: '2025-01-01T00:00:00.000Z' });
    const audits = (await auditOf(core, tenantId, 'member.joined')).length;

    // The error report: the original columns plus `error`, only the three rows.
    const report = await api.members.import.errorReport({ importId: uploaded.importId });
    expect(report.fileName).toBe('members-errors.csv');
    const reported = parse(report.csv, { columns: true }) as Record<string, string>[];
    expect(reported.map((r) => r.email)).toEqual(['member99-at-import.test', 'member7@import.test', 'member901@import.test']);
    expect(Object.keys(reported[0]!)).toEqual(['name', 'email', 'role', 'joined_at', 'groups', 'error']);

    // The same file again: every valid row is unchanged, and committing it changes nothing.
    const again = await upload(csv);
    const previewAgain = await api.members.import.preview({ importId: again.importId });
    expect(previewAgain.summary).toMatchObject({ total: 1_000, new: 0, updated: 0, unchanged: 997, error: 3, groupsToCreate: [] });
    const doneAgain = await commitAndWait(again.importId, 'valid_rows');
    expect(doneAgain.result).toMatchObject({ created: 0, updated: 0, unchanged: 997, failed: 0 });
    expect(await memberCount()).toBe(before + 997);
    expect(await auditOf(core, tenantId, 'member.joined')).toHaveLength(audits);
  });

  it("maps Ghost's member export automatically: labels become groups (created if missing), complimentary_plan comps", async () => {
    await addGroup(core, tenantId, 'VIP');
    const uploaded = await upload(ghostCsv, 100, 'ghost-members.csv');
    const preview = await api.members.import.preview({ importId: uploaded.importId });
    expect(preview.recognisedAs).toBe('ghost');
    expect(preview.mapping).toEqual({ email: 'email', name: 'name', role: null, joinSource: null, joinedAt: 'created_at', groups: 'labels', comped: 'complimentary_plan' });
    expect(preview.ignoredColumns).toEqual(['id', 'note', 'subscribed_to_emails', 'stripe_customer_id', 'deleted_at', 'tiers']);
    expect(preview.summary).toEqual({ total: 4, new: 4, updated: 0, unchanged: 0, error: 0, groupsToCreate: ['Early adopters'], adminGrants: 0, namesKept: 0 });

    const done = await commitAndWait(uploaded.importId, 'all_or_nothing');
    expect(done.result).toMatchObject({ created: 4, groupsCreated: ['Early adopters'] });
    const grace = await core.database.db.selectFrom('users').selectAll().where('email', '=', 'grace@example.com').executeTakeFirstOrThrow();
    expect(grace.name).toBe('Grace Hopper');
    expect(await membershipOf(core, tenantId, grace.id)).toMatchObject({ isComped: 1, joinedAt: '2024-01-15T10:00:00.000Z', joinSource: 'free_signup' });
    const groupsOf = async (email: string) =>
      (
        await core.database.db
          .selectFrom('groupMembers as gm')
          .innerJoin('groups as g', 'g.id', 'gm.groupId')
          .innerJoin('users as u', 'u.id', 'gm.userId')
          .select('g.name')
          .where('u.email', '=', email)
          .orderBy('g.name')
          .execute()
      ).map((g) => g.name);
    expect(await groupsOf('grace@example.com')).toEqual(['Early adopters', 'VIP']);
    expect(await groupsOf('ada.lovelace@example.com')).toEqual(['VIP']); // "vip" matched the existing group
    const quiet = await core.database.db.selectFrom('users').select('name').where('email', '=', 'quiet@example.com').executeTakeFirstOrThrow();
    expect(quiet.name).toBe('');
  });

  it('lets the owner override the mapping, and names a bad one', async () => {
    const csv = 'Full name,E-mail address,Nickname\nGrace Hopper,grace@example.com,Amazing Grace\n';
    const uploaded = await upload(csv);
    const auto = await api.members.import.preview({ importId: uploaded.importId });
    expect(auto.mapping).toMatchObject({ email: 'E-mail address', name: 'Full name' });
    const custom = await api.members.import.preview({ importId: uploaded.importId, mapping: { email: 'E-mail address', name: 'Nickname' } });
    expect(custom.mapping).toMatchObject({ email: 'E-mail address', name: 'Nickname', groups: null });
    const bad = await api.members.import.preview({ importId: uploaded.importId, mapping: { email: 'E-mail address', name: 'Surname' } }).catch((e) => e);
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toBe('mapping.name: the file has no column "Surname"');
    const noEmail = await api.members.import.preview({ importId: uploaded.importId, mapping: { name: 'Full name' } }).catch((e) => e);
    expect(noEmail.message).toMatch(/^mapping\.email: /);
    await commitAndWait(uploaded.importId, 'all_or_nothing');
    expect((await core.database.db.selectFrom('users').select('name').where('email', '=', 'grace@example.com').executeTakeFirstOrThrow()).name).toBe('Amazing Grace');
  });

  it('says why each bad row is bad', async () => {
    const csv = [
      'email,name,role,joined_at,comped',
      ',No Email,MEMBER,,',
      'not an email,Bad Email,MEMBER,,',
      'ok@example.com,Fine,member,2025-01-01,no',
      'OK@example.com,Duplicate,MEMBER,,',
      'role@example.com,Bad Role,OWNER,,',
      'date@example.com,Bad Date,MEMBER,01/02/2025,',
      'future@example.com,Future,MEMBER,2030-01-01,',
      'comp@example.com,Bad Comp,MEMBER,,maybe',
      'short@example.com,Short',
    ].join('\n');
    const uploaded = await upload(csv);
    const preview = await api.members.import.preview({ importId: uploaded.importId });
    expect(preview.rows.map((r) => [r.row, r.status, r.error])).toEqual([
      [2, 'error', 'email: missing'],
      [3, 'error', 'email: "not an email" is not an email address'],
      [4, 'new', null],
      [5, 'error', 'email: duplicate of row 4'],
      [6, 'error', 'role: "OWNER" is not a role (use MEMBER or ADMIN)'],
      [7, 'error', 'joinedAt: "01/02/2025" is not a date we can read; write it as year-month-day, like 2024-03-15'],
      [8, 'error', 'joinedAt: "2030-01-01" is in the future'],
      [9, 'error', 'comped: "maybe" is not true or false'],
      [10, 'error', 'the row has 2 fields but the header has 5'],
    ]);
  });

  it('updates existing members only where the file differs, with the same rules as single changes', async () => {
    const [alice, bob] = (await addMembers(core, tenantId, [
      { name: 'Alice', email: 'alice@example.com', role: 'ADMIN' },
      { name: 'Bob', email: 'bob@example.com' },
    ])) as [string, string];
    // Alice is the last admin, whom the file tries to demote (written directly: the console owner
    // can no longer step down through the API).
    await core.database.db.updateTable('memberships').set({ role: 'MEMBER' }).where('tenantId', '=', tenantId).where('userId', '=', owner).execute();
    const events = recordEvents(core);
    const csv = ['email,name,role,groups,comped', 'alice@example.com,Alice,MEMBER,,', 'bob@example.com,Robert,ADMIN,Team,yes', 'carol@example.com,Carol,,Team,'].join('\n');
    const uploaded = await upload(csv);
    const preview = await api.members.import.preview({ importId: uploaded.importId });
    expect(preview.rows.map((r) => [r.email, r.status, r.changes, r.error])).toEqual([
      ['alice@example.com', 'error', [], 'role: would demote the last ADMIN of this community'],
      ['bob@example.com', 'updated', ['name', 'role: MEMBER → ADMIN', 'comped', 'groups: + Team'], null],
      ['carol@example.com', 'new', [], null],
    ]);
    expect(preview.rows[1]!.warnings).toEqual([expect.stringMatching(/^grants ADMIN/)]);
    const done = await commitAndWait(uploaded.importId, 'valid_rows', true);
    expect(done.result).toMatchObject({ created: 1, updated: 1, skipped: 1, failed: 0 });
    expect(await membershipOf(core, tenantId, bob)).toMatchObject({ role: 'ADMIN', isComped: 1 });
    expect(await membershipOf(core, tenantId, alice)).toMatchObject({ role: 'ADMIN' });
    expect((await core.database.db.selectFrom('users').select('name').where('id', '=', bob).executeTakeFirstOrThrow()).name).toBe('Robert');
    expect((await auditOf(core, tenantId)).filter((a) => a.targetId === bob).map((a) => a.action).sort()).toEqual(
      ['member.comped', 'member.group_added', 'member.renamed', 'member.role_changed'],
    );
    expect((await events.ofType('member.role_changed')).map((e) => e.data).filter((d) => d.userId !== owner)).toEqual([{ userId: bob, from: 'MEMBER', to: 'ADMIN' }]);
    expect((await events.ofType('member.joined')).map((e) => e.data.email)).toEqual(['carol@example.com']);
  });

  it('takes pieces of at most 256 KB, in order, and refuses a malformed file', async () => {
    const big = await api.members.import.upload({ chunk: 'x'.repeat(256 * 1024 + 1), last: false }).catch((e) => e);
    expect(big.code).toBe('BAD_REQUEST');
    const first = await api.members.import.upload({ chunk: 'email,name\n', last: false, index: 0 });
    const skipped = await api.members.import.upload({ importId: first.importId, chunk: 'a@b.co,A\n', last: true, index: 2 }).catch((e) => e);
    expect(skipped.message).toBe('index: expected piece 1 next, got 2');
    // A retried piece is recognised and not stored twice.
    await api.members.import.upload({ importId: first.importId, chunk: 'a@b.co,A\n', last: false, index: 1 });
    await api.members.import.upload({ importId: first.importId, chunk: 'a@b.co,A\n', last: false, index: 1 });
    expect((await api.members.import.upload({ importId: first.importId, chunk: '', last: true, index: 2 })).rowCount).toBe(1);
    const preview = await api.members.import.preview({ importId: first.importId, page: 1 });
    expect(preview.rows).toHaveLength(1);
    await expect(api.members.import.commit({ importId: first.importId, mode: 'valid_rows' })).resolves.toMatchObject({ status: 'committing' });
    expect((await api.members.import.commit({ importId: first.importId, mode: 'valid_rows' }).catch((e) => e)).code).toBe('CONFLICT');

    const broken = await upload('email,name\n"unterminated@example.com,Oops\n').catch((e) => e);
    expect(broken.code).toBe('BAD_REQUEST');
    expect(broken.message).toMatch(/^file: the CSV could not be read: Quote Not Closed/);
    const semicolons = await upload('email;name\nsemi@example.com;Semi Colon\n');
    const semiPreview = await api.members.import.preview({ importId: semicolons.importId });
    expect(semiPreview.summary).toMatchObject({ total: 1, new: 1 });
  });

  it('exports the current filter as CSV pages, and the export re-imports cleanly', async () => {
    const vip = await addGroup(core, tenantId, 'VIP');
    const ids = await addMembers(core, tenantId, [
      { name: 'Zed Paid', email: 'zed@example.com', joinSource: 'paid', subscriptionStatus: 'active' },
      { name: '=HYPERLINK("http://evil")', email: 'formula@example.com' },
      { name: 'Comped Carl', email: 'carl@example.com', joinSource: 'invite_link' },
      ...Array.from({ length: 30 }, (_, i) => ({ name: `Fill ${i}`, email: `fill${i}@example.com` })),
    ]);
    await api.members.addToGroup({ userId: ids[0]!, groupId: vip });
    await api.members.comp({ userId: ids[2]! });

    let csv = '';
    let cursor: string | undefined;
    let calls = 0;
    do {
      const page = await api.members.export({ filter: {}, cursor, limit: 10 });
      csv += page.csv;
      cursor = page.nextCursor ?? undefined;
      calls++;
    } while (cursor);
    expect(calls).toBe(4); // 34 members, 10 per page
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(34);
    expect(Object.keys(rows[0]!)).toEqual(['email', 'name', 'role', 'join_source', 'tier', 'subscription_status', 'joined_at', 'last_active_at', 'groups']);
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    expect(byEmail.get('zed@example.com')).toMatchObject({ tier: 'paid', subscription_status: 'active', groups: 'VIP', join_source: 'paid' });
    expect(byEmail.get('carl@example.com')).toMatchObject({ tier: 'comped' });
    expect(byEmail.get('fill0@example.com')).toMatchObject({ tier: 'free', role: 'MEMBER' });
    // A name a spreadsheet would run as a formula is written inert.
    expect(byEmail.get('formula@example.com')!.name).toBe(`'=HYPERLINK("http://evil")`);

    const selection = await api.members.export({ userIds: [ids[0]!], columns: ['email', 'groups'] });
    expect(selection).toEqual({ csv: 'email,groups\nzed@example.com,VIP\n', rows: 1, nextCursor: null });
    expect((await api.members.export({ userIds: [ids[0]!], filter: {} } as never).catch((e) => e)).code).toBe('BAD_REQUEST');

    const reimport = await upload(csv);
    const preview = await api.members.import.preview({ importId: reimport.importId });
    expect(preview.recognisedAs).toBe('tenant_console');
    expect(preview.mapping).toMatchObject({ email: 'email', name: 'name', role: 'role', joinSource: 'join_source', joinedAt: 'joined_at', groups: 'groups', comped: 'tier' });
    expect(preview.summary).toEqual({ total: 34, new: 0, updated: 0, unchanged: 34, error: 0, groupsToCreate: [], adminGrants: 0, namesKept: 0 });
  });
});
