import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { Database } from '../db/schema';
import { DomainError } from '../errors';
import type { MembershipsRepository } from '../repositories/memberships';
import type { TenantsRepository } from '../repositories/tenants';
import type { AuthService } from './auth';
import type { ConsoleOwnerService } from './console-owner';

const BROWSER_SESSION_SECONDS = 30 * 24 * 3600;
/** How long a printed sign-in link works; it also works only once. */
export const SIGN_IN_CODE_SECONDS = 10 * 60;

const hashOf = (code: string) => createHash('sha256').update(code).digest('hex');

/** Browser sign-in: one-time codes for the console owner, and tokens for switching between one's tenants. */
export function sessionService(deps: {
  db: Kysely<Database>;
  clock: Clock;
  auth: AuthService;
  owner: ConsoleOwnerService;
  memberships: MembershipsRepository;
  tenants: TenantsRepository;
}) {
  const refused = (why: string) =>
    new DomainError('UNAUTHORIZED', `${why}; restart tenant-console serve for a new link, or paste a token from tenant-console token create`, { field: 'code' });

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

    /**
     * A one-time code for the console owner in their first tenant (null when there is none yet), for
     * the link `serve` prints: what ends up in scrollback and logs expires in minutes and works once.
     * Only its hash is stored.
     */
    async ownerSignInCode(): Promise<{ code: string; expiresAt: string } | null> {
      const ownerId = await deps.owner.id();
      const [first] = await deps.tenants.listForUser(ownerId);
      if (!first) return null;
      const code = randomBytes(24).toString('base64url');
      const nowMs = deps.clock.nowMs();
      const expiresAt = new Date(nowMs + SIGN_IN_CODE_SECONDS * 1000).toISOString();
      // Each new code sweeps those expired a day ago (kept that long to say "expired" rather than "not valid").
      await deps.db.deleteFrom('signInCodes').where('expiresAt', '<', new Date(nowMs - 86_400_000).toISOString()).execute();
      await deps.db
        .insertInto('signInCodes')
        .values({ codeHash: hashOf(code), tenantId: first.id, userId: ownerId, createdAt: new Date(nowMs).toISOString(), expiresAt, usedAt: null })
        .execute();
      return { code, expiresAt };
    },

    /** Trades a sign-in code for a browser session; the code is spent by one atomic update, so it works once across every console on one database. */
    async exchangeSignInCode(code: string): Promise<{ token: string; tenantId: string }> {
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
      return this.tokenForTenant(claimed.userId, claimed.tenantId);
    },
  };
}
export type SessionService = ReturnType<typeof sessionService>;
