import { count, ms, ratio, table } from './report';

// One row of the bench's summary: a figure quality-bars.md names, measured in this run next to its
// baseline from the same run. A case that errs (its baseline gave another answer, it threw, a webhook
// went unanswered) is an `error`, never a ratio.

export type Status = 'pass' | 'FAIL' | 'error' | 'not built' | 'not measured';

export interface Figure {
  /** The bench part that measured it (--only <part>). */
  part: string;
  name: string;
  unit: 'ms' | 'events/s' | 'events';
  value: number | null;
  baseline: number | null;
  ratio: number | null;
  target: string;
  status: Status;
  samples: number | null;
  note?: string;
}

type Measured = Pick<Figure, 'part' | 'name' | 'unit' | 'samples'> & { value: number; baseline: number };

/** A figure whose target is value / baseline <= max (or >= min). */
export function ratioFigure(f: Measured & ({ max: number } | { min: number })): Figure {
  const x = f.value / f.baseline;
  const [target, pass] = 'max' in f ? [`<= ${f.max}x`, x <= f.max] : [`>= ${f.min}x`, x >= f.min];
  return { part: f.part, name: f.name, unit: f.unit, value: f.value, baseline: f.baseline, ratio: x, target, status: Number.isFinite(x) && pass ? 'pass' : 'FAIL', samples: f.samples };
}

/** A figure with an absolute target (no baseline), e.g. event-loop delay p99 < 50 ms. */
export function absoluteFigure(f: Pick<Figure, 'part' | 'name' | 'unit' | 'samples'> & { value: number; below: number }): Figure {
  return { ...f, baseline: null, ratio: null, target: `< ${f.below} ${f.unit}`, status: f.value < f.below ? 'pass' : 'FAIL' };
}

export function errorFigure(part: string, name: string, target: string, note: string): Figure {
  return { part, name, unit: 'ms', value: null, baseline: null, ratio: null, target, status: 'error', samples: null, note };
}

const show = (v: number | null, unit: Figure['unit']) => (v === null ? '-' : unit === 'ms' ? `${ms(v)} ms` : `${count(Math.round(v))}${unit === 'events/s' ? '/s' : ''}`);

export function figureTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    show(f.value, f.unit),
    show(f.baseline, f.unit),
    f.ratio === null ? '-' : ratio(f.ratio),
    f.target,
    f.status,
    f.samples === null ? '-' : count(f.samples),
  ]);
  return table(['figure', 'value', 'baseline (same run)', 'ratio', 'target', 'result', 'n'], rows);
}
