import { chainPeriods, periodStart, toUnits } from '../../src-shared/analytics';
import { dayMovementsOf, membersOf, membersQuery, mrrFromSubscriptionsQuery, recomputeDaysQuery } from '../../src-main/core/areas/analytics/recompute';
import type { Core } from '../../src-main/core/create-core';
import { errorFigure, ratioFigure, type Figure } from './figures';
import { percentile, samplePairs, type SamplePlan } from './measure';
import type { PartResult } from './members';
import { count, ms, table } from './report';
import { webhookBench, type WebhookBenchSize } from './webhooks';

// Analytics (issue 12), two figures of quality-bars.md:
//  - the dashboard's reads (analytics.overview + a year of monthly MRR movements, from the read
//    models through the read pool) against a full-scan SQL of the same figures on the same data
//    (every subscription event with window functions, the subscriptions table, the memberships),
//    run on the main connection in the same run: <= 1/3;
//  - the webhook listener's p99 while the dashboard refreshes every 2 s (those same reads), against
//    the listener alone at the same rate (the webhook bench's paced cases): <= 2x.
// The baseline must give the product's answer (MRR, paying members, members, every month's
// movements), else the run is an error.

const READ_TARGET = 1 / 3;

/**
 * The analytics data set: the bench's tenant, seeded as .bench-data/members-N is, in its own data
 * dir (.bench-data/analytics-N), with its subscription history topped up to about 3 events per member
 * (the "1M members and ~3M subscription events"; the seed writes about one per two
 * members): plan changes up and back down inside the spells a subscription was active, so every
 * subscription ends where the seed left it (MRR still equals the subscriptions table) while the
 * history holds many expansions and contractions. Built once per size and schema, then reused.
 */
export async function prepareAnalyticsData(members: number, log: (line: string) => void): Promise<{ core: Core; tenantId: string; events: number; dir: string; seconds: number | null }> {
  const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
  const { migrations } = await import('../../db/migrations');
  const { createCore } = await import('../../src-main/core/create-core');
  const { silentLogger } = await import('../../src-main/core/platform/logger');
  const { BENCH_ROOT } = await import('./prepare');
  const dir = `${BENCH_ROOT}/analytics-${members}`;
  const stampFile = `${dir}.json`;
  const target = Number(process.env.BENCH_ANALYTICS_EVENTS) || members * 3;
  const schema = Object.keys(migrations).join();
  const stamp = existsSync(stampFile) ? (JSON.parse(readFileSync(stampFile, 'utf8')) as { schema: string; target: number; done: boolean; seconds: number }) : undefined;
  if (stamp?.done && stamp.schema === schema && stamp.target === target && existsSync(dir)) {
    const core = await createCore({ dataDir: dir, logger: silentLogger });
    const tenant = await core.database.db.selectFrom('tenants').select('id').where('slug', '=', 'bench').executeTakeFirstOrThrow();
    const events = Number((await core.database.db.selectFrom('subscriptionEvents').select((eb) => eb.fn.countAll().as('n')).where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()).n);
    log(`analytics: reusing ${dir} (${count(members)} members, ${count(events)} subscription events, built in ${stamp.seconds.toFixed(0)} s)`);
    return { core, tenantId: tenant.id, events, dir, seconds: null };
  }
  const started = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Its own data dir, seeded like the shared data set (same seed, size and "now"): it never touches
  // .bench-data/members-N, which other parts may be reading.
  const { seedDemoData } = await import('../../db/seed');
  const core = await createCore({ dataDir: dir, logger: silentLogger });
  log(`analytics: seeding ${count(members)} members into ${dir} (seed 1)`);
  await seedDemoData(core.database, {
    tenantSlug: 'bench',
    members,
    seed: 1,
    now: '2026-11-22T00:00:00.000Z',
    ownerUserId: await core.services.owner.id(),
    onProgress: (done, total) => log(`  ${count(done)} / ${count(total)} members (${((performance.now() - started) / 1000).toFixed(1)} s)`),
  });
  const db = core.database.sqlite!;
  const tenantId = (db.prepare(`SELECT id FROM tenants WHERE slug = 'bench'`).get() as { id: string }).id;
  const now = (db.prepare('SELECT max(occurred_at) AS at FROM subscription_events WHERE tenant_id = ?').get(tenantId) as { at: string }).at;
  const have = (db.prepare('SELECT count(*) AS n FROM subscription_events WHERE tenant_id = ?').get(tenantId) as { n: number }).n;
  // Spells in which a subscription was active for more than two days: each gets pairs of changes.
  const spells = `WITH iv AS (
      SELECT e.id AS eid, e.tenant_id AS tid, e.subscription_id AS sid, e.status AS st, e.amount_minor AS amt, e.occurred_at AS a,
             LEAD(e.occurred_at, 1, '${now}') OVER (PARTITION BY e.subscription_id ORDER BY e.occurred_at, e.id) AS b
      FROM subscription_events e WHERE e.tenant_id = ?)`;
  const active = (db.prepare(`${spells} SELECT count(*) AS n FROM iv WHERE st = 'active' AND julianday(b) - julianday(a) > 2`).get(tenantId) as { n: number }).n;
  const pairs = Math.max(0, Math.round((target - have) / 2 / Math.max(1, active)));
  log(`analytics: topping up ${count(have)} subscription events towards ${count(target)}: ${pairs} plan change(s) up and back in each of ${count(active)} active spells`);
  if (pairs > 0) {
    db.exec('BEGIN');
    db.prepare(
      `WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ${pairs * 2}),
       ${spells.slice('WITH '.length)}
       INSERT INTO subscription_events (id, tenant_id, subscription_id, kind, status, amount_minor, occurred_at)
       SELECT 'sev_bench_' || substr(eid, 5) || '_' || n, tid, sid, 'updated', 'active',
              CASE WHEN n % 2 = 1 THEN amt * 2 ELSE amt END,
              strftime('%Y-%m-%dT%H:%M:%fZ', julianday(a) + (julianday(b) - julianday(a)) * n / ${pairs * 2 + 1})
       FROM iv, k WHERE st = 'active' AND julianday(b) - julianday(a) > 2`,
    ).run(tenantId);
    db.exec('COMMIT');
  }
  const events = (db.prepare('SELECT count(*) AS n FROM subscription_events WHERE tenant_id = ?').get(tenantId) as { n: number }).n;
  // The read models from nothing, over the topped-up history (the catch-up pass's first build).
  db.prepare('DELETE FROM analytics_state WHERE tenant_id = ?').run(tenantId);
  const t0 = performance.now();
  await core.services.analytics.catchUp(tenantId);
  log(`analytics: ${count(events)} subscription events; the read models built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(stampFile, `${JSON.stringify({ schema, target, done: true, seconds, events }, null, 2)}\n`);
  return { core, tenantId, events, dir, seconds };
}

/** The read models of the bench tenant, built once per data set (the catch-up pass), re-checked after. */
export async function ensureAnalytics(core: Core, tenantId: string, log: (line: string) => void): Promise<void> {
  const t0 = performance.now();
  const result = await core.services.analytics.catchUp(tenantId);
  log(`analytics read models ${result === 'built' ? 'built' : 'checked'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

export async function analyticsBench(o: { members: number; plan: SamplePlan; webhooks: WebhookBenchSize; log: (line: string) => void }): Promise<PartResult> {
  const data = await prepareAnalyticsData(o.members, o.log);
  try {
    await ensureAnalytics(data.core, data.tenantId, o.log);
    return await measureAnalytics({ core: data.core, tenantId: data.tenantId, deepPage: 2, plan: o.plan, webhooks: o.webhooks, log: o.log });
  } finally {
    await data.core.close();
  }
}

async function measureAnalytics(ctx: {
  core: Core;
  tenantId: string;
  deepPage: number;
  plan: SamplePlan;
  webhooks: WebhookBenchSize;
  log: (line: string) => void;
}): Promise<PartResult> {
  const { core, tenantId, log } = ctx;
  const part = 'analytics';
  const sqlite = core.database.sqlite;
  if (!sqlite) throw new Error('the analytics bench runs on SQLite');
  const db = core.database.db;
  const events = Number((await db.selectFrom('subscriptionEvents').select((eb) => eb.fn.countAll().as('n')).where('tenantId', '=', tenantId).executeTakeFirstOrThrow()).n);
  // "Today" is the newest event's day (the bench data's "now").
  const last = await db.selectFrom('subscriptionEvents').select((eb) => eb.fn.max('occurredAt').as('at')).where('tenantId', '=', tenantId).executeTakeFirstOrThrow();
  const to = String(last.at).slice(0, 10);
  const yearStart = (() => {
    const d = new Date(`${periodStart(to, 'month')}T00:00:00.000Z`);
    d.setUTCMonth(d.getUTCMonth() - 11);
    return d.toISOString().slice(0, 10);
  })();
  const svc = core.services.analytics;
  const dashboard = () => Promise.all([svc.overview(tenantId, { from: yearStart, to }), svc.mrrMovements(tenantId, { from: yearStart, to, interval: 'month' })]);

  // The baseline: the same figures by full scans, synchronously on the main connection.
  const compile = <T>(q: { compile: (db: typeof core.database.db) => { sql: string; parameters: readonly unknown[] } } & T) => q.compile(db);
  const daysQ = compile(recomputeDaysQuery('sqlite', tenantId));
  const mrrQ = compile(mrrFromSubscriptionsQuery(tenantId));
  const membersQ = compile(membersQuery(tenantId));
  const daysStmt = sqlite.prepare(daysQ.sql);
  const mrrStmt = sqlite.prepare(mrrQ.sql);
  const membersStmt = sqlite.prepare(membersQ.sql);
  const fullScan = () => {
    const days = dayMovementsOf(daysStmt.all(...daysQ.parameters) as Record<string, unknown>[]);
    const mrr = mrrStmt.get(...mrrQ.parameters) as { mrr: unknown; customers: unknown };
    const members = membersOf([membersStmt.get(...membersQ.parameters) as { total: unknown; paid: unknown }]);
    return { periods: chainPeriods(days, yearStart, to, 'month'), mrrMinor: Number(mrr.mrr ?? 0), customers: Number(mrr.customers ?? 0), members };
  };

  // Same answer first: otherwise the timing compares different work.
  const errors: string[] = [];
  const [overview, movements] = await dashboard();
  const truth = fullScan();
  const mismatch: string[] = [];
  if (overview.mrr !== toUnits(truth.mrrMinor)) mismatch.push(`MRR ${overview.mrr} vs ${toUnits(truth.mrrMinor)} from the subscriptions table`);
  if (overview.activeSubscribers !== truth.customers) mismatch.push(`paying members ${overview.activeSubscribers} vs ${truth.customers}`);
  if (JSON.stringify(overview.members) !== JSON.stringify({ total: truth.members.total, free: truth.members.free, paid: truth.members.paid })) mismatch.push(`members ${JSON.stringify(overview.members)} vs ${JSON.stringify(truth.members)}`);
  const product = movements.periods.map((p) => [p.period, p.startMrr, p.new, p.expansion, p.contraction, p.churned, p.reactivation, p.endMrr]);
  const scanned = truth.periods.map((p) => [p.period, ...[p.startMrr, p.new, p.expansion, p.contraction, p.churned, p.reactivation, p.endMrr].map(toUnits)]);
  if (JSON.stringify(product) !== JSON.stringify(scanned)) mismatch.push(`monthly movements differ: ${JSON.stringify(product.slice(-2))} vs ${JSON.stringify(scanned.slice(-2))}`);
  if (mismatch.length > 0) errors.push(`analytics: the full-scan baseline disagrees with the read models: ${mismatch.join('; ')}`);

  log(`analytics: overview + ${movements.periods.length} monthly movements (${yearStart} to ${to}) vs a full scan of ${count(events)} subscription events`);
  // A full scan of millions of events takes seconds: fewer pairs than the members cases.
  const plan = { ...ctx.plan, warmup: Math.min(ctx.plan.warmup, 1), minSamples: Math.min(ctx.plan.minSamples, 6) };
  const samples = await samplePairs(dashboard, fullScan, plan);
  const value = percentile(samples.measured, 50);
  const baseline = percentile(samples.baseline, 50);
  const figures: Figure[] =
    errors.length > 0
      ? [errorFigure(part, 'analytics overview + a year of MRR movements / full-scan SQL', `<= 1/3`, errors[0]!)]
      : [{ ...ratioFigure({ part, name: 'analytics overview + a year of MRR movements / full-scan SQL (p50)', unit: 'ms', value, baseline, samples: samples.measured.length, max: READ_TARGET }), target: '<= 1/3' }];

  // The listener while the dashboard refreshes every 2 s, against the listener alone (same rate).
  log('analytics: the webhook listener alone, and while the dashboard refreshes every 2 s');
  const hooks = await webhookBench({ core, tenantId, deepPage: ctx.deepPage, log, otherWork: ['analytics'], dashboard }, ctx.webhooks);
  const p99 = hooks.figures.find((f) => f.name.startsWith('listener p99 at '));
  if (p99) figures.push({ ...p99, part, name: p99.name.replace(/with .* \/ alone$/, 'while the dashboard refreshes every 2 s / alone') });
  else figures.push(errorFigure(part, 'listener p99 while the dashboard refreshes every 2 s / alone', '<= 2x', 'the paced cases did not run (BENCH_WEBHOOK_BUSY=0?)'));
  figures.push(...hooks.figures.filter((f) => f.name.startsWith('webhooks unanswered')).map((f) => ({ ...f, part })));
  errors.push(...hooks.errors);

  const detail = [
    `analytics: ${count(events)} subscription events; the dashboard's reads (overview, ${movements.periods.length} monthly periods) against the same figures by full scans, ${samples.measured.length} pairs, times in ms`,
    table(
      ['case', 'p50', 'p99', 'min'],
      [
        ['read models through the read pool', ms(value), ms(percentile(samples.measured, 99)), ms(Math.min(...samples.measured))],
        ['full-scan SQL on the main connection', ms(baseline), ms(percentile(samples.baseline, 99)), ms(Math.min(...samples.baseline))],
      ],
    ),
    `MRR ${overview.mrr.toFixed(2)}, ${count(overview.activeSubscribers)} paying members, ${count(overview.members.total)} members`,
    '',
    hooks.detail,
  ].join('\n');
  return { figures, detail, errors };
}
