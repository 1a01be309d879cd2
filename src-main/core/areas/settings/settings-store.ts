import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { CONSOLE_SCOPE, settingsRepository } from '../../platform/settings-store';
import type { SecretBox } from '../../platform/secrets';

/** Console-wide settings as JSON, sealed with the core's SecretBox when they hold a secret. */
export function consoleSettings(deps: { db: Kysely<Database>; secrets: SecretBox }) {
  const repo = settingsRepository(deps.db);
  return {
    async read<T>(key: string): Promise<T | null> {
      const row = await repo.get(CONSOLE_SCOPE, key);
      if (!row) return null;
      return JSON.parse(row.isSecret ? deps.secrets.open(row.value) : row.value) as T;
    },
    async write(key: string, value: unknown, secret: boolean, at: string): Promise<void> {
      const json = JSON.stringify(value);
      await repo.put(CONSOLE_SCOPE, key, secret ? deps.secrets.seal(json) : json, secret, at);
    },
    async clear(key: string): Promise<void> {
      await deps.db.deleteFrom('settings').where('scope', '=', CONSOLE_SCOPE).where('key', '=', key).execute();
    },
  };
}
export type ConsoleSettings = ReturnType<typeof consoleSettings>;
