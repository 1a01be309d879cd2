import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiContext } from '../../src-main/core/api/context';
import { appRouter } from '../../src-main/core/api/router';
import { createCallerFactory, type TrustLevel } from '../../src-main/core/api/trpc';
import { buildHttpServer } from '../../src-main/core/platform/http/server';
import type { AuthContext } from '../../src-main/core/areas/identity/auth';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

/**
 * The trust model as a table (README, "Security"). A procedure or route that is added without a
 * declared level, or whose level changes, fails here until this table says so on purpose.
 */
const PROCEDURES: Record<string, TrustLevel> = {
  'auth.exchangeSignInCode': 'public',
  'users.getCurrentUser': 'member',
  'tenants.list': 'member',
  'tenants.create': 'consoleOwner',
  'tenants.switch': 'member',
  'members.list': 'tenantAdmin',
  'members.get': 'tenantAdmin',
  'members.count': 'tenantAdmin',
  'members.invite': 'tenantAdmin',
  'members.acceptInvite': 'public',
  'members.changeRole': 'tenantAdmin',
  'members.setSpaceRole': 'tenantAdmin',
  'members.addToGroup': 'tenantAdmin',
  'members.removeFromGroup': 'tenantAdmin',
  'members.comp': 'tenantAdmin',
  'members.uncomp': 'tenantAdmin',
  'members.remove': 'tenantAdmin',
  'members.erase': 'tenantAdmin',
  'members.eraseEverywhere': 'consoleOwner',
  'members.bulk.start': 'tenantAdmin',
  'members.bulk.get': 'tenantAdmin',
  'members.bulk.download': 'tenantAdmin',
  'members.import.upload': 'tenantAdmin',
  'members.import.preview': 'tenantAdmin',
  'members.import.commit': 'tenantAdmin',
  'members.import.get': 'tenantAdmin',
  'members.import.errorReport': 'tenantAdmin',
  'members.export': 'tenantAdmin',
  'segments.list': 'tenantAdmin',
  'segments.create': 'tenantAdmin',
  'segments.update': 'tenantAdmin',
  'segments.delete': 'tenantAdmin',
  'segments.count': 'tenantAdmin',
  'campaigns.list': 'tenantAdmin',
  'campaigns.get': 'tenantAdmin',
  'campaigns.versions': 'tenantAdmin',
  'campaigns.audienceCount': 'tenantAdmin',
  'campaigns.preview': 'tenantAdmin',
  'campaigns.recipients': 'tenantAdmin',
  'campaigns.memberEmailStatus': 'tenantAdmin',
  'campaigns.create': 'tenantAdmin',
  'campaigns.createDraft': 'tenantAdmin',
  'campaigns.update': 'tenantAdmin',
  'campaigns.restoreVersion': 'tenantAdmin',
  'campaigns.duplicate': 'tenantAdmin',
  'campaigns.schedule': 'tenantAdmin',
  'campaigns.unschedule': 'tenantAdmin',
  'campaigns.send': 'tenantAdmin',
  'campaigns.pause': 'tenantAdmin',
  'campaigns.resume': 'tenantAdmin',
  'campaigns.cancel': 'tenantAdmin',
  'campaigns.delete': 'tenantAdmin',
  'campaigns.resend': 'tenantAdmin',
  'campaigns.sendTest': 'tenantAdmin',
  'campaigns.setMemberSubscribed': 'tenantAdmin',
  'webhooks.list': 'tenantAdmin',
  'webhooks.get': 'tenantAdmin',
  'webhooks.retry': 'tenantAdmin',
  'webhooks.signingSecrets': 'tenantAdmin',
  'webhooks.setSigningSecrets': 'consoleOwner',
  'webhooks.endpoints.list': 'tenantAdmin',
  'webhooks.endpoints.create': 'tenantAdmin',
  'webhooks.endpoints.update': 'tenantAdmin',
  'webhooks.endpoints.delete': 'tenantAdmin',
  'webhooks.endpoints.rotateSecret': 'tenantAdmin',
  'webhooks.deliveries.list': 'tenantAdmin',
  'webhooks.deliveries.get': 'tenantAdmin',
  'webhooks.deliveries.resend': 'tenantAdmin',
  'webhooks.reconcile.preview': 'consoleOwner',
  'webhooks.reconcile.run': 'consoleOwner',
  'webhooks.lab.access': 'tenantAdmin',
  'webhooks.lab.templates': 'tenantAdmin',
  'webhooks.lab.send': 'tenantAdmin',
  'webhooks.lab.replay': 'tenantAdmin',
  'webhooks.forward.get': 'consoleOwner',
  'webhooks.forward.set': 'consoleOwner',
  'webhooks.sync.state': 'tenantAdmin',
  'webhooks.sync.localChanges': 'tenantAdmin',
  'webhooks.sync.resolveConflict': 'tenantAdmin',
  'webhooks.sync.setSettings': 'consoleOwner',
  'webhooks.sync.pollNow': 'consoleOwner',
  'events.stream': 'tenantAdmin',
  'events.queue': 'tenantAdmin',
  'events.consoleQueue': 'consoleOwner',
  'packages.list': 'tenantAdmin',
  'packages.publicList': 'public',
  'packages.upsert': 'tenantAdmin',
  'packages.delete': 'tenantAdmin',
  'packages.whatIf': 'tenantAdmin',
  'packages.retrySync': 'tenantAdmin',
  'packages.importFromStripe': 'consoleOwner',
  'entitlements.get': 'member',
  'notifications.list': 'member',
  'notifications.markRead': 'member',
  'chat.list': 'member',
  'chat.send': 'member',
  'entitlements.check': 'member',
  'entitlements.consume': 'member',
  'entitlements.release': 'member',
  'entitlements.ofMember': 'tenantAdmin',
  'billing.checkout': 'member',
  'billing.lemonsqueezy.variants': 'tenantAdmin',
  'billing.lemonsqueezy.subscriptions': 'consoleOwner',
  'billing.lemonsqueezy.linkSubscriptions': 'consoleOwner',
  'groups.list': 'tenantAdmin',
  'automations.list': 'tenantAdmin',
  'automations.get': 'tenantAdmin',
  'automations.create': 'tenantAdmin',
  'automations.update': 'tenantAdmin',
  'automations.setEnabled': 'tenantAdmin',
  'automations.runs': 'tenantAdmin',
  'automations.cancelRun': 'tenantAdmin',
  'spaces.list': 'tenantAdmin',
  // Community (issue 13): members act in the spaces they see; the services check author / moderator of the space / ADMIN.
  'spaces.overview': 'tenantAdmin',
  'spaces.mine': 'member',
  'spaces.get': 'member',
  'spaces.create': 'tenantAdmin',
  'spaces.update': 'tenantAdmin',
  'spaces.reorder': 'tenantAdmin',
  'spaces.archive': 'tenantAdmin',
  'spaces.restore': 'tenantAdmin',
  'spaces.members': 'tenantAdmin',
  'spaces.setMemberRole': 'tenantAdmin',
  'posts.list': 'member',
  'posts.get': 'member',
  'posts.create': 'member',
  'posts.update': 'member',
  'posts.archive': 'member',
  'posts.delete': 'member',
  'posts.pin': 'member',
  'comments.list': 'member',
  'comments.create': 'member',
  'comments.delete': 'member',
  'reactions.toggle': 'member',
  'moderation.report': 'member',
  'moderation.queue': 'member',
  'moderation.hide': 'member',
  'moderation.archive': 'member',
  'moderation.restore': 'member',
  'moderation.dismiss': 'member',
  'settings.providers.get': 'tenantAdmin',
  'settings.providers.set': 'consoleOwner',
  'settings.checkout.set': 'tenantAdmin',
  'settings.notifications.get': 'consoleOwner',
  'settings.notifications.set': 'consoleOwner',
  'settings.paymentMethods.get': 'tenantAdmin',
  'settings.paymentMethods.set': 'tenantAdmin',
  'settings.overview': 'tenantAdmin',
  'settings.providers.test': 'consoleOwner',
  'settings.email.get': 'consoleOwner',
  'settings.email.set': 'consoleOwner',
  'settings.email.test': 'consoleOwner',
  'settings.realtime.get': 'consoleOwner',
  'settings.realtime.set': 'consoleOwner',
  'settings.realtime.test': 'consoleOwner',
  'settings.tokens.list': 'tenantAdmin',
  'settings.tokens.create': 'tenantAdmin',
  'settings.tokens.revoke': 'tenantAdmin',
  'settings.team.invite': 'consoleOwner',
  'settings.team.signInLink': 'consoleOwner',
  'settings.team.sessions': 'consoleOwner',
  'settings.team.revokeSession': 'consoleOwner',
  'settings.data.get': 'consoleOwner',
  'settings.data.backup': 'consoleOwner',
  'settings.data.restore': 'consoleOwner',
  'settings.data.export': 'tenantAdmin',
  'dashboard.setup': 'tenantAdmin',
  'analytics.overview': 'tenantAdmin',
  'analytics.mrrMovements': 'tenantAdmin',
  'analytics.growth': 'tenantAdmin',
  'analytics.cohorts': 'tenantAdmin',
  'analytics.engagement': 'tenantAdmin',
  'analytics.revenue': 'tenantAdmin',
  'analytics.campaigns': 'tenantAdmin',
  'analytics.movementMembers': 'tenantAdmin',
  'analytics.exportCsv': 'tenantAdmin',
  'analytics.status': 'tenantAdmin',
};

/** REST routes: `signature` = public, authenticated by the provider's signature; `procedures` = tRPC (per procedure above). */
const ROUTES: Record<string, string> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /u/:token': 'public',
  'POST /u/:token': 'public',
  'GET /c/:token': 'public',
  'GET /metrics': 'consoleOwner',
  'POST /auth/session': 'public',
  'POST /auth/session/tenant': 'member',
  'DELETE /auth/session': 'public',
  'GET /public/packages': 'public',
  'GET /admin/packages': 'tenantAdmin',
  'POST /admin/packages': 'tenantAdmin',
  'DELETE /admin/packages/:id': 'tenantAdmin',
  'POST /api/webhooks/stripe': 'signature',
  'POST /api/webhooks/lemonsqueezy': 'signature',
  // A signed-in member of the tenant: an Ably TokenRequest for their own channels.
  'GET /api/ably-auth': 'member',
  'POST /api/ably-auth': 'member',
  '* /api/trpc/:path': 'procedures',
};

const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { meta?: { level?: TrustLevel } } }> } })._def.procedures;
const createCaller = createCallerFactory(appRouter);

describe('the trust model table', () => {
  it('every procedure declares exactly the level the table gives it', () => {
    const declared = Object.fromEntries(Object.entries(procedures).map(([path, p]) => [path, p._def.meta?.level ?? 'none']));
    const expected = Object.fromEntries(Object.keys(declared).map((path) => [path, PROCEDURES[path] ?? 'not in the table']));
    expect(declared).toEqual(expected);
  });
});

describe.each(dialects)('the trust model is enforced on %s', (dialect) => {
  let core: TestCore;
  let ctxs: Record<'anonymous' | 'member' | 'tenantAdmin' | 'consoleOwner', AuthContext | null>;

  beforeAll(async () => {
    core = await makeTestCore(dialect);
    const owner = await core.services.owner.id();
    await core.services.tenants.create({ slug: 'alpha', name: 'Alpha' }, owner);
    const bravo = await core.services.tenants.create({ slug: 'bravo', name: 'Bravo' }, owner);
    const [admin, member] = await addMembers(core, bravo.id, [
      { name: 'Bea Admin', email: 'bea@bravo.io', role: 'ADMIN' },
      { name: 'Mo Member', email: 'mo@bravo.io', role: 'MEMBER' },
    ]);
    const authAs = async (userId: string, role: 'ADMIN' | 'MEMBER') =>
      core.services.auth.authenticate(await core.services.auth.issue({ tenantId: bravo.id, userId, role }));
    ctxs = {
      anonymous: null,
      member: await authAs(member!, 'MEMBER'),
      tenantAdmin: await authAs(admin!, 'ADMIN'),
      consoleOwner: await authAs(owner, 'ADMIN'),
    };
  });
  afterAll(async () => core?.dispose());

  const RANK: Record<TrustLevel, number> = { public: 0, member: 1, tenantAdmin: 2, consoleOwner: 3 };
  const callers = ['anonymous', 'member', 'tenantAdmin'] as const;
  const callerRank = { anonymous: 0, member: 1, tenantAdmin: 2 } as const;

  // Calls each procedure with no input: a caller below its level is refused before the input is
  // even read (UNAUTHORIZED or FORBIDDEN); at or above it, the refusal is never about who they are.
  it.each(Object.entries(PROCEDURES).filter(([path]) => path in procedures))('%s (%s) refuses callers below its level', async (path, level) => {
    for (const who of callers) {
      const caller = createCaller(apiContext(core, ctxs[who], 'script')) as unknown as Record<string, unknown>;
      const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input?: unknown) => Promise<unknown>;
      const code = await fn(undefined).then(
        () => 'OK',
        (err: unknown) => (err instanceof TRPCError ? err.code : 'THREW'),
      );
      if (callerRank[who] < RANK[level]) expect([who, code]).toEqual([who, who === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN']);
      else expect([who, code]).not.toEqual([who, 'UNAUTHORIZED']);
    }
  });

  it('every REST route declares the level the table gives it, and admin routes refuse members', async () => {
    const app = await buildHttpServer(core, { host: '127.0.0.1', port: 0 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const host = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // tRPC answers every method on its one route; each procedure checks its own level.
    const key = (r: { method: string; url: string }) => (r.url.startsWith('/api/trpc/') ? `* ${r.url}` : `${r.method} ${r.url}`);
    const declared = Object.fromEntries(app.declaredRoutes.map((r) => [key(r), r.level ?? 'none']));
    expect(declared).toEqual(Object.fromEntries(Object.keys(declared).map((k) => [k, ROUTES[k] ?? 'not in the table'])));

    const memberToken = await core.services.auth.issue({ tenantId: ctxs.member!.tenantId!, userId: ctxs.member!.userId, role: 'MEMBER' });
    for (const [route, level] of Object.entries(ROUTES)) {
      if (level !== 'tenantAdmin') continue;
      const [method, url] = route.split(' ') as ['GET' | 'POST' | 'DELETE', string];
      const path = url.replace(':id', 'pkg_unknown');
      const anonymous = await app.inject({ method, url: path, headers: { host } });
      const member = await app.inject({ method, url: path, headers: { host, authorization: `Bearer ${memberToken}` } });
      expect([route, anonymous.statusCode, member.statusCode]).toEqual([route, 401, 403]);
    }
    await app.close();
  });
});
