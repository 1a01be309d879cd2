import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { CoreConfig } from '../../src-main/core/config';
import { createCore, type Core } from '../../src-main/core/create-core';
import { silentLogger } from '../../src-main/core/platform/logger';

export type TestDialect = 'sqlite' | 'postgres';

/**
 * The dialects the repository/service suites run on: SQLite always, PostgreSQL when
 * TEST_DATABASE_URL names a server (`npm test` starts a private one).
 */
export const dialects: TestDialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestCore extends Core {
  dataDir: string;
  dispose(): Promise<void>;
}

/** An isolated core: a temporary SQLite file, or a fresh PostgreSQL schema dropped afterwards. */
export async function makeTestCore(
  dialect: TestDialect,
  options: Pick<CoreConfig, 'clock' | 'providers' | 'webhookSigningSecrets' | 'gateways'> = {},
): Promise<TestCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tc-test-'));
  const schema = dialect === 'postgres' ? `test_${randomBytes(6).toString('hex')}` : undefined;
  const core = await createCore({
    dataDir,
    databaseUrl: dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined,
    postgresSchema: schema,
    masterKey: randomBytes(32).toString('base64'),
    logger: silentLogger,
    ...options,
  });
  return Object.assign(core, {
    dataDir,
    async dispose() {
      if (schema) await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(core.database.db);
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** Adds members to a tenant directly (the seed generator is for volume; this is for exact cases). */
export async function addMembers(
  core: Core,
  tenantId: string,
  members: { name: string; email: string; role?: 'ADMIN' | 'MEMBER'; joinSource?: 'free_signup' | 'paid' | 'invite_link'; joinedAt?: string; subscriptionStatus?: 'active' | 'canceled' | 'trialing' | 'past_due' | null }[],
): Promise<string[]> {
  const ids: string[] = [];
  await core.database.db.transaction().execute(async (trx) => {
    for (const [i, m] of members.entries()) {
      const userId = `user_t${randomBytes(8).toString('hex')}`;
      ids.push(userId);
      const joinedAt = m.joinedAt ?? new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      await trx.insertInto('users').values({ id: userId, email: m.email, name: m.name, avatarUrl: null, createdAt: joinedAt, erasedAt: null }).execute();
      await trx
        .insertInto('memberships')
        .values({
          id: `mem_t${randomBytes(8).toString('hex')}`,
          tenantId,
          userId,
          role: m.role ?? 'MEMBER',
          joinSource: m.joinSource ?? 'free_signup',
          subscriptionStatus: m.subscriptionStatus ?? null,
          compedUntil: null,
          joinedAt,
          lastActiveAt: null,
          leftAt: null,
        })
        .execute();
    }
  });
  return ids;
}
