import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Role } from '@shared/domain';
import type { Clock } from '../../platform/clock';
import { DomainError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { MembershipsRepository } from '../members/repositories/memberships';
import { CONSOLE_SCOPE, type SettingsRepository } from '../../platform/settings-store';
import type { TokensRepository } from './repositories/tokens';
import type { SecretBox } from '../../platform/secrets';

/** Who is calling, in which tenant, with which role. tenantId is null before any tenant exists. */
export interface AuthContext {
  userId: string;
  tenantId: string | null;
  role: Role | null;
  /** The desktop's own owner: may create tenants and act in every tenant they administer. */
  isConsoleOwner: boolean;
}

export interface IssueTokenInput {
  tenantId: string;
  userId: string;
  role: Role;
  label?: string;
  /** Lifetime in seconds; tokens without one last until revoked. */
  expiresInSeconds?: number;
}

const ISSUER = 'tenant-console';
const SIGNING_KEY = 'auth.jwt_signing_key';

export function authService(deps: {
  clock: Clock;
  secrets: SecretBox;
  settings: SettingsRepository;
  tokens: TokensRepository;
  memberships: MembershipsRepository;
  consoleOwnerId: () => Promise<string>;
  /** Told of each accepted token (Settings → API tokens shows the last use); must not block. */
  onTokenUsed?: (tokenId: string) => void;
}) {
  let key: Uint8Array | undefined;

  // The signing key lives in the database (sealed) so that every console sharing one PostgreSQL
  // accepts the same tokens; the first console to start creates it.
  async function signingKey(): Promise<Uint8Array> {
    if (key) return key;
    const sealed = await deps.settings.putIfAbsent(
      CONSOLE_SCOPE,
      SIGNING_KEY,
      deps.secrets.seal(randomBytes(32).toString('base64')),
      true,
      deps.clock.nowIso(),
    );
    key = Buffer.from(deps.secrets.open(sealed), 'base64');
    return key;
  }

  const unauthorized = (why: string) => new DomainError('UNAUTHORIZED', why);

  return {
    async issue(input: IssueTokenInput): Promise<string> {
      const id = newId('token');
      const nowMs = deps.clock.nowMs();
      const expiresAt = input.expiresInSeconds ? new Date(nowMs + input.expiresInSeconds * 1000).toISOString() : null;
      await deps.tokens.insert({
        id,
        tenantId: input.tenantId,
        userId: input.userId,
        role: input.role,
        label: input.label ?? null,
        createdAt: new Date(nowMs).toISOString(),
        expiresAt,
        revokedAt: null,
      });
      let jwt = new SignJWT({ userId: input.userId, tenantId: input.tenantId, role: input.role })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(ISSUER)
        .setSubject(input.userId)
        .setJti(id)
        .setIssuedAt(Math.floor(nowMs / 1000));
      if (expiresAt) jwt = jwt.setExpirationTime(Math.floor(Date.parse(expiresAt) / 1000));
      return jwt.sign(await signingKey());
    },

    /** Checks a Bearer token: signature, not revoked, not expired, membership still active. */
    async authenticate(token: string): Promise<AuthContext> {
      let claims;
      try {
        ({ payload: claims } = await jwtVerify(token, await signingKey(), {
          issuer: ISSUER,
          algorithms: ['HS256'],
          currentDate: new Date(deps.clock.nowMs()),
        }));
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw unauthorized('the token has expired');
        throw unauthorized('the token is not valid');
      }
      const row = claims.jti ? await deps.tokens.findById(claims.jti) : undefined;
      if (!row || row.userId !== claims.sub) throw unauthorized('the token is not valid');
      if (row.revokedAt) throw unauthorized('the token was revoked');
      const membership = await deps.memberships.find(row.tenantId, row.userId);
      if (!membership || membership.status !== 'active') {
        throw unauthorized('the token belongs to someone who is no longer a member');
      }
      // A token never grants more than the member's current role (a demotion takes effect at once).
      const role: Role = row.role === 'ADMIN' && membership.role === 'ADMIN' ? 'ADMIN' : 'MEMBER';
      const ownerId = await deps.consoleOwnerId();
      deps.onTokenUsed?.(row.id);
      return { userId: row.userId, tenantId: row.tenantId, role, isConsoleOwner: row.userId === ownerId };
    },

    async revoke(tokenId: string): Promise<void> {
      await deps.tokens.revoke(tokenId, deps.clock.nowIso());
    },
  };
}
export type AuthService = ReturnType<typeof authService>;
