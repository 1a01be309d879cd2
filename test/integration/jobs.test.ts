import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { PermanentFailure, RetryLater } from '../../src-main/core/platform/jobs/backoff';
import { enqueueJob } from '../../src-main/core/platform/jobs/queue';
import { createJobRunner } from '../../src-main/core/platform/jobs/runner';
import { silentLogger } from '../../src-main/core/platform/logger';
import { dialects, makeTestCore, type TestCore } from '../support/core';

describe.each(dialects)('the durable job queue on %s', (dialect) => {
  let core: TestCore;
  afterEach(async () => core?.dispose());

  async function setup() {
    const clock = fixedClock('2026-03-01T00:00:00.000Z');
    core = await makeTestCore(dialect, { clock });
    const runner = createJobRunner({ db: core.database.db, clock, logger: silentLogger, backoff: (n) => n * 1000, leaseMs: 30_000 });
    const job = (id: string) => core.database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { clock, runner, job, enqueue: (input: Parameters<typeof enqueueJob>[2]) => enqueueJob(core.database.db, clock, input) };
  }

  it('runs a due job once and marks it done', async () => {
    const { runner, job, enqueue } = await setup();
    const seen: unknown[] = [];
    runner.register('greet', async (payload) => void seen.push(payload));
    const id = await enqueue({ kind: 'greet', payload: { to: 'ada' } });
    expect(await runner.drain()).toBe(1);
    expect(await runner.drain()).toBe(0);
    expect(seen).toEqual([{ to: 'ada' }]);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 1, lastError: null });
  });

  it('retries a failing job after its backoff, keeping the error, until it succeeds', async () => {
    const { clock, runner, job, enqueue } = await setup();
    let calls = 0;
    runner.register('flaky', async () => {
      calls += 1;
      if (calls < 3) throw new Error(`boom ${calls}`);
    });
    const id = await enqueue({ kind: 'flaky', payload: {} });
    await runner.drain();
    expect(await job(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'boom 1', runAt: '2026-03-01T00:00:01.000Z' });
    await runner.drain();
    expect(calls).toBe(1); // not due yet
    clock.advance(1000);
    await runner.drain();
    expect(await job(id)).toMatchObject({ status: 'pending', attempts: 2, lastError: 'boom 2' });
    clock.advance(2000);
    await runner.drain();
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 3, lastError: null });
  });

  it('gives up after maxAttempts, or at once on a permanent failure; honours RetryLater', async () => {
    const { clock, runner, job, enqueue } = await setup();
    runner.register('always', async () => {
      throw new Error('down');
    });
    runner.register('gone', async () => {
      throw new PermanentFailure('410 Gone');
    });
    runner.register('throttled', async () => {
      throw new RetryLater(120_000, '429');
    });
    const a = await enqueue({ kind: 'always', payload: {}, maxAttempts: 2 });
    const g = await enqueue({ kind: 'gone', payload: {} });
    const t = await enqueue({ kind: 'throttled', payload: {} });
    await runner.drain();
    clock.advance(10_000);
    await runner.drain();
    expect(await job(a)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'down' });
    expect(await job(g)).toMatchObject({ status: 'failed', attempts: 1, lastError: '410 Gone' });
    expect(await job(t)).toMatchObject({ status: 'pending', runAt: '2026-03-01T00:02:00.000Z' });
  });

  it('keeps one unfinished job per dedupe key', async () => {
    const { enqueue } = await setup();
    const first = await enqueue({ kind: 'sync', payload: { v: 1 }, dedupeKey: 'package:1' });
    const second = await enqueue({ kind: 'sync', payload: { v: 2 }, dedupeKey: 'package:1' });
    expect(second).toBe(first);
    const rows = await core.database.db.selectFrom('jobs').select('id').execute();
    expect(rows).toHaveLength(1);
  });

  it('picks up a job a crashed runner had claimed once its lease ran out', async () => {
    const { clock, runner, job, enqueue } = await setup();
    const id = await enqueue({ kind: 'work', payload: {} });
    // Simulate a runner that claimed the job and died.
    await core.database.db.updateTable('jobs').set({ status: 'running', attempts: 1, lockedUntil: '2026-03-01T00:00:30.000Z' }).where('id', '=', id).execute();
    let ran = 0;
    runner.register('work', async () => void (ran += 1));
    await runner.drain();
    expect(ran).toBe(0);
    clock.advance(31_000);
    await runner.drain();
    expect(ran).toBe(1);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('two runners draining at once run each job exactly once', async () => {
    const { clock, enqueue } = await setup();
    const counts = new Map<number, number>();
    const make = () => {
      const r = createJobRunner({ db: core.database.db, clock, logger: silentLogger });
      r.register('count', async (p) => {
        const n = (p as { n: number }).n;
        counts.set(n, (counts.get(n) ?? 0) + 1);
        await new Promise((res) => setTimeout(res, 1));
      });
      return r;
    };
    for (let n = 0; n < 40; n++) await enqueue({ kind: 'count', payload: { n } });
    await Promise.all([make().drain(), make().drain()]);
    expect(counts.size).toBe(40);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  });
});
