import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

export const CONSOLE_SCOPE = '*';

export function settingsRepository(db: Kysely<Database>) {
  return {
    async get(scope: string, key: string) {
      return db
        .selectFrom('settings')
        .select(['value', 'isSecret'])
        .where('scope', '=', scope)
        .where('key', '=', key)
        .executeTakeFirst();
    },
    /** Inserts the value unless the key exists; returns the value now stored (first writer wins). */
    async putIfAbsent(scope: string, key: string, value: string, isSecret: boolean, at: string): Promise<string> {
      await db
        .insertInto('settings')
        .values({ scope, key, value, isSecret: isSecret ? 1 : 0, updatedAt: at })
        .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
        .execute();
      const row = await this.get(scope, key);
      return row!.value;
    },
    async put(scope: string, key: string, value: string, isSecret: boolean, at: string): Promise<void> {
      await db
        .insertInto('settings')
        .values({ scope, key, value, isSecret: isSecret ? 1 : 0, updatedAt: at })
        .onConflict((oc) => oc.columns(['scope', 'key']).doUpdateSet({ value, isSecret: isSecret ? 1 : 0, updatedAt: at }))
        .execute();
    },
  };
}
export type SettingsRepository = ReturnType<typeof settingsRepository>;
