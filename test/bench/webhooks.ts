// The webhook listener against its floor (quality-bars.md, issue 5 item 8). Signed Stripe events over
// loopback HTTP, from a load generator in a worker thread (webhooks-load.ts), to
//
//   baseline   a plain node:http server that checks the Stripe-style HMAC over the raw body, parses
//              the JSON and runs one prepared better-sqlite3 INSERT (WAL, synchronous=NORMAL, a
//              unique provider event id) per event — the floor of "verified, deduped, stored";
//   measured   the console's own listener in this process (createCore + startHttpServer, the job
//              runner running and applying what it stores), alone, and then while the same app pages
//              members deep in the bench tenant, runs an analytics-like aggregate over its
//              subscriptions and works through a stream of jobs.
//
// Both sides get the same number of events of the same shapes and sizes over the same number of
// connections; the baseline and the listener alone get the very same bodies. The listener against
// its floor runs closed loop (the most each takes); the listener with and without other work runs
// open loop at the same fixed rate (a quarter of what it took alone), with latency counted from
// when each event was due, so that a stall counts for every event that arrived during it. Cases
// alternate in ABBA order over the rounds. Events land in a tenant of their own (slug
// webhook-bench), removed with its rows, ledger rows and jobs afterwards, so the bench tenant's
// data stays as the seed made it.
//
//   npm run bench                                    runs this after the members.list bench
//   node --import tsx test/bench/webhooks.ts         this bench alone, on its own data dir
//   BENCH_WEBHOOK_EVENTS=3000 BENCH_WEBHOOK_CONNECTIONS=10 BENCH_WEBHOOK_ROUNDS=2
//   BENCH_WEBHOOK_RATE=500 BENCH_WEBHOOK_BUSY_SECONDS=30   the open-loop rate; the busy case's time limit
//   BENCH_WEBHOOK_OTHER=paging,analytics,jobs       the other work
//   BENCH_WEBHOOK_BUSY=0                             the closed-loop cases only

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, sql } from 'kysely';
import type { Core } from '../../src-main/core/create-core';
import { startHttpServer } from '../../src-main/core/platform/http/server';
import { CONSOLE_SCOPE } from '../../src-main/core/platform/settings-store';
import { stripeEvent, subscriptionObject } from '../integration/webhooks/payloads';
import type { LoadResult, LoadRun } from './webhooks-load';
import { percentile } from './measure';
import { ratioFigure, type Figure } from './figures';
import type { PartResult } from './members';
import { count, ms, table } from './report';

const THROUGHPUT_TARGET = 0.5;
const P99_TARGET = 4;
const CONCURRENT_P99_TARGET = 2;

const SECRET = 'whsec_bench_0123456789abcdefghijklmnop';
const BENCH_TENANT_SLUG = 'webhook-bench';
const EVENT_PREFIX = 'evt_wbench';
const SECRET_SETTING = 'webhooks.stripe.signing_secrets';
const WORK_JOB = 'bench.member-batch';
const REQUEST_TIMEOUT_MS = 30_000;

/** The other work of the concurrent case: how often each part runs. */
const PAGE_EVERY_MS = 100; // an owner scrolling fast through the member table: 10 pages a second
const ANALYTICS_EVERY_MS = 2_000; // a dashboard refreshing every other second
const JOBS_PER_TICK = 10;
const JOB_TICK_MS = 100; // up to 100 jobs/s, each a batch of 50 members (a campaign send's bookkeeping)
const JOBS_QUEUED_AT_MOST = 50; // a steady stream, not a backlog that grows while the app is busy
/**
 * BENCH_WEBHOOK_OTHER=paging,analytics,jobs (the default: all three) picks the other work. The
 * aggregate runs the way the app runs heavy reads: through the core's reader (on SQLite, read-only
 * connections in worker threads).
 */
const OTHER_PARTS = ['paging', 'analytics', 'jobs', 'campaign'] as const;
export type OtherPart = (typeof OTHER_PARTS)[number];
const OTHER_WORK = (process.env.BENCH_WEBHOOK_OTHER || 'paging,analytics,jobs').split(',').map((name) => {
  if (!(OTHER_PARTS as readonly string[]).includes(name)) throw new Error(`BENCH_WEBHOOK_OTHER: unknown part "${name}" (${OTHER_PARTS.join(', ')})`);
  return name as OtherPart;
});

const OTHER_WORK_SAID = {
  paging: (deepPage: number) => `members.list deep pages every ${PAGE_EVERY_MS} ms (page ${count(deepPage)}, by number and by cursor in turn)`,
  analytics: () => `an aggregate over the tenant's subscriptions and subscription events every ${ANALYTICS_EVERY_MS} ms`,
  jobs: () => `${JOBS_PER_TICK} jobs of 50 members every ${JOB_TICK_MS} ms (at most ${JOBS_QUEUED_AT_MOST} queued)`,
  campaign: () => 'campaign sends one after another (the campaigns bench: its audience, ledger and SMTP sink)',
};

export interface WebhookBenchContext {
  /** The app: its database holds the large bench tenant. */
  core: Core;
  /** The large tenant (member paging and analytics run over it). */
  tenantId: string;
  /** A deep page number of members.list in that tenant. */
  deepPage: number;
  log: (line: string) => void;
  /** The other work of the busy case (default: BENCH_WEBHOOK_OTHER, else all three). */
  otherWork?: readonly OtherPart[];
  /** What the analytics work reads each time: the app's own dashboard reads (the analytics bench); the stand-in aggregate otherwise. */
  dashboard?: () => Promise<unknown>;
  /** One campaign send, for the 'campaign' other work (the campaigns bench): repeated while the busy case runs. */
  campaign?: () => Promise<unknown>;
}

interface CaseResult {
  name: string;
  events: number;
  ok: number;
  statuses: Record<number, number>;
  firstError: string | null;
  seconds: number;
  /** 2xx answers per second. */
  perSecond: number;
  /** Events per second from the first sent to the last applied (the listener's), else as perSecond. */
  appliedPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  loopDelayP99: number;
  /** Seconds after the last answer until every event of the case was applied or ignored (listener only). */
  drainSeconds: number | null;
  notProcessed: number | null;
  /** Every answered request's latency, sorted. */
  latencies: number[];
}

/** Sizes of the run; each defaults to its BENCH_WEBHOOK_* variable, then to the full bench's. */
export interface WebhookBenchSize {
  events?: number;
  connections?: number;
  rounds?: number;
  busySeconds?: number;
}

export async function webhookBench(ctx: WebhookBenchContext, size: WebhookBenchSize = {}): Promise<PartResult> {
  const events = size.events ?? wholeNumber('BENCH_WEBHOOK_EVENTS', 3_000);
  const connections = size.connections ?? wholeNumber('BENCH_WEBHOOK_CONNECTIONS', 10);
  const rounds = size.rounds ?? wholeNumber('BENCH_WEBHOOK_ROUNDS', 2);
  // The case with other work may be many times slower: it stops sending after this long.
  const busySeconds = size.busySeconds ?? wholeNumber('BENCH_WEBHOOK_BUSY_SECONDS', 30);
  // BENCH_WEBHOOK_BUSY=0 leaves out the paced cases (e.g. to profile the listener alone).
  const withBusy = process.env.BENCH_WEBHOOK_BUSY !== '0';
  const { core, log } = ctx;
  const db = core.database.db;

  await cleanUp(core);
  const hadSavedSecrets = (await core.services.webhooks.signingSecrets.describe('stripe')).saved > 0;
  await core.services.webhooks.signingSecrets.set('stripe', [SECRET]);
  const hooksTenant = await core.services.tenants.create({ slug: BENCH_TENANT_SLUG, name: 'Webhook bench' }, await core.services.owner.id());
  const server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
  core.start();
  const floor = await startFloorServer();
  const load = loadWorker();
  const other = otherWork(ctx);

  const results = new Map<string, CaseResult[]>();
  try {
    let batch = 0;
    const bodies = () => eventBodies(events, `${(batch++).toString(36)}${randomBytes(3).toString('hex')}`, hooksTenant.id);

    const measure = async (name: string, url: string, list: string[], o: { listener: boolean; ratePerSecond?: number; maxMs?: number }) => {
      log(`webhooks: ${name}, ${count(list.length)} events, ${o.ratePerSecond ? `${count(o.ratePerSecond)}/s` : 'closed loop'} on ${connections} connections${o.maxMs ? ` (${o.maxMs / 1000} s at most)` : ''}`);
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      const started = performance.now();
      const r = await runLoad(load, { url, bodies: list, secret: SECRET, connections, timeoutMs: REQUEST_TIMEOUT_MS, maxMs: o.maxMs, ratePerSecond: o.ratePerSecond });
      delay.disable();
      const sorted = Array.from(r.latencies).sort((a, b) => a - b);
      const ok = Object.entries(r.statuses).filter(([s]) => Number(s) >= 200 && Number(s) < 300).reduce((n, [, c]) => n + c, 0);
      let drainSeconds: number | null = null;
      let notProcessed: number | null = null;
      if (o.listener) {
        const answered = started + r.elapsedMs;
        notProcessed = await waitProcessed(core, ids(list.slice(0, r.sent)));
        drainSeconds = Math.max(0, (performance.now() - answered) / 1000);
      }
      const result: CaseResult = {
        name,
        events: r.sent,
        ok,
        statuses: r.statuses,
        firstError: r.firstError,
        seconds: r.elapsedMs / 1000,
        perSecond: ok / (r.elapsedMs / 1000),
        appliedPerSecond: ok / (r.elapsedMs / 1000 + (drainSeconds ?? 0)),
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted[sorted.length - 1] ?? Number.NaN,
        loopDelayP99: delay.percentile(99) / 1e6,
        drainSeconds,
        notProcessed,
        latencies: sorted,
      };
      results.set(name, [...(results.get(name) ?? []), result]);
      return result;
    };

    // Warm-up: JIT, caches and connections on both sides.
    const warm = eventBodies(Math.min(1_000, events), 'warm', hooksTenant.id);
    await runLoad(load, { url: floor.url, bodies: warm, secret: SECRET, connections, timeoutMs: REQUEST_TIMEOUT_MS });
    await runLoad(load, { url: server.url, bodies: warm, secret: SECRET, connections, timeoutMs: REQUEST_TIMEOUT_MS });
    await waitProcessed(core, ids(warm));

    // Closed loop, the most each takes: the listener against its floor.
    const floorCase = 'baseline: node:http + HMAC + INSERT';
    const aloneCase = 'listener alone';
    // Open loop at a fixed rate (a quarter of what the listener took alone in round 1, or
    // BENCH_WEBHOOK_RATE): the listener alone against the listener while the app does other work.
    let rate = Number(process.env.BENCH_WEBHOOK_RATE) || 0;
    const pacedCase = () => `listener alone, ${count(rate)}/s`;
    const busyCase = () => `listener + other work, ${count(rate)}/s`;

    const closed = async (order: 'floor first' | 'listener first') => {
      const same = bodies();
      if (order === 'floor first') await measure(floorCase, floor.url, same, { listener: false });
      const alone = await measure(aloneCase, server.url, same, { listener: true });
      if (order === 'listener first') await measure(floorCase, floor.url, same, { listener: false });
      if (!rate) rate = Math.max(50, Math.round(alone.appliedPerSecond / 4 / 50) * 50);
    };
    const paced = async (order: 'alone first' | 'busy first') => {
      if (!withBusy) return;
      const busy = async () => {
        other.start();
        try {
          await measure(busyCase(), server.url, bodies(), { listener: true, ratePerSecond: rate, maxMs: busySeconds * 1000 });
        } finally {
          await other.stop();
        }
      };
      if (order === 'busy first') await busy();
      await measure(pacedCase(), server.url, bodies(), { listener: true, ratePerSecond: rate });
      if (order === 'alone first') await busy();
    };
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        await closed('floor first');
        await paced('alone first');
      } else {
        await paced('busy first');
        await closed('listener first');
      }
    }

    const base = pool(results.get(floorCase)!);
    const alone = pool(results.get(aloneCase)!);
    const pacedAlone = withBusy ? pool(results.get(pacedCase())!) : undefined;
    const busy = withBusy ? pool(results.get(busyCase())!) : undefined;
    const work = other.figures();

    const caseRows = [floorCase, aloneCase, ...(withBusy ? [pacedCase(), busyCase()] : [])].flatMap((name) =>
      (results.get(name) ?? []).map((r, k) => [
        `${name}${rounds > 1 ? ` (#${k + 1})` : ''}`,
        count(r.ok),
        r.seconds.toFixed(2),
        count(Math.round(r.perSecond)),
        r.drainSeconds === null ? '-' : count(Math.round(r.appliedPerSecond)),
        ms(r.p50),
        ms(r.p99),
        ms(r.max),
        ms(r.loopDelayP99),
        r.drainSeconds === null ? '-' : r.drainSeconds.toFixed(2),
        r.notProcessed === null ? '-' : count(r.notProcessed),
      ]),
    );
    const all = [base, alone, ...(pacedAlone && busy ? [pacedAlone, busy] : [])];
    const errors = all.filter((r) => r.ok !== r.events).map((r) => `${r.name}: ${r.events - r.ok} of ${r.events} webhooks got no 2xx answer (${JSON.stringify(r.statuses)}${r.firstError ? `, ${r.firstError}` : ''})`);
    const unprocessed = all.filter((r) => (r.notProcessed ?? 0) > 0).map((r) => `${r.name}: ${r.notProcessed} events not applied/ignored 60 s after the last answer`);
    const part = 'webhooks';
    const figures: Figure[] = [
      // The listener's events count once applied (stored, then applied by the job runner); the floor only stores.
      ratioFigure({ part, name: 'listener throughput until applied / node:http + HMAC + INSERT', unit: 'events/s', value: alone.appliedPerSecond, baseline: base.perSecond, samples: alone.ok, min: THROUGHPUT_TARGET }),
      ratioFigure({ part, name: 'listener p99 latency / node:http + HMAC + INSERT', unit: 'ms', value: alone.p99, baseline: base.p99, samples: alone.ok, max: P99_TARGET }),
      ...(pacedAlone && busy
        ? [ratioFigure({ part, name: `listener p99 at ${count(rate)}/s with paging, analytics, jobs / alone`, unit: 'ms', value: busy.p99, baseline: pacedAlone.p99, samples: busy.ok, max: CONCURRENT_P99_TARGET })]
        : []),
      // Whatever the ratios: a webhook without a 2xx is lost once the provider stops retrying.
      ...all
        .filter((r) => r !== base)
        .map((r): Figure => {
          const missing = r.events - r.ok + (r.notProcessed ?? 0);
          return { part, name: `webhooks unanswered or not applied: ${r.name}`, unit: 'events', value: missing, baseline: null, ratio: null, target: '0', status: missing === 0 ? 'pass' : 'FAIL', samples: r.events };
        }),
    ];
    const workRows = work.map((w) => [w.name, count(w.runs), ms(w.p50), ms(w.p99), ms(w.max)]);

    const detail = [
      `webhook listener: signed Stripe events over loopback HTTP, ${count(events)} per case, ${connections} connections, ${rounds} round(s) in ABBA order; times in ms`,
      `events: 1/4 customer.created (stored, ignored), 1/2 customer.subscription.created, 1/4 customer.subscription.updated (applied); bodies ${bodySizes(eventBodies(4, 'size', hooksTenant.id))}`,
      'closed loop (each connection sends when answered) for the listener against its floor; open loop (events due at a fixed rate, latency from when due) for the listener with and without other work',
      ...(withBusy ? [`other work: ${(ctx.otherWork ?? OTHER_WORK).map((name) => OTHER_WORK_SAID[name](ctx.deepPage)).join('; ')}`] : []),
      '',
      table(['case', '2xx', 's', '2xx/s', 'applied/s', 'p50', 'p99', 'max', 'loop delay p99', 'applied after (s)', 'left'], caseRows),
      ...(withBusy ? ['', table(['other work, during the busy case(s)', 'runs', 'p50', 'p99', 'max'], workRows)] : []),
      ...[...errors, ...unprocessed].map((e) => `\nERROR ${e}`),
    ].join('\n');
    return { figures, detail, errors: [...errors, ...unprocessed] };
  } finally {
    await other.stop();
    await load.terminate();
    await floor.close();
    await server.close();
    await core.jobs.stop();
    await cleanUp(core);
    if (!hadSavedSecrets) await db.deleteFrom('settings').where('scope', '=', CONSOLE_SCOPE).where('key', '=', SECRET_SETTING).execute();
  }
}

// ── events ──────────────────────────────────────────────────────────────────────────────────────

/** n unique events: 1/4 of a type the console ignores, 1/2 new subscriptions, 1/4 updates of them. */
function eventBodies(n: number, tag: string, tenantId: string): string[] {
  const now = Math.floor(Date.now() / 1000);
  const out: string[] = [];
  const id = (kind: string, k: number) => `${kind}_wb${tag}${k.toString(36).padStart(5, '0')}`;
  for (let k = 0; k < n; k++) {
    const eventId = `${EVENT_PREFIX}${tag}x${k.toString(36).padStart(5, '0')}`;
    const customer = id('cus', k - (k % 4 === 3 ? 1 : 0));
    let event;
    if (k % 4 === 0) {
      event = stripeEvent('customer.created', { id: customer, object: 'customer', email: `member${k}@example.com`, name: `Member ${k}`, metadata: { tenantId } }, { id: eventId, created: now });
    } else {
      const updated = k % 4 === 3;
      const sub = subscriptionObject({
        id: id('sub', updated ? k - 1 : k),
        customer,
        status: updated ? 'past_due' : 'active',
        periodStart: now,
        periodEnd: now + 30 * 86_400,
        metadata: { tenantId },
      });
      event = stripeEvent(updated ? 'customer.subscription.updated' : 'customer.subscription.created', sub, {
        id: eventId,
        created: now + (updated ? 1 : 0),
        ...(updated ? { previousAttributes: { status: 'active' } } : {}),
      });
    }
    out.push(JSON.stringify(event));
  }
  return out;
}

const ids = (bodies: string[]) => bodies.map((b) => (JSON.parse(b) as { id: string }).id);

function bodySizes(bodies: string[]): string {
  const sizes = bodies.map((b) => Buffer.byteLength(b));
  return `${Math.min(...sizes)}–${Math.max(...sizes)} bytes`;
}

// ── the floor ───────────────────────────────────────────────────────────────────────────────────

/** node:http + Stripe's scheme (HMAC-SHA256 of `t.body`, 300 s tolerance) + JSON.parse + one INSERT. */
async function startFloorServer(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-webhook-floor-'));
  const sqlite = new SqliteDatabase(join(dir, 'floor.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec(`CREATE TABLE events (id TEXT PRIMARY KEY, provider_event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, body TEXT NOT NULL, received_at TEXT NOT NULL)`);
  const insert = sqlite.prepare(`INSERT INTO events (id, provider_event_id, type, body, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (provider_event_id) DO NOTHING`);
  let n = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!verifyStripeFloor(raw, req.headers['stripe-signature'], SECRET, Date.now() / 1000)) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid signature"}');
        return;
      }
      const event = JSON.parse(raw.toString('utf8')) as { id: string; type: string };
      const id = `floor_${(n++).toString(36)}`;
      insert.run(id, event.id, event.type, raw.toString('utf8'), new Date().toISOString());
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: true, id }));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function verifyStripeFloor(raw: Buffer, header: string | string[] | undefined, secret: string, nowSeconds: number): boolean {
  if (typeof header !== 'string') return false;
  let t = '';
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq) === 't') t = part.slice(eq + 1);
    else if (part.slice(0, eq) === 'v1') signatures.push(part.slice(eq + 1));
  }
  if (!t || Math.abs(nowSeconds - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(raw).digest();
  return signatures.some((s) => s.length === 64 && timingSafeEqual(Buffer.from(s, 'hex'), expected));
}

// ── load ────────────────────────────────────────────────────────────────────────────────────────

/** The load generator's thread; TypeScript, so tsx is registered in it first. */
function loadWorker(): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./webhooks-load.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
}

function runLoad(worker: Worker, job: LoadRun): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: LoadResult | { error: string }) => {
      worker.off('error', reject);
      if ('error' in m) reject(new Error(m.error));
      else resolve(m);
    };
    worker.once('message', onMessage);
    worker.once('error', reject);
    worker.postMessage(job);
  });
}

/** Waits until every listed event is applied or ignored (60 s at most); returns how many are not. */
async function waitProcessed(core: Core, eventIds: string[]): Promise<number> {
  const db = core.database.db;
  const deadline = performance.now() + 60_000;
  for (;;) {
    // Cheap and often (an indexed count of the processing jobs still to run), then exact.
    const queued = await db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', 'in', ['pending', 'running'])
      .where('kind', '=', 'webhook.process')
      .executeTakeFirstOrThrow();
    if (Number(queued.n) === 0 || performance.now() > deadline) {
      let left = 0;
      for (let k = 0; k < eventIds.length; k += 500) {
        const row = await db
          .selectFrom('webhookEvents')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('provider', '=', 'stripe')
          .where('providerEventId', 'in', eventIds.slice(k, k + 500))
          .where('status', 'in', ['applied', 'ignored'])
          .executeTakeFirstOrThrow();
        left += Math.min(500, eventIds.length - k) - Number(row.n);
      }
      if (left === 0 || performance.now() > deadline) return left;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

function pool(rs: CaseResult[]): CaseResult {
  // Throughput over all rounds together; latency percentiles over all answers of all rounds.
  const seconds = rs.reduce((s, r) => s + r.seconds, 0);
  const appliedSeconds = rs.reduce((s, r) => s + r.seconds + (r.drainSeconds ?? 0), 0);
  const ok = rs.reduce((s, r) => s + r.ok, 0);
  const latencies = rs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    ...rs[0]!,
    events: rs.reduce((s, r) => s + r.events, 0),
    ok,
    seconds,
    perSecond: ok / seconds,
    appliedPerSecond: ok / appliedSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
    loopDelayP99: Math.max(...rs.map((r) => r.loopDelayP99)),
    notProcessed: rs.reduce((s, r) => s + (r.notProcessed ?? 0), 0),
    statuses: rs.reduce<Record<number, number>>((acc, r) => {
      for (const [s, c] of Object.entries(r.statuses)) acc[Number(s)] = (acc[Number(s)] ?? 0) + c;
      return acc;
    }, {}),
    latencies,
  };
}

// ── the other work of the same app ──────────────────────────────────────────────────────────────

// What a dashboard shows (MRR, status counts, monthly movements), as full scans of the tenant's rows.
export const SUBSCRIPTION_FIGURES = `SELECT status, interval, currency, count(*) AS n, sum(amount_minor) AS amount,
  sum(CASE WHEN interval = 'year' THEN amount_minor / 12 ELSE amount_minor END) AS mrr
  FROM subscriptions WHERE tenant_id = ? GROUP BY status, interval, currency`;
export const SUBSCRIPTION_HISTORY = `SELECT substr(occurred_at, 1, 7) AS month, kind, count(*) AS n, sum(amount_minor) AS amount
  FROM subscription_events WHERE tenant_id = ? GROUP BY month, kind`;

function otherWork(ctx: WebhookBenchContext) {
  const { core, tenantId, deepPage } = ctx;
  const db = core.database.db;
  const timings = new Map<string, number[]>();
  const time = async (name: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    const list = timings.get(name) ?? [];
    list.push(performance.now() - t0);
    timings.set(name, list);
  };
  let running = false;
  let loops: Promise<unknown>[] = [];
  let cursor: string | undefined;
  let batchAfter = '';

  // A campaign send's bookkeeping: a batch of 50 members after the last one, and the progress saved.
  core.jobs.register(WORK_JOB, async () => {
    await time('job: 50-member batch', async () => {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.userId')
        .select(['m.userId', 'u.email', 'u.name'])
        .where('m.tenantId', '=', tenantId)
        .where('m.userId', '>', batchAfter)
        .orderBy('m.userId')
        .limit(50)
        .execute();
      batchAfter = rows.length === 50 ? rows[49]!.userId : '';
      await db
        .insertInto('settings')
        .values({ scope: tenantId, key: 'bench.member-batch.after', value: batchAfter, updatedAt: new Date().toISOString() })
        .onConflict((oc) => oc.columns(['scope', 'key']).doUpdateSet({ value: batchAfter }))
        .execute();
    });
  });

  const pause = (msToWait: number) => new Promise((r) => setTimeout(r, msToWait));
  const paging = async () => {
    if (!cursor) {
      const before = await core.services.members.list(tenantId, { page: deepPage - 1, limit: 50 });
      cursor = before.nextCursor ?? undefined;
    }
    for (let k = 0; running; k++) {
      const started = performance.now();
      if (k % 2 === 0 || !cursor) await time('members.list deep page by number', () => core.services.members.list(tenantId, { page: deepPage, limit: 50 }));
      else await time('members.list deep page by cursor', () => core.services.members.list(tenantId, { limit: 50, cursor }));
      await pause(Math.max(0, PAGE_EVERY_MS - (performance.now() - started)));
    }
  };
  const analytics = async () => {
    while (running) {
      const started = performance.now();
      await time(ctx.dashboard ? 'dashboard reads (analytics.overview + a year of monthly movements)' : 'analytics aggregate', async () => {
        if (ctx.dashboard) return void (await ctx.dashboard());
        await core.database.reader.executeQuery(CompiledQuery.raw(SUBSCRIPTION_FIGURES, [tenantId]));
        await core.database.reader.executeQuery(CompiledQuery.raw(SUBSCRIPTION_HISTORY, [tenantId]));
      });
      await pause(Math.max(0, ANALYTICS_EVERY_MS - (performance.now() - started)));
    }
  };
  const campaign = async () => {
    while (running && ctx.campaign) await time('campaign send', ctx.campaign);
  };
  const jobs = async () => {
    while (running) {
      const queued = await db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'pending').where('kind', '=', WORK_JOB).executeTakeFirstOrThrow();
      if (Number(queued.n) >= JOBS_QUEUED_AT_MOST) {
        await pause(JOB_TICK_MS);
        continue;
      }
      await db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        await trx
          .insertInto('jobs')
          .values(
            Array.from({ length: JOBS_PER_TICK }, () => ({
              id: `job_wbench${randomBytes(8).toString('hex')}`,
              kind: WORK_JOB,
              payload: '{}',
              status: 'pending' as const,
              maxAttempts: 1,
              runAt: now,
              lockedUntil: null,
              dedupeKey: null,
              lastError: null,
              createdAt: now,
              updatedAt: now,
            })),
          )
          .execute();
      });
      core.jobs.poke();
      await pause(JOB_TICK_MS);
    }
  };

  return {
    start() {
      running = true;
      const parts = { paging, analytics, jobs, campaign };
      loops = (ctx.otherWork ?? OTHER_WORK).map((name) => parts[name]());
    },
    async stop() {
      running = false;
      await Promise.all(loops);
      loops = [];
    },
    figures() {
      return [...timings.entries()].map(([name, t]) => ({ name, runs: t.length, p50: percentile(t, 50), p99: percentile(t, 99), max: Math.max(...t) }));
    },
  };
}

/**
 * Removes what the bench added to the app's database: its tenant with every row of it, its ledger
 * rows and jobs. Row by row through the foreign keys this takes minutes (deleting a customer scans
 * all subscriptions: subscriptions.customer_id has no index), so the keys are off meanwhile and each
 * table is cleared by tenant_id.
 */
async function cleanUp(core: Core): Promise<void> {
  const db = core.database.db;
  const tenant = await db.selectFrom('tenants').select('id').where('slug', '=', BENCH_TENANT_SLUG).executeTakeFirst();
  await db.deleteFrom('webhookEvents').where('providerEventId', 'like', `${EVENT_PREFIX}%`).execute();
  await db.deleteFrom('jobs').where('kind', 'in', ['webhook.process', WORK_JOB]).execute();
  if (tenant) {
    await db.deleteFrom('jobs').where('payload', 'like', `%${tenant.id}%`).execute();
    await db.connection().execute(async (conn) => {
      await sql`PRAGMA foreign_keys = OFF`.execute(conn);
      try {
        await conn.transaction().execute(async (trx) => {
          const tables = await sql<{ name: string }>`SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'tenant_id'`.execute(trx);
          for (const { name } of tables.rows) await sql`DELETE FROM ${sql.table(name)} WHERE tenant_id = ${tenant.id}`.execute(trx);
          await sql`DELETE FROM settings WHERE scope = ${tenant.id}`.execute(trx);
          await sql`DELETE FROM tenants WHERE id = ${tenant.id}`.execute(trx);
        });
      } finally {
        await sql`PRAGMA foreign_keys = ON`.execute(conn);
      }
    });
  }
  // Billing's timers (grace and period ends) of subscriptions that are gone now.
  await sql`DELETE FROM jobs WHERE kind LIKE 'billing.%' AND json_extract(payload, '$.subscriptionId') IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = json_extract(jobs.payload, '$.subscriptionId'))`.execute(db);
  await db.deleteFrom('settings').where('key', '=', 'bench.member-batch.after').execute();
}

function wholeNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

// ── on its own: node --import tsx test/bench/webhooks.ts ────────────────────────────────────────

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { createCore } = await import('../../src-main/core/create-core');
  const { silentLogger } = await import('../../src-main/core/platform/logger');
  const { seedDemoData } = await import('../../db/seed');
  const { readSeedState } = await import('../../db/seed/state');
  const { benchCases } = await import('./cases');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // Its own data dir, so that it never writes into the one the members.list bench may be reading.
  const dir = fileURLToPath(new URL('../../.bench-data/webhooks', import.meta.url));
  const members = wholeNumber('BENCH_MEMBERS', 1_000_000);
  const core = await createCore({ dataDir: dir, logger: silentLogger });
  let tenant = await core.database.db.selectFrom('tenants').select('id').where('slug', '=', 'bench').executeTakeFirst();
  const state = tenant ? await readSeedState(core.database.db, tenant.id) : undefined;
  if (!state?.complete || state.members !== members) {
    if (tenant && state && state.members !== members) throw new Error(`${dir} holds ${state.members} members, not ${members}: remove it or set BENCH_MEMBERS`);
    log(`seeding ${count(members)} members into ${dir}`);
    const report = await seedDemoData(core.database, { tenantSlug: 'bench', members, ownerUserId: await core.services.owner.id(), now: '2026-11-22T00:00:00.000Z' });
    tenant = { id: report.tenantId };
  }
  const { deepPage } = benchCases(members);
  const { figureTable } = await import('./figures');
  const result = await webhookBench({ core, tenantId: tenant!.id, deepPage, log });
  process.stdout.write(`${result.detail}\n\n${figureTable(result.figures)}\n`);
  await core.close();
}
