import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors';
import type { MembershipsRepository } from '../members/repositories/memberships';
import type { TenantsRepository } from './repositories/tenants';
import type { AuthService } from './auth';
import type { ConsoleOwnerService } from './console-owner';

const BROWSER_SESSION_SECONDS = 30 * 24 * 3600;
/** How long a printed sign-in link works; it also works only once. */
export const SIGN_IN_CODE_SECONDS = 10 * 60;

const hashOf = (code: string) => createHash('sha256').update(code).digest('hex');

/** The browser_sessions table (migration 20261124090000), kept out of the shared schema type. */
interface BrowserSessionsTable {
  tokenId: string;
  tenantId: string;
  userId: string;
  createdAt: string;
  userAgent: string | null;
  clientIp: string | null;
  endedAt: string | null;
}

/** Settings → Team: one signed-in browser. */
export interface BrowserSessionRow {
  id: string;
  tenantId: string;
  tenantName: string;
  userId: string;
  name: string;
  email: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  userAgent: string | null;
  clientIp: string | null;
}

/** Browser sign-in: one-time codes for the console owner, and tokens for switching between one's tenants. */
export function sessionService(deps: {
  db: Kysely<Database>;
  clock: Clock;
  auth: AuthService;
  owner: ConsoleOwnerService;
  memberships: MembershipsRepository;
  tenants: TenantsRepository;
}) {
  const sdb = deps.db.withTables<{ browserSessions: BrowserSessionsTable; apiTokens: { lastUsedAt: string | null } }>();
  // Where links point (--public-url, else where the server listens); set by the HTTP server.
  let publicOrigin: string | null = null;
  const refused = (why: string) =>
    new DomainError('UNAUTHORIZED', `${why}; ask the console owner for a new link (Settings → Team), restart tenant-console serve for a new owner link, or paste a token from tenant-console token create`, { field: 'code' });

  return {
    async tokenForTenant(userId: string, tenantId: string): Promise<{ token: string; tenantId: string }> {
      const membership = await deps.memberships.find(tenantId, userId);
      if (!membership || membership.status !== 'active') {
        throw new DomainError('FORBIDDEN', 'you are not a member of that tenant', { field: 'tenantId' });
      }
      const token = await deps.auth.issue({
        tenantId,
        userId,
        role: membership.role,
        label: 'browser session',
        expiresInSeconds: BROWSER_SESSION_SECONDS,
      });
      return { token, tenantId };
    },

    /** Sets the origin every sign-in link starts with (`https://console.example.com`). */
    setPublicOrigin(origin: string | null): void {
      publicOrigin = origin ? origin.replace(/\/+$/, '') : null;
    },

    /** `<origin>/#code=…`, or null while no server listens to open it on. */
    linkFor(code: string): string | null {
      return publicOrigin ? `${publicOrigin}/#code=${code}` : null;
    },

    /**
     * A one-time code for the console owner in their first tenant (null when there is none yet), for
     * the link `serve` prints: what ends up in scrollback and logs expires in minutes and works once.
     * Only its hash is stored.
     */
    async ownerSignInCode(): Promise<{ code: string; expiresAt: string } | null> {
      const ownerId = await deps.owner.id();
      const [first] = await deps.tenants.listForUser(ownerId);
      if (!first) return null;
      return this.signInCodeFor(ownerId, first.id);
    },

    /** A one-time code that signs this person in to this tenant (a teammate's sign-in link). */
    async signInCodeFor(userId: string, tenantId: string): Promise<{ code: string; expiresAt: string }> {
      const code = randomBytes(24).toString('base64url');
      const nowMs = deps.clock.nowMs();
      const expiresAt = new Date(nowMs + SIGN_IN_CODE_SECONDS * 1000).toISOString();
      // Each new code sweeps those expired a day ago (kept that long to say "expired" rather than "not valid").
      await deps.db.deleteFrom('signInCodes').where('expiresAt', '<', new Date(nowMs - 86_400_000).toISOString()).execute();
      await deps.db
        .insertInto('signInCodes')
        .values({ codeHash: hashOf(code), tenantId, userId, createdAt: new Date(nowMs).toISOString(), expiresAt, usedAt: null })
        .execute();
      return { code, expiresAt };
    },

    /** Trades a sign-in code for a session token (API clients; the browser takes a cookie instead). */
    async exchangeSignInCode(code: string): Promise<{ token: string; tenantId: string }> {
      const claimed = await spend(code);
      return this.tokenForTenant(claimed.userId, claimed.tenantId);
    },

    /**
     * A sign-in code traded for a browser session kept in an HttpOnly cookie (http/session-routes.ts):
     * the token never reaches page scripts, and the session is listed in Settings → Team.
     */
    async startBrowserSession(code: string, client: { userAgent?: string; ip?: string }): Promise<{ token: string; tenantId: string; maxAgeSeconds: number }> {
      const claimed = await spend(code);
      const { token, tenantId } = await this.tokenForTenant(claimed.userId, claimed.tenantId);
      await this.recordBrowserSession(token, client);
      return { token, tenantId, maxAgeSeconds: BROWSER_SESSION_SECONDS };
    },

    /** Lists a session token (issued for a cookie) in Settings → Team. */
    async recordBrowserSession(token: string, client: { userAgent?: string; ip?: string }): Promise<void> {
      const { jti, userId, tenantId } = decodeJwt(token) as { jti: string; userId: string; tenantId: string };
      await sdb
        .insertInto('browserSessions')
        .values({ tokenId: jti, tenantId, userId, createdAt: deps.clock.nowIso(), userAgent: client.userAgent?.slice(0, 300) ?? null, clientIp: client.ip ?? null, endedAt: null })
        .execute();
    },

    /** Sign out: the cookie's token stops working at once, on every console on this database. */
    async endBrowserSession(token: string): Promise<void> {
      const { jti } = decodeJwt(token);
      if (!jti) return;
      await deps.auth.revoke(jti);
      await sdb.updateTable('browserSessions').set({ endedAt: deps.clock.nowIso() }).where('tokenId', '=', jti).execute();
    },

    /** Signed-in browsers (not revoked, not expired), newest first. */
    async listBrowserSessions(): Promise<BrowserSessionRow[]> {
      const now = deps.clock.nowIso();
      const rows = await sdb
        .selectFrom('browserSessions as s')
        .innerJoin('apiTokens as t', 't.id', 's.tokenId')
        .innerJoin('users as u', 'u.id', 's.userId')
        .innerJoin('tenants as tn', 'tn.id', 's.tenantId')
        .select(['s.tokenId as id', 's.tenantId', 'tn.name as tenantName', 's.userId', 'u.name', 'u.email', 's.createdAt', 't.expiresAt', 't.lastUsedAt', 's.userAgent', 's.clientIp'])
        .where('t.revokedAt', 'is', null)
        .where('s.endedAt', 'is', null)
        .where((eb) => eb.or([eb('t.expiresAt', 'is', null), eb('t.expiresAt', '>', now)]))
        .orderBy('s.createdAt', 'desc')
        .limit(500)
        .execute();
      return rows as BrowserSessionRow[];
    },

    /** Signs one browser out (the owner, from Settings → Team). */
    async revokeBrowserSession(id: string): Promise<{ id: string; revoked: boolean }> {
      const row = await sdb.selectFrom('browserSessions').select('tokenId').where('tokenId', '=', id).executeTakeFirst();
      if (!row) throw new DomainError('NOT_FOUND', `id: no session ${id}`, { field: 'id' });
      await deps.auth.revoke(id);
      await sdb.updateTable('browserSessions').set({ endedAt: deps.clock.nowIso() }).where('tokenId', '=', id).where('endedAt', 'is', null).execute();
      return { id, revoked: true };
    },
  };

  /** Spends a code by one atomic update, so it works once across every console on one database. */
  async function spend(code: string): Promise<{ tenantId: string; userId: string }> {
      const now = deps.clock.nowIso();
      const hash = hashOf(code);
      const claimed = await deps.db
        .updateTable('signInCodes')
        .set({ usedAt: now })
        .where('codeHash', '=', hash)
        .where('usedAt', 'is', null)
        .where('expiresAt', '>', now)
        .returning(['tenantId', 'userId'])
        .executeTakeFirst();
      if (!claimed) {
        const row = await deps.db.selectFrom('signInCodes').select(['usedAt']).where('codeHash', '=', hash).executeTakeFirst();
        if (!row) throw refused('this sign-in link is not valid');
        throw refused(row.usedAt ? 'this sign-in link was already used (each link works once)' : `this sign-in link has expired (links work for ${SIGN_IN_CODE_SECONDS / 60} minutes)`);
      }
      return claimed;
  }
}
export type SessionService = ReturnType<typeof sessionService>;
