import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../../src-main/core/api/router';
import { apiContext } from '../../../src-main/core/api/context';
import { createCallerFactory } from '../../../src-main/core/api/trpc';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { createCore, type Core } from '../../../src-main/core/create-core';
import { startHttpServer, type RunningServer } from '../../../src-main/core/platform/http/server';
import { silentLogger } from '../../../src-main/core/platform/logger';
import { SIGN_IN_CODE_SECONDS } from '../../../src-main/core/areas/identity/session';
import { httpClient } from '../../support/clients';
import { dialects } from '../../support/core';

const anonymous = (core: Core) => createCallerFactory(appRouter)(apiContext(core, null, 'web'));

/** The error a promise rejects with, to look at its code and words. */
async function failure(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: string; data?: { code?: string }; message: string };
    return { code: e instanceof TRPCClientError ? e.data?.code : e.code, message: e.message };
  }
  throw new Error('expected a failure');
}

// `serve` used to print a 30-day owner token, which then lived in scrollback and logs. Now it prints
// a one-time code that expires in minutes; two consoles on one database (a team sharing PostgreSQL,
// or two processes on one SQLite file) accept each other's codes, once.
describe.each(dialects)('serve sign-in codes on %s', (dialect) => {
  const clock = fixedClock(new Date().toISOString());
  const dirs: string[] = [];
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const masterKey = randomBytes(32).toString('base64');
  let a: Core;
  let b: Core;
  let server: RunningServer;

  const open = (dataDir: string) =>
    createCore({
      dataDir,
      databaseUrl: dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined,
      postgresSchema: dialect === 'postgres' ? schema : undefined,
      masterKey,
      clock,
      logger: silentLogger,
    });

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-code-'));
    dirs.push(dir);
    a = await open(dir);
    await a.services.tenants.ensureStarter(await a.services.owner.id());
    // On SQLite the second console opens the same file; on PostgreSQL the same schema.
    b = await open(dialect === 'sqlite' ? dir : mkdtempSync(join(tmpdir(), 'tc-code-')));
    server = await startHttpServer(b, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    if (dialect === 'postgres') await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(a.database.db);
    await b?.close();
    await a?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a code printed by one console signs in once through another, and is stored only hashed', async () => {
    const printed = await a.services.session.ownerSignInCode();
    expect(printed).not.toBeNull();
    const { code, expiresAt } = printed!;
    expect(code).not.toContain('.'); // not a JWT
    expect(Date.parse(expiresAt) - clock.nowMs()).toBe(SIGN_IN_CODE_SECONDS * 1000);
    const stored = await a.database.db.selectFrom('signInCodes').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(code);

    const session = await httpClient(server.url, null, 'web').auth.exchangeSignInCode.mutate({ code });
    const me = await httpClient(server.url, session.token).users.getCurrentUser.query();
    expect(me.id).toBe(await a.services.owner.id());
    expect(me.role).toBe('ADMIN');

    const again = await failure(anonymous(a).auth.exchangeSignInCode({ code }));
    expect(again.code).toBe('UNAUTHORIZED');
    expect(again.message).toMatch(/already used/);
  });

  it('an expired code and an unknown one are refused in words; a malformed one is a 400 naming `code`', async () => {
    const { code } = (await a.services.session.ownerSignInCode())!;
    clock.advance(SIGN_IN_CODE_SECONDS * 1000 + 1000);
    const expired = await failure(httpClient(server.url, null).auth.exchangeSignInCode.mutate({ code }));
    expect(expired.code).toBe('UNAUTHORIZED');
    expect(expired.message).toMatch(/expired/);

    const unknown = await failure(anonymous(b).auth.exchangeSignInCode({ code: randomBytes(24).toString('base64url') }));
    expect(unknown.message).toMatch(/not valid/);

    const malformed = await failure(httpClient(server.url, null).auth.exchangeSignInCode.mutate({ code: 'x y' }));
    expect(malformed.code).toBe('BAD_REQUEST');
    expect(malformed.message).toMatch(/^code: /);
  });

  it('two consoles racing for one code: exactly one session', async () => {
    const { code } = (await a.services.session.ownerSignInCode())!;
    const results = await Promise.allSettled([anonymous(a).auth.exchangeSignInCode({ code }), anonymous(b).auth.exchangeSignInCode({ code })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});
