import { appRouter } from '../../src-main/core/api/router';
import { apiContext } from '../../src-main/core/api/context';
import { createCallerFactory } from '../../src-main/core/api/trpc';
import type { Clock } from '../../src-main/core/platform/clock';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import type { Role } from '../../src-shared/domain';
import { httpClient } from './clients';
import { addMembers, makeTestCore, type TestCore, type TestDialect } from './core';

// The issue-8 world, for tests played as a hostile tenant ADMIN would: two tenants that share
// people, the console owner (ADMIN of both), and a bravo ADMIN who is not the console owner.

const createCaller = createCallerFactory(appRouter);

export interface TwoTenants {
  core: TestCore;
  alpha: { id: string; slug: 'alpha' };
  bravo: { id: string; slug: 'bravo' };
  /** The console owner: ADMIN of alpha and bravo. */
  owner: string;
  /** ADMIN of bravo only; not the console owner. */
  bravoAdmin: string;
  /** ADMIN of alpha only. */
  alphaAdmin: string;
  /** MEMBER of both tenants (the same users row). */
  shared: string;
  /** ADMIN of alpha and MEMBER of bravo. */
  sharedAdmin: string;
  /** MEMBER of alpha only / of bravo only. */
  alphaOnly: string;
  bravoOnly: string;
  /** A Bearer token for a user in a tenant (through the real auth service, so isConsoleOwner is real). */
  token(tenantId: string, userId: string, role?: Role): Promise<string>;
  /** An in-process tRPC caller authenticated with such a token. */
  caller(tenantId: string, userId: string, role?: Role): Promise<ReturnType<typeof createCaller>>;
  /** Starts the HTTP server once (closed by dispose) and answers a tRPC client over HTTP. */
  http(tenantId: string, userId: string, role?: Role): Promise<ReturnType<typeof httpClient>>;
  dispose(): Promise<void>;
}

export const PEOPLE = {
  bravoAdmin: { name: 'Bea Bravo', email: 'bea@bravo.test' },
  alphaAdmin: { name: 'Al Alpha', email: 'al@alpha.test' },
  shared: { name: 'Sam Shared', email: 'sam@shared.test' },
  sharedAdmin: { name: 'Ada Shared', email: 'ada@shared.test' },
  alphaOnly: { name: 'Ann Alpha', email: 'ann@alpha.test' },
  bravoOnly: { name: 'Ben Bravo', email: 'ben@bravo.test' },
} as const;

/** Adds an existing user to another tenant (addMembers always creates a new user). */
export async function addMembership(core: TestCore, tenantId: string, userId: string, role: Role = 'MEMBER'): Promise<void> {
  await core.database.db
    .insertInto('memberships')
    .values({
      id: `mem_t${Math.random().toString(16).slice(2, 14)}`,
      tenantId,
      userId,
      role,
      joinSource: 'free_signup',
      subscriptionStatus: null,
      compedUntil: null,
      joinedAt: '2026-01-02T00:00:00.000Z',
      lastActiveAt: null,
      leftAt: null,
    })
    .execute();
}

export async function makeTwoTenants(dialect: TestDialect, options: { clock?: Clock } = {}): Promise<TwoTenants> {
  const core = await makeTestCore(dialect, options);
  const owner = await core.services.owner.id();
  const alpha = await core.services.tenants.create({ slug: 'alpha', name: 'Alpha' }, owner);
  const bravo = await core.services.tenants.create({ slug: 'bravo', name: 'Bravo' }, owner);
  const [alphaAdmin, shared, sharedAdmin, alphaOnly] = (await addMembers(core, alpha.id, [
    { ...PEOPLE.alphaAdmin, role: 'ADMIN' },
    PEOPLE.shared,
    { ...PEOPLE.sharedAdmin, role: 'ADMIN' },
    PEOPLE.alphaOnly,
  ])) as [string, string, string, string];
  const [bravoAdmin, bravoOnly] = (await addMembers(core, bravo.id, [{ ...PEOPLE.bravoAdmin, role: 'ADMIN' }, PEOPLE.bravoOnly])) as [string, string];
  await addMembership(core, bravo.id, shared);
  await addMembership(core, bravo.id, sharedAdmin);

  let server: RunningServer | undefined;
  const token = (tenantId: string, userId: string, role: Role = 'ADMIN') => core.services.auth.issue({ tenantId, userId, role });
  return {
    core,
    alpha: { id: alpha.id, slug: 'alpha' },
    bravo: { id: bravo.id, slug: 'bravo' },
    owner,
    bravoAdmin,
    alphaAdmin,
    shared,
    sharedAdmin,
    alphaOnly,
    bravoOnly,
    token,
    async caller(tenantId, userId, role) {
      const auth = await core.services.auth.authenticate(await token(tenantId, userId, role));
      return createCaller(apiContext(core, auth, 'script'));
    },
    async http(tenantId, userId, role) {
      server ??= await startHttpServer(core, { host: '127.0.0.1', port: 0 });
      return httpClient(server.url, await token(tenantId, userId, role));
    },
    async dispose() {
      await server?.close();
      await core.dispose();
    },
  };
}

/** A user's name, email and erasure mark, as every tenant sees it. */
export async function personOf(core: TestCore, userId: string) {
  return core.database.db.selectFrom('users').select(['name', 'email', 'erasedAt']).where('id', '=', userId).executeTakeFirst();
}

/** The membership of a user in a tenant (any status), or undefined. */
export async function membershipIn(core: TestCore, tenantId: string, userId: string) {
  return core.database.db.selectFrom('memberships').selectAll().where('tenantId', '=', tenantId).where('userId', '=', userId).executeTakeFirst();
}
