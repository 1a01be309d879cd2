import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import UplotReact from 'uplot-react';
import 'uplot/dist/uPlot.min.css';

/**
 * A uPlot chart as wide as its card: uPlot draws on a canvas of a given size, so the wrapper
 * measures itself and the chart is redrawn at the new width when the window changes.
 */
export function UplotChart({
  options,
  data,
  height = 240,
  label,
  testId,
}: {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height?: number;
  /** What the chart shows, for screen readers (the table view has the numbers). */
  label: string;
  testId?: string;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={wrap} className="analytics-chart" role="img" aria-label={label} data-testid={testId}>
      {width > 0 && <UplotReact options={{ ...options, width, height }} data={data} />}
    </div>
  );
}

const css = (name: string, fallback: string) => {
  if (typeof document === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
};

/** Chart colours from the theme (light or dark), with readable defaults. */
export function chartColors() {
  return {
    text: css('--text-muted', '#6b7280'),
    grid: css('--border', '#e5e7eb'),
    accent: css('--accent', '#4f46e5'),
    new: '#16a34a',
    expansion: '#65a30d',
    reactivation: '#0891b2',
    contraction: '#f59e0b',
    churned: '#dc2626',
    previous: '#9ca3af',
  };
}

/** Axes that follow the theme; `money` formats the values axis as dollars. */
export function themedAxes(labels: string[], options: { money?: boolean } = {}): uPlot.Axis[] {
  const c = chartColors();
  const fmt = new Intl.NumberFormat('en-US', options.money ? { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 } : { notation: 'compact' });
  return [
    // x is the period's index: labels at whole steps, spaced so they never overlap.
    { stroke: c.text, grid: { show: false }, ticks: { stroke: c.grid }, space: 80, incrs: [1, 2, 3, 4, 6, 7, 12, 14, 24, 28, 48, 96, 192], values: (_u, splits) => splits.map((i) => labels[Math.round(i)] ?? '') },
    { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { show: false }, size: 64, values: (_u, splits) => splits.map((v) => fmt.format(v)) },
  ];
}

export const barPaths = (): uPlot.Series.PathBuilder => uPlot.paths.bars!({ size: [0.7, 64], align: 0 });
/** A bar series: drawn as bars, without the line chart's points. */
export const bars = (label: string, color: string): uPlot.Series => ({ label, fill: color, stroke: color, paths: barPaths(), points: { show: false } });
