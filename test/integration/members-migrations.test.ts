import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations';
import { openDatabase, type DatabaseHandle } from '../../src-main/core/platform/db/connect';
import { createMigrator } from '../../src-main/core/platform/db/migrate';
import { silentLogger } from '../../src-main/core/platform/logger';
import { dialects } from '../support/core';

// The member_counts and sort-key migrations change data: members who joined before them must be
// counted and sortable after them. Migrate to the one before, insert rows, migrate on, assert;
// then the triggers must keep both exact through inserts, updates, renames and deletes.

const BEFORE = '20261122110000_create_member_transfer_tables';

describe.each(dialects)('member list migrations on %s', (dialect) => {
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  afterEach(async () => cleanup?.());

  async function open() {
    const dir = mkdtempSync(join(tmpdir(), 'tc-mig-'));
    const schema = dialect === 'postgres' ? `test_${randomBytes(6).toString('hex')}` : undefined;
    handle = openDatabase({ databaseUrl: dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined, sqlitePath: join(dir, 'db.sqlite'), postgresSchema: schema, logger: silentLogger });
    cleanup = async () => {
      if (schema) await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(handle.db);
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    };
    // The app's own migrator: on PostgreSQL it keeps to this schema's bookkeeping tables, not
    // another test's on the same server.
    return createMigrator(handle.db, migrations);
  }

  const raw = () => handle.db.withoutPlugins() as unknown as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  /** member_counts as it should be: a GROUP BY over the active memberships. */
  async function countsAgree() {
    const truth = await sql<{ k: string; n: number | string }>`SELECT tenant_id || '|' || role || '|' || join_source || '|' || COALESCE(subscription_status, '') || '|' || is_comped AS k, COUNT(*) AS n
      FROM memberships WHERE status = 'active' GROUP BY tenant_id, role, join_source, COALESCE(subscription_status, ''), is_comped`.execute(raw());
    const kept = await sql<{ k: string; n: number | string }>`SELECT tenant_id || '|' || role || '|' || join_source || '|' || subscription_status || '|' || is_comped AS k, n
      FROM member_counts WHERE n <> 0`.execute(raw());
    const asMap = (rows: { k: string; n: number | string }[]) => Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
    expect(asMap(kept.rows)).toEqual(asMap(truth.rows));
    return asMap(kept.rows);
  }

  async function keysOf(userId: string) {
    return (await raw().selectFrom('memberships').select(['tenant_id', 'name_key', 'email_key']).where('user_id', '=', userId).orderBy('tenant_id').execute()).map((r) => [r.name_key, r.email_key]);
  }

  it('counts and sort keys for members who joined before, kept exact by the triggers after', async () => {
    const migrator = await open();
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const db = raw();
    const at = '2026-01-01T00:00:00.000Z';
    await db.insertInto('tenants').values([
      { id: 'tenant_ta0000001', slug: 'a', name: 'A', created_at: at, updated_at: at },
      { id: 'tenant_tb0000001', slug: 'b', name: 'B', created_at: at, updated_at: at },
    ]).execute();
    const users = [['user_t1', 'Ada Lovelace', 'Ada@Math.test'], ['user_t2', 'Bob', 'bob@b.test'], ['user_t3', 'Cy', 'cy@c.test'], ['user_t4', 'Dee', 'dee@d.test']];
    await db.insertInto('users').values(users.map(([id, name, email]) => ({ id, name, email, created_at: at }))).execute();
    const m = (id: string, tenant: string, user: string, extra: Record<string, unknown> = {}) => ({
      id, tenant_id: tenant, user_id: user, role: 'MEMBER', join_source: 'free_signup', status: 'active', subscription_status: null, is_comped: 0, joined_at: at, ...extra,
    });
    await db.insertInto('memberships').values([
      m('mem_t1', 'tenant_ta0000001', 'user_t1', { role: 'ADMIN', join_source: 'invite_link' }),
      m('mem_t2', 'tenant_ta0000001', 'user_t2', { join_source: 'paid', subscription_status: 'active' }),
      m('mem_t3', 'tenant_ta0000001', 'user_t3', { is_comped: 1 }),
      m('mem_t4', 'tenant_ta0000001', 'user_t4', { status: 'removed' }),
      m('mem_t5', 'tenant_tb0000001', 'user_t1', { join_source: 'paid', subscription_status: 'past_due' }),
    ]).execute();

    const result = await migrator.migrateToLatest();
    expect(result.error).toBeUndefined();
    expect(await countsAgree()).toEqual({
      'tenant_ta0000001|ADMIN|invite_link||0': 1,
      'tenant_ta0000001|MEMBER|paid|active|0': 1,
      'tenant_ta0000001|MEMBER|free_signup||1': 1,
      'tenant_tb0000001|MEMBER|paid|past_due|0': 1,
    });
    expect(await keysOf('user_t1')).toEqual([['ada lovelace', 'ada@math.test'], ['ada lovelace', 'ada@math.test']]);

    // After the migration the triggers keep both.
    await db.insertInto('memberships').values(m('mem_t6', 'tenant_tb0000001', 'user_t2')).execute();
    expect(await keysOf('user_t2')).toEqual([['bob', 'bob@b.test'], ['bob', 'bob@b.test']]);
    await db.updateTable('memberships').set({ subscription_status: 'canceled' }).where('id', '=', 'mem_t2').execute();
    await db.updateTable('memberships').set({ role: 'ADMIN', is_comped: 1 }).where('id', '=', 'mem_t6').execute();
    await db.updateTable('memberships').set({ status: 'removed' }).where('id', '=', 'mem_t1').execute();
    await db.updateTable('memberships').set({ status: 'active' }).where('id', '=', 'mem_t4').execute();
    await db.updateTable('memberships').set({ last_active_at: at }).where('id', '=', 'mem_t3').execute();
    await db.deleteFrom('memberships').where('id', '=', 'mem_t5').execute();
    expect(await countsAgree()).toEqual({
      'tenant_ta0000001|MEMBER|paid|canceled|0': 1,
      'tenant_ta0000001|MEMBER|free_signup||1': 1,
      'tenant_ta0000001|MEMBER|free_signup||0': 1,
      'tenant_tb0000001|ADMIN|free_signup||1': 1,
    });
    // A renamed (or erased) user is re-sorted in every tenant.
    await db.updateTable('users').set({ name: 'Robert', email: 'ROB@b.test' }).where('id', '=', 'user_t2').execute();
    expect(await keysOf('user_t2')).toEqual([['robert', 'rob@b.test'], ['robert', 'rob@b.test']]);
    // Deleting a tenant cascades to its counts.
    await db.deleteFrom('tenants').where('id', '=', 'tenant_tb0000001').execute();
    expect(await countsAgree()).not.toHaveProperty(['tenant_tb0000001|ADMIN|free_signup||1']);
  });
});
