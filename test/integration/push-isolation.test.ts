import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PushMessage } from '../../src-shared/push';
import { createPushHub } from '../../src-main/core/platform/push/hub';
import { systemClock } from '../../src-main/core/platform/clock';
import { dialects } from '../support/core';
import { makeTwoTenants, type TwoTenants } from '../support/two-tenants';

/** Collects what a stream yields until `until` holds; ends the stream then. */
async function collect(stream: AsyncGenerator<PushMessage>, until: (got: PushMessage[]) => boolean): Promise<PushMessage[]> {
  const got: PushMessage[] = [];
  for await (const message of stream) {
    got.push(message);
    if (until(got)) break;
  }
  return got;
}

describe('the push hub', () => {
  it("gives a subscriber its own tenant's messages only, and console-wide ones only to the console owner", async () => {
    const hub = createPushHub({ clock: systemClock, coalesceMs: 0 });
    const bravo: PushMessage[] = [];
    const bravoOwner: PushMessage[] = [];
    const alpha: PushMessage[] = [];
    hub.subscribe({ tenantId: 'bravo', isConsoleOwner: false }, (m) => bravo.push(m));
    hub.subscribe({ tenantId: 'bravo', isConsoleOwner: true }, (m) => bravoOwner.push(m));
    hub.subscribe({ tenantId: 'alpha', isConsoleOwner: false }, (m) => alpha.push(m));

    hub.changed('alpha', 'members');
    hub.changed('alpha', 'imports', 'import_secret_alpha');
    hub.changed(null, 'webhooks');
    hub.changed('bravo', 'deliveries');

    expect(bravo.map((m) => m.topic)).toEqual(['deliveries']);
    expect(bravoOwner.map((m) => m.topic)).toEqual(['webhooks', 'deliveries']);
    expect(alpha.map((m) => [m.topic, m.id])).toEqual([['members', undefined], ['imports', 'import_secret_alpha']]);
    hub.close();
  });

  it('merges a burst into one message per topic and record, and ends streams when the core closes', async () => {
    const hub = createPushHub({ clock: systemClock, coalesceMs: 20 });
    const stream = hub.stream({ tenantId: 'alpha', isConsoleOwner: false });
    const first = stream.next();
    for (let i = 0; i < 50; i++) hub.changed('alpha', 'webhooks');
    hub.changed('alpha', 'bulk', 'bulk_1');
    expect((await first).value).toMatchObject({ topic: 'webhooks' });
    expect((await stream.next()).value).toMatchObject({ topic: 'bulk', id: 'bulk_1' });
    const ended = stream.next();
    hub.close();
    expect((await ended).done).toBe(true);
    expect(hub.subscriberCount()).toBe(0);
  });
});

describe.each(dialects)('events.stream on %s', (dialect) => {
  let world: TwoTenants;
  beforeAll(async () => {
    world = await makeTwoTenants(dialect);
  });
  afterAll(async () => world?.dispose());

  it("never gives bravo's ADMIN what happened in alpha, while alpha's ADMIN hears of it", async () => {
    const bravoCaller = await world.caller(world.bravo.id, world.bravoAdmin);
    const alphaCaller = await world.caller(world.alpha.id, world.alphaAdmin);
    const bravoStream = (await bravoCaller.events.stream(undefined)) as AsyncGenerator<PushMessage>;
    const alphaStream = (await alphaCaller.events.stream(undefined)) as AsyncGenerator<PushMessage>;
    const bravoGot: PushMessage[] = [];
    const bravoDone = collect(bravoStream, (got) => {
      bravoGot.push(...got.slice(bravoGot.length));
      return got.some((m) => m.topic === 'deliveries');
    });

    // Alpha's members change through the product (a bulk role change runs as a job for alpha).
    const core = world.core;
    const alphaDone = collect(alphaStream, (got) => got.some((m) => m.topic === 'bulk'));
    // Both windows are listening before anything happens.
    await vi.waitFor(() => expect(core.services.push.subscriberCount()).toBe(2));
    core.services.push.changed(null, 'webhooks'); // console-wide: not for a tenant ADMIN
    const op = await alphaCaller.members.bulk.start({ action: { type: 'export' }, target: { filter: {} } });
    await core.jobs.drain();
    expect((await alphaDone).find((m) => m.topic === 'bulk')?.id).toBe(op.id);

    // Then something for bravo, which ends bravo's wait: everything before it was alpha's.
    world.core.services.push.changed(world.bravo.id, 'deliveries');
    await bravoDone;
    expect(bravoGot.map((m) => m.topic)).toEqual(['deliveries']);
  });
});
