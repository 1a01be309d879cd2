import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlitePathIn } from '../../../src-main/core/config';
import { checkoutSession, stripeEvent, stripeIds, subscriptionObject } from './payloads';

// Reliability (quality-bars.md, issue 5 item 8): kill -9 of the app under webhook load. The
// headless server runs as a child process on a temporary SQLite data dir; several connections
// send signed, unique Stripe events; every event id that got a 2xx is recorded; the server is
// killed with SIGKILL mid-load and started again on the same data dir. Then every acknowledged
// event must be in the ledger (acknowledged-but-missing = 0), the file must pass
// PRAGMA integrity_check, and the processing jobs left behind must run to completion.

const SECRET = 'whsec_kill_restart_0123456789abcdef';
const CONNECTIONS = 8;
/** The kill comes once this many events were acknowledged, or after KILL_AFTER_MS of load. */
const KILL_AFTER_ACKS = 600;
const KILL_AFTER_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * How long to wait for the processing after the restart. The job runner leases only the job it is
 * running, for 20 s (renewed while it runs), so the one job the killed process was running is
 * taken again when that lease has run out: its events are applied about 20 s after the kill.
 */
const LEASE_WAIT_MS = 45_000;
const ROOT = resolve('.');

const stripe = new Stripe('sk_test_unused');
const dataDir = mkdtempSync(join(tmpdir(), 'tc-kill-'));
const children = new Set<ChildProcessWithoutNullStreams>();

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** The built CLI when it is newer than every source file it is built from, else the sources through tsx. */
function serveCommand(): { args: string[]; what: string } {
  const bundle = join(ROOT, 'out/main/cli.js');
  const newestSource = Math.max(...['src-main', 'src-shared', 'db'].map((dir) => newestMtime(join(ROOT, dir))));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource) {
    return { args: [join(ROOT, 'bin/tenant-console.js'), 'serve'], what: 'the built bundle' };
  }
  return { args: ['--import', 'tsx', join(ROOT, 'src-main/cli/bin.ts'), 'serve'], what: 'the sources (tsx): the bundle is missing or older than them' };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

async function startServer(): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const { args } = serveCommand();
  const child = spawn(process.execPath, [...args, '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', STRIPE_WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'error' },
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`serve did not start in 20 s: ${out} ${err}`)), 20_000);
    child.on('exit', (code) => rej(new Error(`serve exited with ${code}: ${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
  });
  return { child, url };
}

/** Unique events of three kinds: a checkout (creates a member), a subscription, and a type the console ignores. */
function nextEvent(k: number): { id: string; body: string } {
  const now = Math.floor(Date.now() / 1000);
  const customer = stripeIds.customer();
  const subscription = stripeIds.subscription();
  let event;
  if (k % 4 === 0) {
    event = stripeEvent('checkout.session.completed', checkoutSession({ customer, subscription, email: `kill${k}@example.com`, name: `Kill ${k}`, created: now }), { created: now });
  } else if (k % 4 === 3) {
    event = stripeEvent('customer.created', { id: customer, object: 'customer', email: `c${k}@example.com`, metadata: {} }, { created: now });
  } else {
    event = stripeEvent('customer.subscription.created', subscriptionObject({ id: subscription, customer, status: 'active', periodStart: now, periodEnd: now + 30 * 86_400 }), { created: now });
  }
  return { id: event.id, body: JSON.stringify(event) };
}

function post(agent: http.Agent, url: string, body: string): Promise<number> {
  const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
  return new Promise((res, rej) => {
    const req = http.request(
      `${url}/api/webhooks/stripe`,
      {
        method: 'POST',
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'stripe-signature': header },
      },
      (response) => {
        response.resume();
        response.on('end', () => res(response.statusCode ?? 0));
        response.on('error', rej);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', rej);
    req.end(body);
  });
}

function openReadOnly() {
  return new SqliteDatabase(sqlitePathIn(dataDir), { readonly: true, fileMustExist: true });
}

describe('kill -9 of the headless server under webhook load (SQLite)', () => {
  it('keeps every acknowledged event, stays intact, and finishes the processing after a restart', { timeout: 120_000 }, async () => {
    const started = performance.now();
    const first = await startServer();

    // ── load, then SIGKILL mid-load ──
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const acknowledged = new Set<string>();
    const unacknowledged: string[] = [];
    const otherStatus = new Map<number, number>();
    let sent = 0;
    let killed = false;
    let killedAt = 0;
    const exited = new Promise<NodeJS.Signals | null>((res) => first.child.on('exit', (_code, signal) => res(signal)));
    const kill = () => {
      if (killed) return;
      killed = true;
      killedAt = performance.now();
      first.child.kill('SIGKILL');
    };
    const loadStarted = performance.now();
    const killTimer = setTimeout(kill, KILL_AFTER_MS);
    const connection = async () => {
      while (!killed) {
        const { id, body } = nextEvent(sent++);
        try {
          const status = await post(agent, first.url, body);
          if (status >= 200 && status < 300) acknowledged.add(id);
          else {
            unacknowledged.push(id);
            otherStatus.set(status, (otherStatus.get(status) ?? 0) + 1);
          }
        } catch {
          unacknowledged.push(id); // the connection died with the server: not acknowledged
        }
        if (acknowledged.size >= KILL_AFTER_ACKS) kill();
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, connection));
    clearTimeout(killTimer);
    agent.destroy();
    expect(await exited).toBe('SIGKILL');
    const loadSeconds = (killedAt - loadStarted) / 1000;

    // ── the file as the kill left it (a read-only look: nothing is checkpointed or repaired) ──
    const atKill = openReadOnly();
    const ledgerAtKill = new Set((atKill.prepare(`SELECT provider_event_id AS id FROM webhook_events WHERE provider = 'stripe'`).all() as { id: string }[]).map((r) => r.id));
    const jobsAtKill = atKill.prepare(`SELECT status, count(*) AS n FROM jobs WHERE kind = 'webhook.process' GROUP BY status`).all() as { status: string; n: number }[];
    // Jobs the killed runner had claimed: their lease must run out before another runner takes them.
    const leased = atKill.prepare(`SELECT payload, locked_until AS lockedUntil FROM jobs WHERE kind = 'webhook.process' AND status = 'running'`).all() as { payload: string; lockedUntil: string }[];
    atKill.close();
    // A job is for one event, or for the events one listener transaction stored.
    const leasedEvents = new Set(
      leased.flatMap((j) => {
        const payload = JSON.parse(j.payload) as { eventId?: string; eventIds?: string[] };
        return payload.eventIds ?? (payload.eventId ? [payload.eventId] : []);
      }),
    );
    const leaseEndsAfterKillSeconds = leased.length ? Math.max(...leased.map((j) => Date.parse(j.lockedUntil))) / 1000 - Date.now() / 1000 + (performance.now() - killedAt) / 1000 : 0;
    const missingAtKill = [...acknowledged].filter((id) => !ledgerAtKill.has(id));

    // ── restart on the same data dir ──
    const restartAt = performance.now();
    const second = await startServer();
    const restartSeconds = (performance.now() - restartAt) / 1000;

    const db = openReadOnly();
    try {
      const inLedger = new Set((db.prepare(`SELECT provider_event_id AS id FROM webhook_events WHERE provider = 'stripe'`).all() as { id: string }[]).map((r) => r.id));
      const missing = [...acknowledged].filter((id) => !inLedger.has(id));
      const storedUnacknowledged = unacknowledged.filter((id) => inLedger.has(id)).length;
      const integrity = db.pragma('integrity_check', { simple: true });

      // ── the processing left behind runs to completion ──
      // Those the killed process had leased wait for their lease to end (LEASE_WAIT_MS at most).
      const drainStarted = performance.now();
      const unfinishedIds = db.prepare(`SELECT id FROM webhook_events WHERE status NOT IN ('applied', 'ignored')`).pluck();
      const jobsUnfinished = db.prepare(`SELECT count(*) AS n FROM jobs WHERE kind = 'webhook.process' AND status <> 'done'`).pluck();
      let othersDoneSeconds: number | null = null;
      for (;;) {
        const left = unfinishedIds.all() as string[];
        if (othersDoneSeconds === null && left.every((id) => leasedEvents.has(id))) othersDoneSeconds = (performance.now() - drainStarted) / 1000;
        if ((left.length === 0 && (jobsUnfinished.get() as number) === 0) || performance.now() - drainStarted > LEASE_WAIT_MS) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const drainSeconds = (performance.now() - drainStarted) / 1000;
      const byStatus = db.prepare(`SELECT status, count(*) AS n FROM webhook_events GROUP BY status ORDER BY status`).all() as { status: string; n: number }[];
      const failed = db.prepare(`SELECT provider_event_id AS id, type, last_error AS error FROM webhook_events WHERE status = 'failed' LIMIT 5`).all();

      const figures = {
        serverFrom: serveCommand().what,
        connections: CONNECTIONS,
        sent,
        acknowledged: acknowledged.size,
        unacknowledged: unacknowledged.length,
        nonTwoXx: Object.fromEntries(otherStatus),
        storedButUnacknowledged: storedUnacknowledged,
        acknowledgedButMissingAtKill: missingAtKill.length,
        acknowledgedButMissing: missing.length,
        integrityCheck: integrity,
        loadBeforeKillSeconds: +loadSeconds.toFixed(2),
        acknowledgedPerSecond: Math.round(acknowledged.size / loadSeconds),
        restartSeconds: +restartSeconds.toFixed(2),
        processJobsLeftByTheKill: Object.fromEntries(jobsAtKill.map((r) => [r.status, r.n])),
        leasedByTheKilledRunner: leasedEvents.size,
        theirLeaseEndedSecondsAfterTheKill: +leaseEndsAfterKillSeconds.toFixed(1),
        othersProcessedSecondsAfterRestart: othersDoneSeconds === null ? null : +othersDoneSeconds.toFixed(2),
        allProcessedSecondsAfterRestart: +drainSeconds.toFixed(2),
        ledgerAfterwards: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
        totalSeconds: +((performance.now() - started) / 1000).toFixed(1),
      };
      process.stdout.write(`kill -9 under webhook load: ${JSON.stringify(figures, null, 2)}\n`);

      expect(acknowledged.size).toBeGreaterThan(0);
      expect(otherStatus.size, 'every answered request was a 2xx').toBe(0);
      expect(missingAtKill, 'acknowledged-but-missing in the file the kill left').toEqual([]);
      expect(missing, 'acknowledged-but-missing after the restart').toEqual([]);
      expect(integrity).toBe('ok');
      expect(failed, 'no event failed to apply').toEqual([]);
      expect(othersDoneSeconds, 'events no dead runner had leased are processed promptly').not.toBeNull();
      expect(othersDoneSeconds!).toBeLessThan(20);
      expect(unfinishedIds.all(), 'every stored event ends applied or ignored').toEqual([]);
      expect(jobsUnfinished.get(), 'every webhook.process job ends done').toBe(0);
    } finally {
      db.close();
    }

    // A clean stop afterwards leaves a file that passes the check as well.
    second.child.kill('SIGTERM');
    await new Promise((res) => second.child.on('exit', res));
    const after = openReadOnly();
    try {
      expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      after.close();
    }
  });
});
