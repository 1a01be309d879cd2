import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/core';
import { makeTwoTenants, type TwoTenants } from '../support/two-tenants';

// Finding: members.export compared any string as a cursor (a garbage one paged silently, a NUL
// byte was a server error on PostgreSQL). A cursor that is not a previous page's is a 400 naming it.

describe.each(dialects)('members.export cursor on %s', (dialect) => {
  let w: TwoTenants;
  beforeEach(async () => {
    w = await makeTwoTenants(dialect);
  });
  afterEach(async () => w?.dispose());

  it('answers 400 naming cursor for a cursor no page gave out', async () => {
    const api = await w.http(w.bravo.id, w.bravoAdmin);
    const cases: [Record<string, unknown>, string][] = [
      [{ filter: {} }, 'garbage'],
      [{ filter: {} }, '{'],
      [{ filter: {} }, 'mem_\u0000x'],
      [{ filter: {} }, 'x'.repeat(500)],
      // A selection pages by user id and a filter by membership id: the other kind is refused.
      [{ filter: {} }, `${w.bravoAdmin}`],
      [{ userIds: [w.bravoAdmin] }, 'mem_abcdefgh1'],
    ];
    for (const [target, cursor] of cases) {
      const err = await api.members.export.mutate({ ...target, cursor } as never).catch((e) => e);
      expect(err.data, cursor.slice(0, 20)).toMatchObject({ httpStatus: 400 });
      expect(err.message).toMatch(/^cursor: is not a cursor from a previous page of this export/);
    }
  });

  it('still pages with the cursors it gives out', async () => {
    const api = await w.http(w.bravo.id, w.bravoAdmin);
    let cursor: string | undefined;
    let rows = 0;
    do {
      const page = await api.members.export.mutate({ filter: {}, cursor, limit: 2 });
      rows += page.rows;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(rows).toBe(5);
  });
});
