import type { Core } from '../../src-main/core/create-core';
import type { ListMembersInput } from '../../src-shared/schemas/members';
import { captureStatements, rawReplay, sameResults } from './baseline';
import type { BenchCase } from './cases';
import { percentile, samplePairs, type SamplePlan } from './measure';
import { count, ms, ratio, table, verdict } from './report';

// members.list filters, sorts, saved segments and cursors over the bench tenant (issue 4), each
// next to the raw statements that produce the same page and total (baseline.ts), and the page
// depth each way: by cursor (keyset, the same cost at any depth) and by page number (an OFFSET
// inside the sort's index: it grows with the depth).

const MEMBER_TARGET = 1.5;
const DEEP_PAGE_TARGET = 2;
const LIMIT = 50;

export interface FilterBenchContext {
  core: Core;
  tenantId: string;
  /** The page number run.ts calls deep (halfway through a million members). */
  deepPage: number;
  plan: SamplePlan;
  log: (line: string) => void;
}

/** Measures the cases and returns the report section to print. */
export async function memberFilterBench(ctx: FilterBenchContext): Promise<string> {
  const { core, tenantId } = ctx;
  const db = core.database.db;
  const sqlite = core.database.sqlite!;
  const list = (input: ListMembersInput) => core.services.members.list(tenantId, input);

  const groupNamed = async (name: string) =>
    (await db.selectFrom('groups').select('id').where('tenantId', '=', tenantId).where('name', '=', name).executeTakeFirstOrThrow()).id;
  const busiestSpace = await db
    .selectFrom('spaceMembers as sm')
    .innerJoin('spaces as s', 's.id', 'sm.spaceId')
    .select(['s.id', (eb) => eb.fn.countAll().as('n')])
    .where('s.tenantId', '=', tenantId)
    .groupBy('s.id')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  const pkg = await db.selectFrom('packages').select('id').where('tenantId', '=', tenantId).where('name', '=', 'Professional').executeTakeFirstOrThrow();
  const segmentName = 'Bench: free, inactive since September';
  const segment =
    (await core.services.segments.list(tenantId)).find((s) => s.name === segmentName) ??
    (await core.services.segments.create(tenantId, { name: segmentName, filter: { tier: 'free', inactiveSince: '2026-09-01' } }));

  const premium = await groupNamed('Premium circle');
  const founding = await groupNamed('Founding members');
  const firstCases: BenchCase[] = [
    { name: 'tier free', input: { tier: 'free' } },
    { name: 'tier paid', input: { tier: 'paid' } },
    { name: 'tier comped', input: { tier: 'comped' } },
    { name: 'joinSource invite_link', input: { joinSource: ['invite_link'] } },
    { name: 'subscriptionStatus past_due', input: { subscriptionStatus: ['past_due'] } },
    { name: 'group (Premium circle)', input: { groupId: premium } },
    { name: 'group (Founding members)', input: { groupId: founding } },
    { name: 'space (busiest)', input: { spaceId: busiestSpace.id } },
    { name: 'space moderators', input: { spaceId: busiestSpace.id, spaceRole: 'MODERATOR' } },
    { name: 'package (Professional)', input: { packageId: pkg.id } },
    { name: 'joined in January 2026', input: { joinedFrom: '2026-01-01', joinedTo: '2026-01-31' } },
    { name: 'inactive since September', input: { inactiveSince: '2026-09-01' } },
    { name: 'segment (free, inactive)', input: { segmentId: segment.id } },
    { name: 'search "jo" + tier paid', input: { search: 'jo', tier: 'paid' } },
    { name: 'sort joinedAt asc', input: { sort: { field: 'joinedAt', direction: 'asc' } } },
    { name: 'sort lastActiveAt desc', input: { sort: { field: 'lastActiveAt' } } },
    { name: 'sort name', input: { sort: { field: 'name' } } },
    { name: 'sort email', input: { sort: { field: 'email' } } },
    { name: 'search "jo", sort name', input: { search: 'jo', sort: { field: 'name' } } },
  ].map((c) => ({ name: c.name, input: { page: 1, limit: LIMIT, ...c.input } as ListMembersInput }));

  // Deep pages: by cursor (the nextCursor of the page before) and by number, each against its first page.
  const depthPairs: { deep: BenchCase; first: BenchCase }[] = [];
  const deepOf = async (label: string, input: ListMembersInput, byNumber: boolean) => {
    const first: BenchCase = { name: label, input: { ...input, page: 1, limit: LIMIT } };
    const { pageCount } = await list(first.input);
    const page = Math.max(2, Math.min(ctx.deepPage, Math.floor(pageCount / 2)));
    const before = await list({ ...input, page: page - 1, limit: LIMIT });
    const deep: BenchCase = byNumber
      ? { name: `${label}, page ${count(page)}`, input: { ...input, page, limit: LIMIT } }
      : { name: `${label}, page ${count(page)} by cursor`, input: { ...input, limit: LIMIT, cursor: before.nextCursor! } };
    depthPairs.push({ deep, first });
    return deep;
  };
  const deepCases = [
    await deepOf('first page', {}, false),
    await deepOf('sort name', { sort: { field: 'name' } }, false),
    await deepOf('sort name', { sort: { field: 'name' } }, true),
    await deepOf('sort lastActiveAt desc', { sort: { field: 'lastActiveAt' } }, false),
    await deepOf('sort lastActiveAt desc', { sort: { field: 'lastActiveAt' } }, true),
    await deepOf('tier free', { tier: 'free' }, false),
    await deepOf('tier free', { tier: 'free' }, true),
    await deepOf('group (Premium circle)', { groupId: premium }, false),
    await deepOf('search "jo"', { search: 'jo' }, false),
  ];

  const results = new Map<string, { total: number; samples: number; p50: number; p95: number; baseP50: number; baseP95: number; same: boolean }>();
  const measure = async (c: BenchCase) => {
    if (results.has(c.name)) return;
    ctx.log(`measuring ${c.name}`);
    const { result, executed } = await captureStatements(sqlite, () => list(c.input));
    const baseline = rawReplay(sqlite, executed);
    // A third of run.ts's time per case: there are about thirty of them.
    const samples = await samplePairs(() => list(c.input), baseline, { ...ctx.plan, budgetMs: ctx.plan.budgetMs / 3 });
    results.set(c.name, {
      total: result.total,
      samples: samples.measured.length,
      p50: percentile(samples.measured, 50),
      p95: percentile(samples.measured, 95),
      baseP50: percentile(samples.baseline, 50),
      baseP95: percentile(samples.baseline, 95),
      same: sameResults(executed, baseline()),
    });
  };
  const all = [...firstCases, ...depthPairs.map((p) => p.first), ...deepCases];
  for (const c of all) await measure(c);

  const failures: string[] = [];
  const caseRows = [...results.entries()].map(([name, r]) => {
    const x = r.p95 / r.baseP95;
    const pass = x <= MEMBER_TARGET && r.same;
    if (!pass) failures.push(`${name}: ${r.same ? `p95 ${ratio(x)} of baseline` : 'the baseline gave another answer'}`);
    return [name, count(r.total), String(r.samples), ms(r.p50), ms(r.p95), ms(r.baseP50), ms(r.baseP95), ratio(x), `<= ${MEMBER_TARGET}x`, verdict(pass)];
  });
  const depthRows = depthPairs.map(({ deep, first }) => {
    const [d, f] = [results.get(deep.name)!, results.get(first.name)!];
    const x = d.p95 / f.p95;
    const pass = x <= DEEP_PAGE_TARGET;
    if (!pass) failures.push(`${deep.name} / ${first.name}: p95 ${ratio(x)} of the first page`);
    return [`${deep.name} / ${first.name}`, ms(d.p95), ms(f.p95), ratio(x), `<= ${DEEP_PAGE_TARGET}x`, verdict(pass)];
  });

  return [
    '',
    `members.list filters, sorts, segments and cursors (limit ${LIMIT}); times in ms`,
    '',
    table(['case', 'matches', 'n', 'p50', 'p95', 'base p50', 'base p95', 'p95/base', 'target', 'result'], caseRows),
    '',
    table(['page depth, measured p95', 'deep', 'first', 'ratio', 'target', 'result'], depthRows),
    '',
    failures.length === 0 ? 'all filter targets met' : `missed ${failures.length} filter target(s):\n${failures.map((f) => `  - ${f}`).join('\n')}`,
    '',
  ].join('\n');
}
