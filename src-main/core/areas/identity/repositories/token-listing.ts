import type { Kysely } from 'kysely';
import type { ApiTokensTable, Database } from '@core/platform/db/schema';

/** The api_tokens columns added by migration 20261123120000 (kept out of the shared schema type). */
type TokenUseColumns = { apiTokens: ApiTokensTable & { lastUsedAt: string | null } };

export interface TokenListRow {
  id: string;
  label: string | null;
  role: 'ADMIN' | 'MEMBER';
  userId: string;
  userName: string;
  userEmail: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Settings → API tokens: a tenant's tokens with their owners and last use (tokens.ts issues and checks them). */
export function tokenListingRepository(db: Kysely<Database>) {
  const tdb = db.withTables<TokenUseColumns>();
  return {
    /** Newest first; revoked ones too (the owner sees what was revoked and when). */
    async list(tenantId: string, limit = 200): Promise<TokenListRow[]> {
      const rows = await tdb
        .selectFrom('apiTokens as t')
        .innerJoin('users as u', 'u.id', 't.userId')
        .select(['t.id', 't.label', 't.role', 't.userId', 'u.name as userName', 'u.email as userEmail', 't.createdAt', 't.expiresAt', 't.revokedAt', 't.lastUsedAt'])
        .where('t.tenantId', '=', tenantId)
        .orderBy('t.createdAt', 'desc')
        .orderBy('t.id', 'desc')
        .limit(limit)
        .execute();
      return rows as TokenListRow[];
    },

    find(tenantId: string, id: string) {
      return tdb.selectFrom('apiTokens').select(['id', 'revokedAt']).where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },

    /** Records a use unless one was recorded since `notBefore` (so at most one write per interval). */
    async markUsed(id: string, at: string, notBefore: string): Promise<void> {
      await tdb
        .updateTable('apiTokens')
        .set({ lastUsedAt: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', notBefore)]))
        .execute();
    },
  };
}
export type TokenListingRepository = ReturnType<typeof tokenListingRepository>;
