import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CompiledQuery } from 'kysely';
import type { Core } from '../../src-main/core/create-core';
import { absoluteFigure, type Figure } from './figures';
import type { PartResult } from './members';
import { ms } from './report';
import { SUBSCRIPTION_FIGURES, SUBSCRIPTION_HISTORY } from './webhooks';

// Event-loop delay while an analytics-sized aggregate runs (quality-bars: p99 < 50 ms). The
// aggregate is the one the webhook bench's "other work" runs (a dashboard's MRR, status counts and
// monthly movements as full scans of the tenant's subscriptions and their events), run the way the
// app runs heavy reads: through the core's reader (on SQLite, read-only connections in worker
// threads). The histogram samples the loop every 10 ms, so a query that held the loop for a second
// would show as a second's delay.

const TARGET_MS = 50;

export async function loopDelayBench(ctx: { core: Core; tenantId: string; runs: number; log: (line: string) => void }): Promise<PartResult> {
  const db = ctx.core.database.db;
  const rows = await db.selectFrom('subscriptionEvents').select((eb) => eb.fn.countAll().as('n')).where('tenantId', '=', ctx.tenantId).executeTakeFirstOrThrow();
  ctx.log(`loop delay: the analytics aggregate ${ctx.runs} times over ${Number(rows.n).toLocaleString('en-US')} subscription events`);
  const reader = ctx.core.database.reader;
  const aggregate = async () => {
    await reader.executeQuery(CompiledQuery.raw(SUBSCRIPTION_FIGURES, [ctx.tenantId]));
    await reader.executeQuery(CompiledQuery.raw(SUBSCRIPTION_HISTORY, [ctx.tenantId]));
  };
  await aggregate(); // warm: the page cache, not the loop, is what the first run measures
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const took: number[] = [];
  delay.enable();
  for (let k = 0; k < ctx.runs; k++) {
    const t0 = performance.now();
    await aggregate();
    took.push(performance.now() - t0);
    // Let the loop turn between runs, as a dashboard's refreshes would.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  delay.disable();
  const p99 = delay.percentile(99) / 1e6;
  const figure: Figure = absoluteFigure({
    part: 'loop',
    name: 'event-loop delay p99 while an analytics aggregate runs (through the reader)',
    unit: 'ms',
    value: p99,
    below: TARGET_MS,
    samples: delay.count,
  });
  const detail = `event-loop delay: ${ctx.runs} runs of the aggregate (${Number(rows.n).toLocaleString('en-US')} subscription events), each ${took.map(ms).join(', ')} ms; loop delay p50 ${ms(delay.percentile(50) / 1e6)} ms, p99 ${ms(p99)} ms, max ${ms(delay.max / 1e6)} ms`;
  return { figures: [figure], detail, errors: [] };
}
