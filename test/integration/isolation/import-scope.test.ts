import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../../support/core';
import { makeTwoTenants, personOf, PEOPLE, type TwoTenants } from '../../support/two-tenants';

// Finding: a bravo CSV import "update" renamed a person in alpha. A name is the person's, shown in
// every tenant they belong to: an import keeps the name of someone who also belongs to another
// tenant and says so on the row; it still renames someone only this tenant knows.

describe.each(dialects)('import updates scoped to the tenant on %s', (dialect) => {
  let w: TwoTenants;
  beforeEach(async () => {
    w = await makeTwoTenants(dialect);
  });
  afterEach(async () => w?.dispose());

  async function importAsBea(csv: string) {
    const bea = await w.caller(w.bravo.id, w.bravoAdmin);
    const { importId } = await bea.members.import.upload({ chunk: csv, last: true });
    const preview = await bea.members.import.preview({ importId });
    await bea.members.import.commit({ importId, mode: 'valid_rows' });
    await w.core.jobs.drain();
    return { preview, done: await bea.members.import.get({ importId }) };
  }

  it("a bravo import does not rename a person who is also in alpha; the dry run says why; bravo-only people are renamed", async () => {
    const csv = ['email,name,groups', `${PEOPLE.shared.email},Samuel Renamed,`, `${PEOPLE.sharedAdmin.email},Ada Renamed,Team`, `${PEOPLE.bravoOnly.email},Benjamin,`].join('\n');
    const { preview, done } = await importAsBea(csv);

    expect(preview.summary).toMatchObject({ updated: 2, unchanged: 1, namesKept: 2 });
    expect(preview.rows.map((r) => [r.email, r.status, r.changes, r.warnings])).toEqual([
      [PEOPLE.shared.email, 'unchanged', [], [expect.stringMatching(/^name not changed: this person also belongs to another community/)]],
      [PEOPLE.sharedAdmin.email, 'updated', ['groups: + Team'], [expect.stringMatching(/^name not changed/)]],
      [PEOPLE.bravoOnly.email, 'updated', ['name'], []],
    ]);
    expect(done).toMatchObject({ status: 'committed', result: { updated: 2, unchanged: 1, failed: 0 } });

    expect(await personOf(w.core, w.shared)).toMatchObject({ name: PEOPLE.shared.name });
    expect(await personOf(w.core, w.sharedAdmin)).toMatchObject({ name: PEOPLE.sharedAdmin.name });
    expect(await personOf(w.core, w.bravoOnly)).toMatchObject({ name: 'Benjamin' });
    const alpha = await w.caller(w.alpha.id, w.alphaAdmin);
    expect((await alpha.members.get({ userId: w.shared })).profile.name).toBe('Sam Shared');
    expect((await alpha.members.list({ search: 'renamed' })).total).toBe(0);
  });

  it('the single rename refuses a shared person by name, even if asked directly', async () => {
    const err = await w.core.database.db
      .transaction()
      .execute((trx) => w.core.services.memberAdmin.changes.ops.rename(trx, { tenantId: w.bravo.id, actorUserId: w.bravoAdmin }, { userId: w.shared, name: 'X' }))
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^name: .* also belongs to another community/) });
    expect(await personOf(w.core, w.shared)).toMatchObject({ name: PEOPLE.shared.name });
  });
});
