import type { Core } from '../../src-main/core/create-core';
import { listMembersInput, type ListMembersInput, type MemberSort } from '../../src-shared/schemas/members';
import { sql } from 'kysely';
import { registerReadFunctions } from '../../src-main/core/platform/db/read-pool';
import { memberWhere } from '../../src-main/core/areas/members/repositories/member-filters';
import { answerOfPage, answerOfReplay, assertSameAnswer, BaselineMismatch, captureStatements, idsOfRankedReplay, rawReplay } from './baseline';
import { benchCases, type BenchCase } from './cases';
import { errorFigure, ratioFigure, type Figure } from './figures';
import { percentile, samplePairs, type SamplePlan } from './measure';
import { count, ms, ratio, table } from './report';

// members.list over the bench tenant: the seed's shapes (search, role, deep pages), filters, sorts,
// a saved segment and cursors, each next to the raw statements that produce the same page and total
// (baseline.ts), and page depth each way: by cursor (keyset) and by page number (OFFSET).

const MEMBER_TARGET = 1.5;
const DEEP_PAGE_TARGET = 2;
const SEARCH_TARGET_MS = 50;
const LIMIT = 50;
const DEFAULT_SORT: MemberSort = { field: 'joinedAt', direction: 'desc' };

export interface MembersBenchContext {
  core: Core;
  tenantId: string;
  members: number;
  plan: SamplePlan;
  log: (line: string) => void;
}

interface CaseResult {
  total: number;
  samples: number;
  p50: number;
  p95: number;
  baseP50: number;
  baseP95: number;
}

export interface PartResult {
  figures: Figure[];
  /** The part's own detail table(s), printed before the summary. */
  detail: string;
  /** What makes the run wrong, not just slow (the smoke test fails on these). */
  errors: string[];
}

export async function membersBench(ctx: MembersBenchContext): Promise<PartResult> {
  const { core, tenantId, log } = ctx;
  const db = core.database.db;
  const sqlite = core.database.sqlite;
  if (!sqlite) throw new Error('the members bench runs on SQLite');
  const list = (input: ListMembersInput) => core.services.members.list(tenantId, input);
  // The read pool's workers test a search's words on each row with words_match: the baseline,
  // replayed on this connection, needs the same function.
  registerReadFunctions(sqlite);
  /** A raw COUNT(*) of the members an input selects: the filter's SQL alone, no counters, sample or plan. */
  const rawCount = async (input: ListMembersInput) => {
    const criteria = await core.services.members.criteriaFor(tenantId, { filter: filterOnly(input), segmentId: input.segmentId });
    const r = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM memberships m WHERE ${memberWhere(criteria, 'sqlite')}`.execute(db.withoutPlugins());
    return Number(r.rows[0]?.n ?? 0);
  };

  const { cases: seedCases, deepPage } = benchCases(ctx.members);
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

  const filterCases: BenchCase[] = [
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
    // Search as you type (issue 16): the first page at once, whatever the matches.
    { name: 'search "m"', input: { search: 'm' } },
    { name: 'search "mar"', input: { search: 'mar' } },
    { name: 'search "a" + tier free', input: { search: 'a', tier: 'free' } },
    { name: 'search "maria gar"', input: { search: 'maria gar' } },
    { name: 'sort joinedAt asc', input: { sort: { field: 'joinedAt', direction: 'asc' } } },
    { name: 'sort lastActiveAt desc', input: { sort: { field: 'lastActiveAt' } } },
    { name: 'sort name', input: { sort: { field: 'name' } } },
    { name: 'sort email', input: { sort: { field: 'email' } } },
    { name: 'search "jo", sort name', input: { search: 'jo', sort: { field: 'name' } } },
  ].map((c) => ({ name: c.name, input: { page: 1, limit: LIMIT, ...c.input } as ListMembersInput }));

  // Deep pages, by cursor (the nextCursor of the page before) and by number, each against its first page.
  const depthPairs: { deep: BenchCase; first: BenchCase; byNumber: boolean }[] = [];
  const deepOf = async (label: string, input: ListMembersInput, byNumber: boolean, at?: number) => {
    const first: BenchCase = { name: label, input: { ...input, page: 1, limit: LIMIT } };
    const { pageCount } = await list(first.input);
    const page = Math.max(2, Math.min(at ?? deepPage, Math.floor(pageCount / 2)));
    const before = await list({ ...input, page: page - 1, limit: LIMIT });
    const deep: BenchCase = byNumber
      ? { name: `${label}, page ${count(page)}`, input: { ...input, page, limit: LIMIT } }
      : { name: `${label}, page ${count(page)} by cursor`, input: { ...input, limit: LIMIT, cursor: before.nextCursor! } };
    depthPairs.push({ deep, first, byNumber });
    return deep;
  };
  const seedFirst = seedCases[0]!;
  const seedDeep = seedCases.filter((c) => c.name.startsWith('deep page'));
  depthPairs.push({ deep: seedDeep[0]!, first: seedFirst, byNumber: true });
  depthPairs.push({ deep: seedDeep[1]!, first: seedCases.find((c) => c.name === 'role MEMBER')!, byNumber: true });
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
    await deepOf('search "m"', { search: 'm' }, false, 5000),
  ];

  const results = new Map<string, CaseResult>();
  const estimates = new Map<string, { estimate: number; exact: number }>();
  const errors = new Map<string, string>();
  const measure = async (c: BenchCase) => {
    if (results.has(c.name) || errors.has(c.name)) return;
    log(`members: ${c.name}`);
    try {
      // The sort and page size members.list reads from this input (its own schema's defaults).
      const parsed = listMembersInput.parse(c.input);
      const shape = { sort: parsed.sort ?? DEFAULT_SORT, limit: parsed.limit };
      // Warm: what a first call builds once (statement caches, pages read into memory) is not the baseline's to pay.
      await list(c.input);
      const { result, executed } = await captureStatements(sqlite, () => list(c.input), core.database.readPool);
      const baseline = rawReplay(sqlite, executed);
      // Checked before timing and again after it: the data must not have moved under either side.
      const check = (page: typeof result) => {
        if (!page.ranked && !page.totalIsEstimate) return assertSameAnswer(c.name, answerOfPage(page), answerOfReplay(baseline(), shape));
        // A ranked or estimated page: the same rows in the same order (the total is checked below).
        const ids = idsOfRankedReplay(baseline(), shape.limit);
        const product = answerOfPage(page);
        if (ids.join() !== product.ids.join()) throw new BaselineMismatch(c.name, product, { ids, total: product.total });
      };
      check(result);
      if (!result.totalIsEstimate && result.total !== (await rawCount(c.input))) {
        throw new Error(`${c.name}: members.list gave the exact total ${result.total}, a raw COUNT(*) ${await rawCount(c.input)}`);
      }
      if (result.totalIsEstimate) estimates.set(c.name, { estimate: result.total, exact: await rawCount(c.input) });
      const samples = await samplePairs(() => list(c.input), baseline, ctx.plan);
      check(await list(c.input));
      results.set(c.name, {
        total: result.total,
        samples: samples.measured.length,
        p50: percentile(samples.measured, 50),
        p95: percentile(samples.measured, 95),
        baseP50: percentile(samples.baseline, 50),
        baseP95: percentile(samples.baseline, 95),
      });
    } catch (err) {
      errors.set(c.name, err instanceof Error ? err.message : String(err));
    }
  };
  for (const c of [...seedCases, ...filterCases, ...depthPairs.flatMap((p) => [p.first, p.deep]), ...deepCases]) await measure(c);

  const figures: Figure[] = [];
  for (const [name, r] of results) {
    figures.push(ratioFigure({ part: 'members', name: `members.list p95: ${name}`, unit: 'ms', value: r.p95, baseline: r.baseP95, samples: r.samples, max: MEMBER_TARGET }));
  }
  for (const [name, message] of errors) figures.push(errorFigure('members', `members.list p95: ${name}`, `<= ${MEMBER_TARGET}x`, message));
  // Issue 16: search as you type, the first page (and a deep cursor page) within 50 ms at any size.
  for (const name of ['search "m"', 'search "jo"', 'search "mar"', 'search "a" + tier free', ...deepCases.filter((c) => c.name.startsWith('search "m", page')).map((c) => c.name)]) {
    const r = results.get(name);
    if (!r) continue;
    figures.push({
      part: 'members', name: `search as you type p95: ${name}`, unit: 'ms', value: r.p95, baseline: r.baseP95, ratio: r.p95 / r.baseP95,
      target: `<= ${SEARCH_TARGET_MS} ms`, status: r.p95 <= SEARCH_TARGET_MS ? 'pass' : 'FAIL', samples: r.samples,
    });
  }
  for (const { deep, first, byNumber } of depthPairs) {
    const [d, f] = [results.get(deep.name), results.get(first.name)];
    const name = `${byNumber ? 'deep page by number' : 'deep page by cursor'}: ${deep.name} / ${first.name}`;
    if (!d || !f) {
      const message = `${name}: not measured (${[deep.name, first.name].filter((n) => !results.has(n)).join(', ')} erred or did not run)`;
      if (!errors.has(name)) errors.set(name, message);
      figures.push(errorFigure('members', name, `<= ${DEEP_PAGE_TARGET}x`, message));
      continue;
    }
    figures.push(ratioFigure({ part: 'members', name, unit: 'ms', value: d.p95, baseline: f.p95, samples: Math.min(d.samples, f.samples), max: DEEP_PAGE_TARGET }));
  }

  const detailRows = [...results].map(([name, r]) => [name, `${estimates.has(name) ? '~' : ''}${count(r.total)}`, String(r.samples), ms(r.p50), ms(r.p95), ms(r.baseP50), ms(r.baseP95), ratio(r.p95 / r.baseP95)]);
  const detail = [
    `members.list on SQLite, ${count(ctx.members)} members, limit ${LIMIT}; times in ms; every baseline returned the same page and total as members.list (checked before and after timing)`,
    '',
    table(['case', 'matches', 'n', 'p50', 'p95', 'base p50', 'base p95', 'p95/base'], detailRows),
    '',
    'estimated totals (every other total was checked equal to a raw COUNT(*)):',
    table(
      ['case', 'estimate', 'raw COUNT(*)', 'off by'],
      [...estimates].map(([name, e]) => [name, count(e.estimate), count(e.exact), `${((100 * (e.estimate - e.exact)) / Math.max(1, e.exact)).toFixed(1)}%`]),
    ),
    ...[...errors.values()].map((e) => `\nERROR ${e}`),
  ].join('\n');
  return { figures, detail, errors: [...errors.values()] };
}

/** The filter part of a members.list input (no page, limit, sort, cursor or segment). */
function filterOnly(input: ListMembersInput) {
  const { page: _page, limit: _limit, sort: _sort, cursor: _cursor, segmentId: _segmentId, ...filter } = listMembersInput.parse(input);
  return filter;
}
