import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/**
 * Long work (a bulk action over a million members, a 100k-row import) as short steps: one batch,
 * one transaction, then back to the event loop so that the UI's calls and the webhook listener get
 * their turn. After `budgetMs` of wall time the job hands over to a continuation job, which keeps
 * each job run well inside the runner's lease. Returns true when the work is finished.
 */
export async function runBatches(step: () => Promise<'more' | 'finished'>, budgetMs = 5_000): Promise<boolean> {
  const started = performance.now();
  for (;;) {
    if ((await step()) === 'finished') return true;
    await yieldToEventLoop();
    if (performance.now() - started > budgetMs) return false;
  }
}
