import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../../support/core';
import { makeTwoTenants, membershipIn, PEOPLE, type TwoTenants } from '../../support/two-tenants';

// Finding: a CSV row with role `admin` showed "What changes: nothing" in the dry run and created
// an ADMIN. The dry run now shows the grant with a warning, and it applies only with grantAdmin.

describe.each(dialects)('ADMIN grants by import on %s', (dialect) => {
  let w: TwoTenants;
  beforeEach(async () => {
    w = await makeTwoTenants(dialect);
  });
  afterEach(async () => w?.dispose());

  const csv = ['email,name,role', 'newadmin@bravo.test,New Admin,admin', `${PEOPLE.bravoOnly.email},,ADMIN`, 'plain@bravo.test,Plain,member'].join('\n');

  async function dryRun() {
    const bea = await w.caller(w.bravo.id, w.bravoAdmin);
    const { importId } = await bea.members.import.upload({ chunk: csv, last: true });
    return { bea, importId, preview: await bea.members.import.preview({ importId }) };
  }

  async function roleOf(email: string) {
    const user = await w.core.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    return (await membershipIn(w.core, w.bravo.id, user.id))?.role;
  }

  it('shows each grant as a role change with a warning, and imports MEMBER unless the owner opts in', async () => {
    const { bea, importId, preview } = await dryRun();
    expect(preview.summary).toMatchObject({ new: 2, updated: 1, adminGrants: 2 });
    expect(preview.rows.map((r) => [r.email, r.status, r.changes, r.warnings])).toEqual([
      ['newadmin@bravo.test', 'new', ['role: ADMIN'], [expect.stringMatching(/^grants ADMIN: imported as MEMBER unless/)]],
      [PEOPLE.bravoOnly.email, 'updated', ['role: MEMBER → ADMIN'], [expect.stringMatching(/^grants ADMIN/)]],
      ['plain@bravo.test', 'new', [], []],
    ]);

    await bea.members.import.commit({ importId, mode: 'all_or_nothing' });
    await w.core.jobs.drain();
    expect(await bea.members.import.get({ importId })).toMatchObject({ status: 'committed', result: { created: 2, updated: 0, unchanged: 1, grantAdmin: false } });
    expect(await roleOf('newadmin@bravo.test')).toBe('MEMBER');
    expect(await roleOf(PEOPLE.bravoOnly.email)).toBe('MEMBER');
    // The stored verdicts say what happened instead.
    const rows = (await bea.members.import.preview({ importId })).rows;
    expect(rows[0]).toMatchObject({ changes: [], warnings: [expect.stringMatching(/^ADMIN not granted/)] });
  });

  it('grants ADMIN when the commit says grantAdmin: true', async () => {
    const { bea, importId } = await dryRun();
    await bea.members.import.commit({ importId, mode: 'all_or_nothing', grantAdmin: true });
    await w.core.jobs.drain();
    expect(await bea.members.import.get({ importId })).toMatchObject({ result: { created: 2, updated: 1, grantAdmin: true } });
    expect(await roleOf('newadmin@bravo.test')).toBe('ADMIN');
    expect(await roleOf(PEOPLE.bravoOnly.email)).toBe('ADMIN');
    expect(await roleOf('plain@bravo.test')).toBe('MEMBER');
  });

  it('refuses an unknown key in the commit input by name', async () => {
    const { importId } = await dryRun();
    const bea = await w.http(w.bravo.id, w.bravoAdmin);
    const err = await bea.members.import.commit.mutate({ importId, mode: 'valid_rows', grantAdmins: true } as never).catch((e) => e);
    expect(err.data).toMatchObject({ httpStatus: 400 });
    expect(err.message).toMatch(/grantAdmins/);
  });
});
