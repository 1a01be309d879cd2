import type { Kysely } from 'kysely';
import type { ApiToken, Database } from '@core/platform/db/schema';

export function tokensRepository(db: Kysely<Database>) {
  return {
    async insert(row: ApiToken): Promise<void> {
      await db.insertInto('apiTokens').values(row).execute();
    },
    findById(id: string): Promise<ApiToken | undefined> {
      return db.selectFrom('apiTokens').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async revoke(id: string, at: string): Promise<void> {
      await db.updateTable('apiTokens').set({ revokedAt: at }).where('id', '=', id).execute();
    },
    /**
     * Every live token of a person in one tenant (all tenants when tenantId is null), for good: a
     * removed or erased member who is later re-invited signs in anew, never with an old token.
     */
    async revokeForMember(tenantId: string | null, userId: string, at: string): Promise<number> {
      let q = db.updateTable('apiTokens').set({ revokedAt: at }).where('userId', '=', userId).where('revokedAt', 'is', null);
      if (tenantId !== null) q = q.where('tenantId', '=', tenantId);
      const result = await q.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
export type TokensRepository = ReturnType<typeof tokensRepository>;
