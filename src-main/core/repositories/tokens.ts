import type { Kysely } from 'kysely';
import type { ApiToken, Database } from '../db/schema';

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
  };
}
export type TokensRepository = ReturnType<typeof tokensRepository>;
