import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/create-core';
import { silentLogger } from '../../src-main/core/platform/logger';
import { upsertPackageInput } from '../../src-shared/schemas/packages';
import { httpClient } from '../support/clients';
import { addMembers } from '../support/core';
import { expectExactRace, RACE_LIMIT, raceKeys, refusalData, subscribe } from './entitlements-race';

// Two `tenant-console serve` processes on one PostgreSQL (a team sharing a console database): the
// 50-call race split between them still counts exactly once per key and stops at the limit. The
// children run from the sources (tsx) on a fresh schema, picked through the URL's search_path.

const ROOT = resolve('.');
const URL = process.env.TEST_DATABASE_URL;
const schema = `test_ent_${randomBytes(5).toString('hex')}`;
const masterKey = randomBytes(32).toString('base64');
const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
let core: Core | undefined;

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  if (core) {
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(core.database.db);
    await core.close();
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tc-ent-'));
  dirs.push(d);
  return d;
};

async function serve(databaseUrl: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src-main/cli/bin.ts'), 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', tempDir()], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, TENANT_CONSOLE_MASTER_KEY: masterKey, LOG_LEVEL: 'error' },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`serve did not start in 60 s: ${out} ${err}`)), 60_000);
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
}

describe.skipIf(!URL)('entitlements with two serve processes on one PostgreSQL', () => {
  it('50 concurrent consumes split between them: 20 keys count once, the rest LIMIT_EXCEEDED', async () => {
    core = await createCore({ dataDir: tempDir(), databaseUrl: URL, postgresSchema: schema, masterKey, logger: silentLogger });
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: 'duo', name: 'Duo' }, owner);
    const [member] = (await addMembers(core, tenant.id, [{ name: 'Dee Uo', email: 'dee@duo.test', joinSource: 'paid' }])) as [string];
    const pro = (await core.services.packages.upsert(tenant.id, owner, upsertPackageInput.parse({ name: 'Pro', price: 49, maxAiPosts: RACE_LIMIT }))).package;
    await subscribe(core, tenant.id, member, pro.id);
    const token = await core.services.auth.issue({ tenantId: tenant.id, userId: member, role: 'MEMBER' });

    const sep = URL!.includes('?') ? '&' : '?';
    const url = `${URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const [a, b] = await Promise.all([serve(url), serve(url)]);
    const clients = [httpClient(a, token, 'mobile'), httpClient(b, token, 'mobile')];

    // Calls 0-19 go to one process, 20-39 (the same 20 keys again) to the other, 40-49 to the first.
    await expectExactRace(
      raceKeys('duo'),
      (idempotencyKey, i) => clients[Math.floor(i / 20) % 2]!.entitlements.consume.mutate({ limit: 'maxAiPosts', idempotencyKey }),
      refusalData,
    );
    const rows = await core.database.db.selectFrom('usageCounters').select('count').where('userId', '=', member).execute();
    expect(rows.map((r) => Number(r.count))).toEqual([RACE_LIMIT]);
    await expect(clients[1]!.entitlements.get.query()).resolves.toMatchObject({ usage: { maxAiPosts: RACE_LIMIT } });
  }, 120_000);
});
