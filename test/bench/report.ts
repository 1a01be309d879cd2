// Formatting for the printed report.

export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, k) => Math.max(...all.map((cells) => cells[k]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
export const ratio = (value: number) => `${value.toFixed(2)}x`;
export const verdict = (pass: boolean) => (pass ? 'pass' : 'FAIL');
export const count = (n: number) => n.toLocaleString('en-US');
