import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { enqueueJob } from '../../src-main/core/platform/jobs/queue';
import { createJobRunner, type JobRunner } from '../../src-main/core/platform/jobs/runner';
import { silentLogger } from '../../src-main/core/platform/logger';
import { dialects, makeTestCore, type TestCore } from '../support/core';

/** Polls until `check` holds (5 s at most). */
async function until(what: string, check: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(dialects)('the concurrent job runner on %s', (dialect) => {
  let core: TestCore;
  let runner: JobRunner | undefined;
  let release: () => void = () => {};
  afterEach(async () => {
    release();
    await runner?.stop();
    await core?.dispose();
  });

  async function setup(limits?: Parameters<typeof createJobRunner>[0]['limits']) {
    const clock = fixedClock('2026-03-01T00:00:00.000Z');
    core = await makeTestCore(dialect, { clock });
    runner = createJobRunner({ db: core.database.db, clock, logger: silentLogger, limits, pollMs: 20, backoff: () => 60_000 });
    const gate = new Promise<void>((resolve) => (release = resolve));
    return { clock, runner, gate, enqueue: (input: Parameters<typeof enqueueJob>[2]) => enqueueJob(core.database.db, clock, input) };
  }

  it("runs another kind's job, and another tenant's, while one tenant's slow jobs hold their kind's slots", async () => {
    const { runner, gate, enqueue } = await setup({ deliveries: { concurrency: 4, perTenant: 1 } });
    const started: string[] = [];
    const quick: string[] = [];
    runner.register('test.slow', async (p) => {
      started.push((p as { tenantId: string }).tenantId);
      await gate;
    });
    runner.register('test.quick', async (p) => void quick.push((p as { tenantId: string }).tenantId));
    for (let n = 0; n < 30; n++) await enqueue({ kind: 'test.slow', workKind: 'deliveries', payload: { tenantId: 'ten_noisy', n } });
    for (let n = 0; n < 3; n++) await enqueue({ kind: 'test.slow', workKind: 'deliveries', payload: { tenantId: 'ten_calm', n } });
    await enqueue({ kind: 'test.quick', payload: { tenantId: 'ten_other' } });

    runner.start();
    await until('the other kind ran', () => quick.length === 1);
    await until("the calm tenant's jobs started", () => started.filter((t) => t === 'ten_calm').length === 2);
    // Four delivery slots, two tenants waiting: each may use all but two, so they share them.
    expect(started.filter((t) => t === 'ten_noisy')).toHaveLength(2);
    const summary = (await runner.summary()).find((s) => s.workKind === 'deliveries')!;
    expect(summary).toMatchObject({ queued: 29, due: 29, running: 4, slots: 4, inUse: 4 });

    release();
    await until('everything ran', () => started.length === 33);
    // The calm tenant's third job did not wait for the noisy tenant's 30.
    expect(started.lastIndexOf('ten_calm')).toBeLessThan(8);
  });

  it('takes the kind of work from the job type and the tenant from the payload, or from the job that enqueued it', async () => {
    const { runner, enqueue } = await setup();
    runner.register('members.import.commit', async () => {
      await enqueue({ kind: 'webhook.deliver', payload: { deliveryId: 'whd_1' } });
    });
    await enqueue({ kind: 'members.import.commit', payload: { tenantId: 'ten_a', importId: 'imp_1' } });
    await enqueue({ kind: 'webhook.process', payload: { eventId: 'whe_1' } });
    await enqueue({ kind: 'campaign.send', payload: {}, tenantId: 'ten_b' });
    await runner.drain();
    const rows = await core.database.db.selectFrom('jobs').select(['kind', 'workKind', 'tenantKey']).orderBy('kind').execute();
    expect(rows).toEqual([
      { kind: 'campaign.send', workKind: 'campaigns', tenantKey: 'ten_b' },
      { kind: 'members.import.commit', workKind: 'bulk', tenantKey: 'ten_a' },
      { kind: 'webhook.deliver', workKind: 'deliveries', tenantKey: 'ten_a' },
      { kind: 'webhook.process', workKind: 'webhooks', tenantKey: '' },
    ]);
  });

  it('sums up the queue per kind: queued, due, how long the oldest waited, retrying, failed', async () => {
    const { clock, runner, enqueue } = await setup();
    runner.register('webhook.process', async () => {
      throw new Error('handler down');
    });
    runner.register('catalog.sync', async () => {
      throw new Error('provider down');
    });
    await enqueue({ kind: 'webhook.process', payload: {} });
    await enqueue({ kind: 'catalog.sync', payload: {}, maxAttempts: 1 });
    await runner.drain();
    await enqueue({ kind: 'webhook.deliver', payload: {} });
    await enqueue({ kind: 'webhook.deliver', payload: {}, runAt: '2026-03-01T01:00:00.000Z' });
    clock.advance(90_000);
    const summary = Object.fromEntries((await runner.summary()).map((s) => [s.workKind, s]));
    expect(summary.deliveries).toMatchObject({ queued: 2, due: 1, oldestDueAgeMs: 90_000, running: 0, retrying: 0, failed: 0 });
    expect(summary.webhooks).toMatchObject({ queued: 1, due: 1, oldestDueAgeMs: 30_000, retrying: 1, failed: 0 });
    expect(summary.sync).toMatchObject({ queued: 0, failed: 1 });
    expect(summary.analytics).toMatchObject({ queued: 0, due: 0, oldestDueAgeMs: 0, failed: 0 });
  });
});
