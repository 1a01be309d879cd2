// Timing helpers. Measured and baseline runs alternate (ABBA order) so that drift on a shared
// machine — another process waking up, the page cache warming — hits both sides alike.

export interface SamplePlan {
  warmup: number;
  minSamples: number;
  maxSamples: number;
  /** Stop taking samples after this long, once minSamples are in. */
  budgetMs: number;
}

export interface PairedSamples {
  measured: number[];
  baseline: number[];
}

export async function samplePairs(
  measured: () => Promise<unknown>,
  baseline: () => unknown,
  plan: SamplePlan,
): Promise<PairedSamples> {
  const timeMeasured = async () => {
    const start = performance.now();
    await measured();
    return performance.now() - start;
  };
  const timeBaseline = () => {
    const start = performance.now();
    baseline();
    return performance.now() - start;
  };
  for (let k = 0; k < plan.warmup; k++) {
    await timeMeasured();
    timeBaseline();
  }
  const out: PairedSamples = { measured: [], baseline: [] };
  const started = performance.now();
  for (let k = 0; k < plan.maxSamples; k++) {
    if (k >= plan.minSamples && performance.now() - started > plan.budgetMs) break;
    if (k % 2 === 0) {
      out.baseline.push(timeBaseline());
      out.measured.push(await timeMeasured());
    } else {
      out.measured.push(await timeMeasured());
      out.baseline.push(timeBaseline());
    }
  }
  return out;
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}
