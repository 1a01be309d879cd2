import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorFigure, ratioFigure } from './figures';
import type { PartResult } from './members';
import { ms, table } from './report';

// Frames arrive on a 16.7 ms clock; the 15% margin is for timestamp jitter, not a dropped frame.
const JITTER = 1.15;

/**
 * The member table in Chromium at 1M rows (quality-bars: p95 frame time ≤ 16.7 ms). Runs the
 * e2e scroll spec, which serves a synthetic million members to the real page and measures the
 * time between frames while scrolling, and reports its figures against the frame budget.
 */
export function membersScrollBench(log: (line: string) => void): PartResult {
  const dir = mkdtempSync(join(tmpdir(), 'tc-bench-scroll-'));
  const report = join(dir, 'frames.json');
  const name = 'member table in Chromium, 1M rows, p95 frame / 16.7 ms budget';
  try {
    log('scroll: the member table in Chromium');
    const run = spawnSync('npx', ['playwright', 'test', '-c', 'test/e2e/playwright.config.ts', 'members-scroll', '--reporter=line'], {
      env: { ...process.env, BENCH_FRAME_REPORT: report },
      encoding: 'utf8',
    });
    if (run.status !== 0) {
      const message = `the measurement failed:\n${(run.stdout + run.stderr).slice(-2000)}`;
      return { figures: [errorFigure('scroll', name, `<= ${JITTER}x`, message)], detail: `member table scroll: ${message}`, errors: [message] };
    }
    const { budgetMs, results } = JSON.parse(readFileSync(report, 'utf8')) as { budgetMs: number; results: { name: string; p95: number; frames?: number }[] };
    const figures = results.map((r) =>
      ratioFigure({ part: 'scroll', name: `member table in Chromium, 1M rows, p95 frame, ${r.name} scroll (best of 3)`, unit: 'ms', value: r.p95, baseline: budgetMs, samples: r.frames ?? null, max: JITTER }),
    );
    const detail = `member table in Chromium, 1M rows, scrolling; p95 frame time in ms (best of 3 runs); target the 16.7 ms budget +15% timestamp jitter\n\n${table(['scroll', 'p95 frame', 'budget'], results.map((r) => [r.name, ms(r.p95), ms(budgetMs)]))}`;
    return { figures, detail, errors: [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
