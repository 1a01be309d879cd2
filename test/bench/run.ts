// npm run bench: every figure of quality-bars.md that exists today, each next to its baseline from
// the same run, in one table (bench.ts). The bench is a report: it exits 0 when targets are missed,
// and 1 only when the run itself is wrong (a baseline disagreeing with the product, a case that
// threw, a webhook unanswered).
//
//   npm run bench -- --only members            one part: members, loop, webhooks, scroll (comma-separated for more)
//   npm run bench -- --json out.json           the figures as JSON as well
//   BENCH_MEMBERS=20000 npm run bench          a quick run on a smaller tenant (default 1,000,000)
//   BENCH_CASE_SECONDS=20 npm run bench        more time (and samples) per members case (default 4 s)
//   BENCH_WEBHOOK_* (see webhooks.ts)          the webhook bench's sizes

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PARTS, runBench, type Part } from './bench';

const { values } = parseArgs({ options: { json: { type: 'string' }, only: { type: 'string', multiple: true } }, allowPositionals: false });
const parts = (values.only ?? [...PARTS]).flatMap((p) => p.split(',')).map((p) => {
  if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only: unknown part "${p}" (${PARTS.join(', ')})`);
  return p as Part;
});

const report = await runBench({
  members: wholeNumber('BENCH_MEMBERS', 1_000_000),
  parts,
  plan: { warmup: 3, minSamples: 12, maxSamples: 200, budgetMs: wholeNumber('BENCH_CASE_SECONDS', 4) * 1000 },
  webhooks: {},
  loopRuns: 5,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`\n${report.text}\n`);
if (values.json) {
  const { text: _text, ...figures } = report;
  writeFileSync(values.json, `${JSON.stringify(figures, null, 2)}\n`);
  process.stderr.write(`figures written to ${values.json}\n`);
}
if (report.errors.length > 0) process.exitCode = 1;

function wholeNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}
