import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { auditRepository } from '../../platform/audit';
import { tokenListingRepository, type TokenListRow } from '../identity/repositories/token-listing';
import type { AuthService } from '../identity/auth';

/** A use is written at most this often per token: a script polling every second costs one write a minute. */
const LAST_USED_EVERY_MS = 60_000;

export interface TokenView extends Omit<TokenListRow, 'userId'> {
  state: 'active' | 'expired' | 'revoked';
}

/**
 * Settings → API tokens: an ADMIN creates a token for themselves in the current tenant (shown once),
 * lists the tenant's tokens with their last use, and revokes any of them.
 */
export function settingsTokensService(deps: { db: Kysely<Database>; clock: Clock; auth: AuthService }) {
  const repo = tokenListingRepository(deps.db);

  const view = (row: TokenListRow, nowIso: string): TokenView => {
    const { userId: _userId, ...rest } = row;
    const state = row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt <= nowIso ? 'expired' : 'active';
    return { ...rest, state };
  };

  return {
    async list(tenantId: string): Promise<TokenView[]> {
      const now = deps.clock.nowIso();
      return (await repo.list(tenantId)).map((r) => view(r, now));
    },

    /** The token itself is in the answer once and never again (only its id is stored). */
    async create(tenantId: string, userId: string, input: { label: string; role: 'ADMIN' | 'MEMBER'; expiresInDays: number | null }) {
      const token = await deps.auth.issue({
        tenantId,
        userId,
        role: input.role,
        label: input.label,
        expiresInSeconds: input.expiresInDays === null ? undefined : input.expiresInDays * 86_400,
      });
      const id = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { jti: string }).jti;
      const at = deps.clock.nowIso();
      await auditRepository(deps.db).record({ tenantId, actorUserId: userId, action: 'settings.token_created', targetType: 'token', targetId: id, after: { label: input.label, role: input.role, expiresInDays: input.expiresInDays }, at });
      return { id, token };
    },

    async revoke(tenantId: string, actorUserId: string, id: string): Promise<{ revoked: boolean }> {
      // Scoped to the tenant: an id from another tenant is "not found", never revoked.
      const row = await repo.find(tenantId, id);
      if (!row) throw new DomainError('NOT_FOUND', `id: no API token ${id} in this community`, { field: 'id' });
      if (row.revokedAt) return { revoked: false };
      await deps.auth.revoke(id);
      await auditRepository(deps.db).record({ tenantId, actorUserId, action: 'settings.token_revoked', targetType: 'token', targetId: id, at: deps.clock.nowIso() });
      return { revoked: true };
    },
  };
}
export type SettingsTokensService = ReturnType<typeof settingsTokensService>;

/**
 * Records a token's last use for authenticate: at most one write a minute per token (remembered
 * here, and checked again in the UPDATE for consoles sharing one database), never awaited by the request.
 */
export function tokenUseRecorder(deps: { db: Kysely<Database>; clock: Clock; logger: Logger }) {
  const repo = tokenListingRepository(deps.db);
  const recent = new Map<string, number>();
  return (tokenId: string): void => {
    const nowMs = deps.clock.nowMs();
    const last = recent.get(tokenId);
    if (last !== undefined && nowMs - last < LAST_USED_EVERY_MS) return;
    if (recent.size >= 10_000) recent.clear();
    recent.set(tokenId, nowMs);
    repo
      .markUsed(tokenId, new Date(nowMs).toISOString(), new Date(nowMs - LAST_USED_EVERY_MS).toISOString())
      .catch((err: unknown) => deps.logger.warn('token last use not recorded', { error: String(err) }));
  };
}
