import { sql } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sqlitePathIn } from '../../../src-main/core/config';
import { dialects } from '../../support/core';
import { ledgerRows, webhookHarness, type Harness } from './harness';
import { stripeEvent, stripeIds, subscriptionObject } from './payloads';

describe.each(dialects)('the webhook ledger under pressure, on %s', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.dispose());

  const event = (h: Harness) => {
    const now = Math.floor(Date.now() / 1000);
    return stripeEvent(
      'customer.subscription.created',
      subscriptionObject({ id: stripeIds.subscription(), customer: stripeIds.customer(), status: 'active', periodStart: now, periodEnd: now + 86_400, metadata: { tenantId: h.tenantId } }),
      { created: now },
    );
  };

  it('takes the same event on 10 connections at once as one row, one job and one state change', async () => {
    h = await webhookHarness(dialect);
    const e = event(h);
    const replies = await Promise.all(Array.from({ length: 10 }, () => h.postStripe(e)));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(replies.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(await h.count('webhookEvents')).toBe(1);
    const jobs = await h.core.database.db.selectFrom('jobs').select('kind').where('kind', '=', 'webhook.process').execute();
    expect(jobs).toHaveLength(1);
    await h.core.jobs.drain();
    expect(await h.count('subscriptions')).toBe(1);
    expect(await h.count('subscriptionEvents')).toBe(1);
    const [row] = await ledgerRows(h);
    expect(row).toMatchObject({ status: 'applied', attempts: 1 });
  });

  it('answers 503, never 2xx, when the ledger cannot store the delivery', async () => {
    h = await webhookHarness(dialect);
    const db = h.core.database.db;
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER ledger_full BEFORE INSERT ON webhook_events BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`.execute(db);
    } else {
      await sql`CREATE FUNCTION ledger_full() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END $$ LANGUAGE plpgsql`.execute(db);
      await sql`CREATE TRIGGER ledger_full BEFORE INSERT ON webhook_events FOR EACH ROW EXECUTE FUNCTION ledger_full()`.execute(db);
    }
    const e = event(h);
    const reply = await h.postStripe(e);
    expect(reply.status).toBe(503);
    expect(reply.body.error).toMatch(/could not be stored/);
    expect(await h.count('webhookEvents')).toBe(0);
    expect(await h.count('jobs')).toBe(0);

    // The provider retries once the disk has room again: stored and applied then.
    await sql`DROP TRIGGER ledger_full${dialect === 'postgres' ? sql` ON webhook_events` : sql``}`.execute(db);
    expect((await h.postStripe(e)).status).toBe(200);
    await h.core.jobs.drain();
    expect(await h.count('subscriptions')).toBe(1);
  });

  // A file lock is SQLite's own failure mode, so this case exists for SQLite only.
  if (dialect === 'sqlite') it('answers 503 when another process holds the SQLite file locked past the busy timeout', async () => {
    h = await webhookHarness(dialect);
    const other = new SqliteDatabase(sqlitePathIn(h.core.dataDir));
    try {
      other.exec('BEGIN IMMEDIATE');
      const started = Date.now();
      const reply = await h.postStripe(event(h));
      expect(reply.status).toBe(503);
      expect(Date.now() - started).toBeGreaterThan(4_000);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await h.count('webhookEvents')).toBe(0);
  });
});
