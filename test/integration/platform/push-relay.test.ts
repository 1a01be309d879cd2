import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PushMessage } from '../../../src-shared/push';
import { createCore, type Core } from '../../../src-main/core/create-core';
import { silentLogger } from '../../../src-main/core/platform/logger';

// Push across several consoles on one PostgreSQL (issue 9): a team runs two `serve` processes
// behind a proxy; a window connected to one hears of changes the other made.
const PG_URL = process.env.TEST_DATABASE_URL;
const masterKey = randomBytes(32).toString('base64');

describe.skipIf(!PG_URL)('push relayed between consoles on one PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function consoleOn(schema: string): Promise<Core> {
    const dataDir = mkdtempSync(join(tmpdir(), 'tc-relay-'));
    const core = await createCore({ dataDir, databaseUrl: PG_URL, postgresSchema: schema, masterKey, logger: silentLogger });
    cleanups.push(async () => {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    return core;
  }

  function window(core: Core, tenantId: string) {
    const got: PushMessage[] = [];
    const stop = core.services.push.subscribe({ tenantId, isConsoleOwner: false }, (m) => void got.push(m));
    cleanups.push(async () => stop());
    return got;
  }

  it("delivers one console's change to the other's windows once, and only to the tenant's own", async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const a = await consoleOn(schema);
    const b = await consoleOn(schema);
    cleanups.push(async () => void (await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(a.database.db)));

    const onA = window(a, 'tenant_one');
    const onB = window(b, 'tenant_one');
    const otherTenantOnB = window(b, 'tenant_two');

    a.services.push.changed('tenant_one', 'members');
    await vi.waitFor(() => expect(onB.map((m) => m.topic)).toContain('members'));
    expect(onA.filter((m) => m.topic === 'members')).toHaveLength(1);

    b.services.push.changed('tenant_one', 'webhooks', 'evt_1');
    await vi.waitFor(() => expect(onA.some((m) => m.topic === 'webhooks' && m.id === 'evt_1')).toBe(true));
    expect(onB.filter((m) => m.topic === 'webhooks')).toHaveLength(1);
    expect(otherTenantOnB.filter((m) => m.topic !== 'jobs')).toEqual([]);
  });

  it('keeps consoles in different schemas of one server apart', async () => {
    const one = `test_${randomBytes(6).toString('hex')}`;
    const two = `test_${randomBytes(6).toString('hex')}`;
    const a = await consoleOn(one);
    const b = await consoleOn(two);
    const probe = await consoleOn(two);
    cleanups.push(async () => {
      await sql`DROP SCHEMA ${sql.id(one)} CASCADE`.execute(a.database.db);
      await sql`DROP SCHEMA ${sql.id(two)} CASCADE`.execute(b.database.db);
    });
    const onB = window(b, 'tenant_one');

    a.services.push.changed('tenant_one', 'members');
    // A console in B's own schema is heard, so B's silence about A's change is not a slow relay.
    probe.services.push.changed('tenant_one', 'deliveries');
    await vi.waitFor(() => expect(onB.map((m) => m.topic)).toContain('deliveries'));
    expect(onB.map((m) => m.topic)).not.toContain('members');
  });
});
