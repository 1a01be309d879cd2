import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src-main/core/platform/events';
import { dialects, makeTestCore, type TestCore } from '../support/core';

const joined = (userId: string) => ({ userId, email: `${userId}@example.com`, joinSource: 'free_signup' as const, groups: [] });

describe.each(dialects)('domain events on %s', (dialect) => {
  let core: TestCore;
  afterEach(async () => core?.dispose());

  it('exist only if the transaction that published them committed, and reach listeners', async () => {
    core = await makeTestCore(dialect);
    const seen: DomainEvent<'member.joined'>[] = [];
    core.services.events.subscribe('member.joined', async (e) => void seen.push(e));
    const tenant = await core.services.tenants.create({ slug: 'ev', name: 'Ev' }, await core.services.owner.id());
    await core.database.db.transaction().execute((trx) =>
      core.services.events.publish(trx, { type: 'member.joined', tenantId: tenant.id, data: joined('user_committed') }),
    );
    await expect(
      core.database.db.transaction().execute(async (trx) => {
        await core.services.events.publish(trx, { type: 'member.joined', tenantId: tenant.id, data: joined('user_rolledback') });
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
    await core.services.events.publish(core.database.db, { type: 'member.left', tenantId: tenant.id, data: { userId: 'user_1', reason: 'removed' } });
    await core.jobs.drain();
    fail = false;
    await core.database.db.updateTable('jobs').set({ runAt: '2000-01-01T00:00:00.000Z' }).where('status', '=', 'pending').execute();
    await core.jobs.drain();
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('retry a failing listener alone: the other listeners of the event take effect once', async () => {
    core = await makeTestCore(dialect);
    const tenant = await core.services.tenants.create({ slug: 'ev3', name: 'Ev3' }, await core.services.owner.id());
    const welcomed: string[] = [];
    const counted: string[] = [];
    const realtime: string[] = [];
    let ablyUp = false;
    core.services.events.subscribe('member.joined', async (e) => void welcomed.push(e.data.userId), { name: 'welcome-mail' });
    core.services.events.subscribe('*', async (e) => void counted.push(e.id), { name: 'analytics' });
    core.services.events.subscribe(
      'member.joined',
      async (e) => {
        if (!ablyUp) throw new Error('Ably is down');
        realtime.push(e.data.userId);
      },
      { name: 'realtime' },
    );
    const event = await core.services.events.publish(core.database.db, { type: 'member.joined', tenantId: tenant.id, data: joined('user_ann') });
    await core.jobs.drain();

    const ours = ['*/analytics', 'member.joined/realtime', 'member.joined/welcome-mail'].map((l) => `${event.id}:${l}`);
    const jobsOf = () =>
      core.database.db.selectFrom('jobs').select(['dedupeKey', 'status', 'attempts', 'lastError']).where('dedupeKey', 'in', ours).orderBy('dedupeKey').execute();
    expect(await jobsOf()).toEqual([
      { dedupeKey: `${event.id}:*/analytics`, status: 'done', attempts: 1, lastError: null },
      { dedupeKey: `${event.id}:member.joined/realtime`, status: 'pending', attempts: 1, lastError: 'Ably is down' },
      { dedupeKey: `${event.id}:member.joined/welcome-mail`, status: 'done', attempts: 1, lastError: null },
    ]);

    // Two more failed retries, then Ably is back: only the realtime listener ran again.
    for (const up of [false, false, true]) {
      ablyUp = up;
      await core.database.db.updateTable('jobs').set({ runAt: '2000-01-01T00:00:00.000Z' }).where('status', '=', 'pending').execute();
      await core.jobs.drain();
    }
    expect(welcomed).toEqual(['user_ann']);
    expect(counted).toEqual([event.id]);
    expect(realtime).toEqual(['user_ann']);
    expect((await jobsOf()).map((j) => [j.status, j.attempts])).toEqual([['done', 1], ['done', 4], ['done', 1]]);

  });

  it('refuse two listeners of one event with the same name', async () => {
    core = await makeTestCore(dialect);
    core.services.events.subscribe('member.left', async () => {}, { name: 'audit' });
    expect(() => core.services.events.subscribe('member.left', async () => {}, { name: 'audit' })).toThrow('already subscribed');
  });
});
