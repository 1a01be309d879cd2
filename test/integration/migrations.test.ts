import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations';
import { createMigrator, migrateToLatest } from '../../src-main/core/platform/db/migrate';
import { dialects, makeTestCore, type TestCore } from '../support/core';

const TABLES = [
  'tenants', 'users', 'memberships', 'groups', 'group_members', 'spaces', 'space_members', 'posts',
  'comments', 'reactions', 'packages', 'customers', 'subscriptions', 'subscription_events', 'segments',
  'campaigns', 'campaign_recipients', 'webhook_events', 'webhook_endpoints', 'webhook_deliveries',
  'webhook_delivery_attempts', 'jobs', 'api_tokens', 'settings', 'audit_log',
];

describe.each(dialects)('migrations on %s', (dialect) => {
  let core: TestCore;
  afterEach(async () => core?.dispose());

  it('create every table of the platform and record each migration once', async () => {
    core = await makeTestCore(dialect);
    const tables = (await core.database.db.introspection.getTables()).map((t) => t.name);
    for (const table of TABLES) expect(tables).toContain(table);
    const again = await migrateToLatest(core.database.db);
    expect(again.applied).toEqual([]);
    const applied = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(core.database.db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
  });

  it('refuse a migration slipped in before ones already applied (forward-only)', async () => {
    core = await makeTestCore(dialect);
    const migrator = await createMigrator(core.database.db, { ...migrations, '20200101000000_add_something_old': { up: async () => {} } });
    const { error } = await migrator.migrateToLatest();
    expect(String(error)).toMatch(/corrupted migrations|not executed/i);
  });

  it('enforce the data model rules: one membership per user and tenant, known roles only', async () => {
    core = await makeTestCore(dialect);
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: 'rules', name: 'Rules' }, owner);
    const base = { tenantId: tenant.id, userId: owner, joinSource: 'paid' as const, subscriptionStatus: null, compedUntil: null, joinedAt: '2026-01-01T00:00:00.000Z', lastActiveAt: null, leftAt: null };
    await expect(core.database.db.insertInto('memberships').values({ ...base, id: 'mem_duplicate1', role: 'MEMBER' }).execute()).rejects.toThrow();
    await expect(
      core.database.db.insertInto('memberships').values({ ...base, id: 'mem_badrole01', role: 'OWNER' as 'ADMIN', tenantId: tenant.id, userId: owner }).execute(),
    ).rejects.toThrow();
  });
});
