// npm run bench: members.list over a million-member SQLite tenant, against the raw statements that
// produce the same page (quality-bars.md). The bench is a report, not a test: it prints every figure,
// marks what misses its target, and exits 0 either way.
//
//   BENCH_MEMBERS=20000 npm run bench      a quick run on a smaller tenant
//   BENCH_CASE_SECONDS=20 npm run bench    more time (and samples) per slow case (default 8 s)

import { captureStatements, rawReplay, sameResults } from './baseline';
import { benchCases, type BenchCase } from './cases';
import { percentile, samplePairs, type SamplePlan } from './measure';
import { BENCH_DIR, prepareBenchData } from './prepare';
import { memberFilterBench } from './member-filters';
import { membersScrollBench } from './members-scroll';
import { count, ms, ratio, table, verdict } from './report';

const MEMBER_TARGET = 1.5;
const DEEP_PAGE_TARGET = 2;

const members = wholeNumber('BENCH_MEMBERS', 1_000_000);
const plan: SamplePlan = {
  warmup: 3,
  minSamples: 12,
  maxSamples: 200,
  budgetMs: wholeNumber('BENCH_CASE_SECONDS', 8) * 1000,
};
const log = (line: string) => process.stderr.write(`${line}\n`);

const data = await prepareBenchData(members, log);
const sqlite = data.core.database.sqlite;
if (!sqlite) throw new Error('the bench runs on SQLite');
const list = (c: BenchCase) => data.core.services.members.list(data.tenantId, c.input);

interface Result {
  c: BenchCase;
  total: number;
  samples: number;
  p50: number;
  p95: number;
  baseP50: number;
  baseP95: number;
  sameAnswer: boolean;
}

const { cases, deepPage } = benchCases(members);
const results: Result[] = [];
for (const c of cases) {
  log(`measuring ${c.name}`);
  const { result, executed } = await captureStatements(sqlite, () => list(c));
  const baseline = rawReplay(sqlite, executed);
  const samples = await samplePairs(() => list(c), baseline, plan);
  results.push({
    c,
    total: result.total,
    samples: samples.measured.length,
    p50: percentile(samples.measured, 50),
    p95: percentile(samples.measured, 95),
    baseP50: percentile(samples.baseline, 50),
    baseP95: percentile(samples.baseline, 95),
    sameAnswer: sameResults(executed, baseline()),
  });
}

const failures: string[] = [];
const caseRows = results.map((r) => {
  const x = r.p95 / r.baseP95;
  const pass = x <= MEMBER_TARGET && r.sameAnswer;
  if (!pass) failures.push(`${r.c.name}: ${r.sameAnswer ? `p95 ${ratio(x)} of baseline` : 'the baseline gave another answer'}`);
  return [r.c.name, count(r.total), String(r.samples), ms(r.p50), ms(r.p95), ms(r.baseP50), ms(r.baseP95), ratio(x), `<= ${MEMBER_TARGET}x`, verdict(pass)];
});

// Paging deeper must not cost much more than the first page (quality-bars.md).
const named = (name: string) => results.find((r) => r.c.name === name)!;
const deep = `deep page ${count(deepPage)}`;
const depthRows = [
  { name: `${deep} / first page`, deep: named(deep), first: named('first page') },
  { name: `${deep}, MEMBER / role MEMBER`, deep: named(`${deep}, MEMBER`), first: named('role MEMBER') },
].map(({ name, deep, first }) => {
  const x = deep.p95 / first.p95;
  const pass = x <= DEEP_PAGE_TARGET;
  if (!pass) failures.push(`${name}: p95 ${ratio(x)} of the first page`);
  return [name, ms(deep.p95), ms(first.p95), ratio(x), `<= ${DEEP_PAGE_TARGET}x`, verdict(pass)];
});

const out = [
  '',
  `members.list on SQLite, ${count(members)} members, limit 50; times in ms (Node ${process.version}, SQLite ${sqliteVersion()})`,
  data.seededSeconds === null ? `data reused from ${BENCH_DIR}` : `seeded ${count(members)} members in ${data.seededSeconds.toFixed(1)} s`,
  '',
  table(['case', 'matches', 'n', 'p50', 'p95', 'base p50', 'base p95', 'p95/base', 'target', 'result'], caseRows),
  '',
  table(['page depth, measured p95', 'deep', 'first', 'ratio', 'target', 'result'], depthRows),
  '',
  failures.length === 0 ? 'all targets met' : `missed ${failures.length} target(s):\n${failures.map((f) => `  - ${f}`).join('\n')}`,
];
process.stdout.write(`${out.join('\n')}\n`);
process.stdout.write(await memberFilterBench({ core: data.core, tenantId: data.tenantId, deepPage, plan, log }));
process.stdout.write(membersScrollBench(log));
process.stdout.write(await (await import('./webhooks')).webhookBench({ core: data.core, tenantId: data.tenantId, deepPage, log }));

await data.core.close();

function sqliteVersion(): string {
  return (sqlite!.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
}

function wholeNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}
