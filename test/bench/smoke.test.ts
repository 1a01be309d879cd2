import { describe, expect, it } from 'vitest';
import { answerOfReplay, assertSameAnswer, BaselineMismatch } from './baseline';
import { runBench } from './bench';

// The bench at a small scale in the test run, so that a bench that measures the wrong thing cannot
// land again. It fails when a baseline disagrees with members.list, a case throws, or a webhook gets
// no 2xx or is not applied; never on timings (too noisy on a shared machine to gate on).

const MEMBERS = Number(process.env.BENCH_SMOKE_MEMBERS) || 20_000;

describe('npm run bench, smoke scale', () => {
  it(`measures every part with baselines that give the product's answer (${MEMBERS.toLocaleString('en-US')} members, 300 webhooks)`, { timeout: 180_000 }, async () => {
    const report = await runBench({
      members: MEMBERS,
      parts: ['members', 'loop', 'webhooks'],
      plan: { warmup: 1, minSamples: 3, maxSamples: 5, budgetMs: 0 },
      webhooks: { events: 300, connections: 5, rounds: 1, busySeconds: 10 },
      loopRuns: 1,
      log: () => {},
    });
    // The whole report on failure: which case, and both answers.
    expect(report.errors, report.text).toEqual([]);
    expect(report.figures.filter((f) => f.status === 'error')).toEqual([]);
    const parts = new Set(report.figures.map((f) => f.part));
    expect([...parts].sort()).toEqual(['loop', 'members', 'webhooks']);
    expect(report.figures.filter((f) => f.part === 'members').length).toBeGreaterThan(30);
    expect(report.figures.find((f) => f.name.startsWith('webhooks unanswered or not applied: listener + other work'))).toMatchObject({ value: 0 });
  });

  it('calls a baseline that returns another page an error naming the case and both answers', () => {
    const replay = [[{ total: 3, sortKey: 'b', membershipId: 'm2' }, { total: 3, sortKey: 'a', membershipId: 'm1' }]];
    const answer = answerOfReplay(replay, { sort: { field: 'joinedAt', direction: 'desc' }, limit: 50 });
    expect(answer).toEqual({ ids: ['m2', 'm1'], total: 3 });
    // Read backwards from the end (a deep page): put back in the sort's order.
    expect(answerOfReplay([[...replay[0]!].reverse()], { sort: { field: 'joinedAt', direction: 'desc' }, limit: 50 }).ids).toEqual(['m2', 'm1']);
    expect(() => assertSameAnswer('first page', { ids: ['m2', 'm1'], total: 3 }, { ids: ['m2'], total: 3 })).toThrow(BaselineMismatch);
    expect(() => assertSameAnswer('first page', { ids: ['m2', 'm1'], total: 3 }, { ids: ['m1', 'm2'], total: 3 })).toThrow(/first page: the baseline gave another answer/);
    expect(() => assertSameAnswer('first page', { ids: [], total: 3 }, { ids: [], total: Number.NaN })).toThrow(/total NaN/);
  });
});
