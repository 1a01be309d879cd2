import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData, type SeedOptions, type SeedReport } from '../../db/seed';
import { SUBSCRIPTION_STATUSES as STATUS_RANK } from '../../src-shared/domain';
import { iso } from '../../db/seed/time';
import { JOIN_SOURCES, POST_STATUSES, ROLES, SPACE_TYPES, type SubscriptionStatus } from '../../src-shared/domain';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

const NOW = '2026-11-22T10:00:00.000Z';
const MEMBERS = 2000;

const options = (ownerUserId: string, extra: Partial<SeedOptions> = {}): SeedOptions => ({
  tenantSlug: 'demo',
  members: MEMBERS,
  ownerUserId,
  now: NOW,
  seed: 7,
  ...extra,
});

// Every table the seed writes, with an order that makes the listing unique.
const SEEDED_TABLES: [table: string, orderBy: string][] = [
  ['tenants', 'id'],
  ['users', 'id'],
  ['memberships', 'id'],
  ['packages', 'id'],
  ['groups', 'id'],
  ['group_members', 'group_id, user_id'],
  ['spaces', 'id'],
  ['space_members', 'space_id, user_id'],
  ['posts', 'id'],
  ['comments', 'id'],
  ['reactions', 'id'],
  ['customers', 'id'],
  ['subscriptions', 'id'],
  ['subscription_events', 'id'],
  ['settings', 'scope, key'],
  ['audit_log', 'id'],
];

/**
 * A fingerprint of everything in the database except the console owner, whose id is random in every
 * core: it is replaced by a placeholder wherever it appears.
 */
async function fingerprint(core: TestCore, ownerUserId: string): Promise<string> {
  const hash = createHash('sha256');
  for (const [table, orderBy] of SEEDED_TABLES) {
    const filter = table === 'users' ? 'WHERE email <> \'owner@tenant-console.local\'' : table === 'settings' ? 'WHERE scope <> \'*\'' : '';
    const { rows } = await sql.raw(`SELECT * FROM "${table}" ${filter} ORDER BY ${orderBy}`).execute(core.database.db);
    hash.update(`${table}:${rows.length}\n`);
    for (const row of rows) hash.update(JSON.stringify(row).replaceAll(ownerUserId, '<owner>') + '\n');
  }
  return hash.digest('hex');
}

/**
 * Removes every tenant and every user but the owner, so that the same core can be seeded afresh.
 * (A second core on the same PostgreSQL database fails to migrate while another schema holds the
 * migration tables: the core's migrator looks for them in any schema. Reported to the lead.)
 */
async function wipe(core: TestCore, ownerUserId: string): Promise<void> {
  const { db } = core.database;
  await db.deleteFrom('tenants').execute();
  await db.deleteFrom('users').where('id', '<>', ownerUserId).execute();
  await db.deleteFrom('settings').where('scope', '<>', '*').execute();
}

async function count(core: TestCore, query: string): Promise<number> {
  const { rows } = await sql.raw<{ n: number | string }>(query).execute(core.database.db);
  return Number(rows[0]!.n);
}

async function column<T = string>(core: TestCore, query: string): Promise<T[]> {
  const { rows } = await sql.raw<Record<string, T>>(query).execute(core.database.db);
  return rows.map((r) => Object.values(r)[0]!);
}

describe('seed helpers', () => {
  it('formats times exactly as Date#toISOString does', () => {
    for (const ms of [0, 1, 86_399_999, 1_700_000_000_123, Date.parse(NOW), 253_402_300_799_999, 1.5, -1]) {
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    }
  });
});

describe.each(dialects)('demo data on %s', (dialect) => {
  let core: TestCore;
  let owner: string;
  let report: SeedReport;
  let tenantId: string;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    core = await makeTestCore(dialect);
    owner = await core.services.owner.id();
    report = await seedDemoData(core.database, options(owner, { onProgress: (done, total) => progress.push([done, total]) }));
    tenantId = report.tenantId;
  });
  afterAll(async () => core?.dispose());

  it('creates the tenant with its members, plans, groups, spaces and content', async () => {
    expect(report).toMatchObject({ members: MEMBERS, alreadySeeded: false, resumed: false, seed: 7 });
    expect(tenantId).toMatch(/^tenant_[a-z0-9]{8,32}$/);
    expect(await column(core, `SELECT name FROM tenants WHERE slug = 'demo'`)).toEqual(['Demo']);
    expect(progress.at(0)).toEqual([0, MEMBERS]);
    expect(progress.at(-1)).toEqual([MEMBERS, MEMBERS]);

    // The owner plus the seeded members, each with their own user.
    expect(await count(core, `SELECT count(*) AS n FROM memberships WHERE tenant_id = '${tenantId}'`)).toBe(MEMBERS + 1);
    expect(await count(core, `SELECT count(*) AS n FROM users WHERE id <> '${owner}'`)).toBe(MEMBERS);
    expect(await column(core, `SELECT name FROM packages ORDER BY price_minor`)).toEqual([
      'Starter',
      'Professional',
      'Agency',
      'Professional (yearly)',
    ]);
    expect(await count(core, `SELECT count(*) AS n FROM groups`)).toBe(5);
    expect(await count(core, `SELECT count(*) AS n FROM spaces`)).toBe(12);
    expect(await count(core, `SELECT count(*) AS n FROM posts`)).toBe(MEMBERS / 20);

    // About 30% of members pay (or paid) through a provider.
    const customers = await count(core, `SELECT count(*) AS n FROM customers`);
    expect(customers / MEMBERS).toBeGreaterThan(0.25);
    expect(customers / MEMBERS).toBeLessThan(0.36);

    // What the report says was written is what is there (the owner's user came with the core).
    for (const table of ['users', 'memberships', 'group_members', 'space_members', 'customers', 'subscriptions', 'subscription_events', 'posts', 'comments', 'reactions'] as const) {
      const present = await count(core, `SELECT count(*) AS n FROM ${table}`);
      expect(report.rowsWritten[table], table).toBe(table === 'users' ? present - 1 : present);
    }
  });

  it('has every join source, role, space type and post status, and moderators', async () => {
    expect((await column(core, `SELECT DISTINCT join_source FROM memberships`)).sort()).toEqual([...JOIN_SOURCES].sort());
    expect((await column(core, `SELECT DISTINCT role FROM memberships`)).sort()).toEqual([...ROLES].sort());
    expect((await column(core, `SELECT DISTINCT type FROM spaces`)).sort()).toEqual([...SPACE_TYPES].sort());
    expect((await column(core, `SELECT DISTINCT status FROM posts`)).sort()).toEqual([...POST_STATUSES].sort());
    expect(await count(core, `SELECT count(*) AS n FROM space_members WHERE role = 'MODERATOR'`)).toBeGreaterThan(0);
    expect(await count(core, `SELECT count(*) AS n FROM spaces WHERE group_id IS NOT NULL`)).toBeGreaterThan(0);

    // A handful of admins besides the owner, who is one of them.
    const admins = await column(core, `SELECT user_id FROM memberships WHERE role = 'ADMIN'`);
    expect(admins).toContain(owner);
    expect(admins.length).toBeGreaterThanOrEqual(3);
    expect(admins.length).toBeLessThanOrEqual(13);

    // Free signups are the most common way in.
    const bySource = await sql.raw<{ joinSource: string; n: number | string }>(
      `SELECT join_source, count(*) AS n FROM memberships GROUP BY join_source ORDER BY count(*) DESC`,
    ).execute(core.database.db);
    expect(bySource.rows[0]!.joinSource).toBe('free_signup');

    const statuses = await column(core, `SELECT DISTINCT status FROM subscriptions`);
    expect(statuses).toEqual(expect.arrayContaining(['active', 'trialing', 'past_due', 'canceled']));
    expect((await column(core, `SELECT DISTINCT provider FROM subscriptions`)).sort()).toEqual(['lemonsqueezy', 'stripe']);
    expect(await count(core, `SELECT count(*) AS n FROM packages WHERE is_popular = 1`)).toBe(1);
    expect(await count(core, `SELECT count(*) AS n FROM packages WHERE sale_price_minor IS NOT NULL AND sale_starts_at < sale_ends_at`)).toBe(1);
    expect(await count(core, `SELECT count(*) AS n FROM packages WHERE "interval" = 'year'`)).toBe(1);
  });

  it('keeps memberships.subscription_status in step with the subscriptions', async () => {
    const subs = await sql<{ userId: string; status: SubscriptionStatus }>`SELECT user_id, status FROM subscriptions`.execute(core.database.db);
    const best = new Map<string, SubscriptionStatus>();
    for (const { userId, status } of subs.rows) {
      const held = best.get(userId);
      if (!held || STATUS_RANK.indexOf(status) < STATUS_RANK.indexOf(held)) best.set(userId, status);
    }
    const members = await sql<{ userId: string; subscriptionStatus: SubscriptionStatus | null }>`
      SELECT user_id, subscription_status FROM memberships`.execute(core.database.db);
    let paying = 0;
    for (const m of members.rows) {
      expect(m.subscriptionStatus, m.userId).toBe(best.get(m.userId) ?? null);
      if (m.subscriptionStatus) paying++;
    }
    expect(paying).toBe(best.size);
    expect(await count(core, `SELECT count(*) AS n FROM memberships WHERE subscription_status = 'active' AND join_source = 'free_signup'`)).toBeGreaterThan(0);
  });

  it('writes the members.list sort keys exactly as the database would (lower of name and email)', async () => {
    expect(await count(core, `SELECT count(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.name_key IS NULL OR m.email_key IS NULL OR m.name_key <> lower(u.name) OR m.email_key <> lower(u.email)`)).toBe(0);
  });

  it('gives every subscription a history that ends in its status, at consistent times', async () => {
    const rows = await sql<{ id: string; status: string; canceledAt: string | null; startedAt: string; first: string; firstKind: string; lastStatus: string; lastAt: string; events: number | string }>`
      SELECT s.id, s.status, s.canceled_at, s.started_at,
        (SELECT min(occurred_at) FROM subscription_events e WHERE e.subscription_id = s.id) AS first,
        (SELECT kind FROM subscription_events e WHERE e.subscription_id = s.id ORDER BY id LIMIT 1) AS first_kind,
        (SELECT status FROM subscription_events e WHERE e.subscription_id = s.id ORDER BY id DESC LIMIT 1) AS last_status,
        (SELECT max(occurred_at) FROM subscription_events e WHERE e.subscription_id = s.id) AS last_at,
        (SELECT count(*) FROM subscription_events e WHERE e.subscription_id = s.id) AS events
      FROM subscriptions s`.execute(core.database.db);
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const s of rows.rows) {
      expect(s.firstKind, s.id).toBe('created');
      expect(s.first, s.id).toBe(s.startedAt);
      expect(s.lastStatus, s.id).toBe(s.status);
      expect(s.lastAt <= NOW, s.id).toBe(true);
      expect(s.canceledAt !== null, s.id).toBe(s.status === 'canceled');
    }
    // Members join over the last 18 months, more of them lately, and are seen after they join.
    const bad = await count(core, `SELECT count(*) AS n FROM memberships WHERE joined_at > '${NOW}' OR last_active_at < joined_at OR last_active_at > '${NOW}'`);
    expect(bad).toBe(0);
    const firstHalf = await count(core, `SELECT count(*) AS n FROM memberships WHERE user_id <> '${owner}' AND joined_at < '2026-02-22'`);
    expect(firstHalf).toBeGreaterThan(MEMBERS * 0.15);
    expect(firstHalf).toBeLessThan(MEMBERS * 0.5);
  });

  it('uses ids in the app style', async () => {
    const checks: [string, string][] = [
      ['users', 'user'],
      ['memberships', 'mem'],
      ['groups', 'group'],
      ['spaces', 'space'],
      ['posts', 'post'],
      ['comments', 'cmt'],
      ['reactions', 'rct'],
      ['packages', 'pkg'],
      ['customers', 'cus'],
      ['subscriptions', 'sub'],
      ['subscription_events', 'sev'],
    ];
    for (const [table, prefix] of checks) {
      const ids = await column(core, `SELECT id FROM ${table}`);
      const pattern = new RegExp(`^${prefix}_[a-z0-9]{8,32}$`);
      expect(ids.filter((id) => !pattern.test(id)), table).toEqual([]);
    }
  });

  it('is found by members.list search', async () => {
    const all = await core.services.members.list(tenantId, { page: 1, limit: 50 });
    const active = await count(core, `SELECT count(*) AS n FROM memberships WHERE status = 'active'`);
    expect(all.total).toBe(active);
    const jo = await core.services.members.list(tenantId, { search: 'jo', limit: 50 });
    expect(jo.total).toBeGreaterThan(50);
    expect(jo.items.every((m) => /\bjo/i.test(`${m.name} ${m.email.replace(/[@._+-]/g, ' ')}`))).toBe(true);
    const admins = await core.services.members.list(tenantId, { role: 'ADMIN' });
    expect(admins.total).toBeGreaterThanOrEqual(3);
    if (dialect === 'sqlite') {
      const matches = `SELECT count(*) AS n FROM member_search s JOIN memberships m ON m.rowid = s.rowid
        WHERE member_search MATCH '"jo"*' AND m.status = 'active'`;
      expect(await count(core, matches)).toBe(jo.total);
    }
  });

  // These compare with a reseed of the same database rather than a second core: that keeps one
  // core per test file on PostgreSQL (see the note on wipe()).
  it('gives the same data for the same options, whatever the batch size, and other data for another seed', async () => {
    const original = await fingerprint(core, owner);
    await wipe(core, owner);
    await seedDemoData(core.database, options(owner, { batchSize: 333 }));
    expect(await fingerprint(core, owner)).toBe(original);

    await wipe(core, owner);
    await seedDemoData(core.database, options(owner, { seed: 8 }));
    expect(await fingerprint(core, owner)).not.toBe(original);

    await wipe(core, owner);
    await seedDemoData(core.database, options(owner));
    expect(await fingerprint(core, owner)).toBe(original);
  });

  it('leaves a seeded tenant as it is when seeded again', async () => {
    const before = await fingerprint(core, owner);
    const second = await seedDemoData(core.database, options(owner, { members: 3000, seed: 99 }));
    expect(second).toEqual({ tenantId, members: MEMBERS, alreadySeeded: true, resumed: false, seed: 7, rowsWritten: {} });
    expect(await fingerprint(core, owner)).toBe(before);
  });

  it('finishes an interrupted seed with the options it started with', async () => {
    const original = await fingerprint(core, owner);
    await wipe(core, owner);
    const stopAt = 1000;
    await expect(
      seedDemoData(core.database, options(owner, {
        batchSize: 500,
        onProgress: (done) => {
          if (done === stopAt) throw new Error('power cut');
        },
      })),
    ).rejects.toThrow('power cut');
    expect(await count(core, `SELECT count(*) AS n FROM memberships`)).toBe(stopAt + 1);

    // Carried on with the recorded size, seed and "now", not these.
    const resumed = await seedDemoData(core.database, options(owner, { members: 10, seed: 1, now: '2030-01-01T00:00:00.000Z' }));
    expect(resumed).toMatchObject({ tenantId, members: MEMBERS, resumed: true, alreadySeeded: false, seed: 7 });
    expect(resumed.rowsWritten.memberships).toBe(MEMBERS - stopAt);
    expect(await fingerprint(core, owner)).toBe(original);
  });

  it('fills an existing empty tenant and makes the owner an admin of it', async () => {
    const t = await core.services.tenants.create({ slug: 'empty-one', name: 'Empty one' }, owner);
    await core.database.db.updateTable('memberships').set({ role: 'MEMBER' }).where('tenantId', '=', t.id).execute();
    const filled = await seedDemoData(core.database, options(owner, { tenantSlug: 'empty-one', members: 40 }));
    expect(filled.tenantId).toBe(t.id);
    expect(await column(core, `SELECT name FROM tenants WHERE id = '${t.id}'`)).toEqual(['Empty one']);
    expect(await column(core, `SELECT role FROM memberships WHERE tenant_id = '${t.id}' AND user_id = '${owner}'`)).toEqual(['ADMIN']);
    expect(await count(core, `SELECT count(*) AS n FROM memberships WHERE tenant_id = '${t.id}'`)).toBe(41);
    // The first 40 people of the demo population are in both tenants; they were not duplicated.
    expect(await count(core, `SELECT count(*) AS n FROM users WHERE id <> '${owner}'`)).toBe(MEMBERS);
    expect(filled.rowsWritten.users ?? 0).toBe(0);
  });

  it('refuses a tenant that has members of its own', async () => {
    const t = await core.services.tenants.create({ slug: 'real-one', name: 'Real one' }, owner);
    await addMembers(core, t.id, [{ name: 'Real Person', email: 'real.person@example.com' }]);
    await expect(seedDemoData(core.database, options(owner, { tenantSlug: 'real-one' }))).rejects.toThrow(
      /already has members or packages/,
    );
    expect(await count(core, `SELECT count(*) AS n FROM memberships WHERE tenant_id = '${t.id}'`)).toBe(2);
  });
});
