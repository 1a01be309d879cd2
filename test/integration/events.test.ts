import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src-main/core/events';
import { dialects, makeTestCore, type TestCore } from '../support/core';

describe.each(dialects)('domain events on %s', (dialect) => {
  let core: TestCore;
  afterEach(async () => core?.dispose());

  it('exist only if the transaction that published them committed, and reach listeners', async () => {
    core = await makeTestCore(dialect);
    const seen: DomainEvent[] = [];
    core.services.events.subscribe('member.joined', async (e) => void seen.push(e));
    const tenant = await core.services.tenants.create({ slug: 'ev', name: 'Ev' }, await core.services.owner.id());
    await core.database.db.transaction().execute((trx) =>
      core.services.events.publish(trx, { type: 'member.joined', tenantId: tenant.id, data: { userId: 'user_committed' } }),
    );
    await expect(
      core.database.db.transaction().execute(async (trx) => {
        await core.services.events.publish(trx, { type: 'member.joined', tenantId: tenant.id, data: { userId: 'user_rolledback' } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await core.jobs.drain();
    expect(seen.map((e) => e.data.userId)).toEqual(['user_committed']);
    expect(seen[0]).toMatchObject({ type: 'member.joined', tenantId: tenant.id, id: expect.stringMatching(/^evt_/) });
  });

  it('retry delivery to a failing listener with the same event id', async () => {
    core = await makeTestCore(dialect);
    const ids: string[] = [];
    let fail = true;
    core.services.events.subscribe('*', async (e) => {
      ids.push(e.id);
      if (fail) throw new Error('listener down');
    });
    const tenant = await core.services.tenants.create({ slug: 'ev2', name: 'Ev2' }, await core.services.owner.id());
    await core.services.events.publish(core.database.db, { type: 'member.left', tenantId: tenant.id, data: {} });
    await core.jobs.drain();
    fail = false;
    await core.database.db.updateTable('jobs').set({ runAt: '2000-01-01T00:00:00.000Z' }).where('status', '=', 'pending').execute();
    await core.jobs.drain();
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });
});
