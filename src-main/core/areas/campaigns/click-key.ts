import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/schema';
import type { SecretBox } from '../../platform/secrets';
import { CONSOLE_SCOPE, settingsRepository } from '../../platform/settings-store';

const SETTING_KEY = 'campaigns.click_signing_key';

/**
 * The console's key for click-tracking signatures: random, made on first use and kept sealed in
 * the console's settings, so every console sharing one database signs and checks alike. Nothing in
 * a link (the recipient's token included) lets anyone sign another target.
 */
export function clickSigningKey(deps: { db: Kysely<Database>; clock: Clock; secrets: SecretBox }): () => Promise<Buffer> {
  let key: Promise<Buffer> | undefined;
  return () => {
    key ??= settingsRepository(deps.db)
      .putIfAbsent(CONSOLE_SCOPE, SETTING_KEY, deps.secrets.seal(randomBytes(32).toString('base64')), true, deps.clock.nowIso())
      .then((sealed) => Buffer.from(deps.secrets.open(sealed), 'base64'))
      .catch((err: unknown) => {
        key = undefined; // try again next time
        throw err;
      });
    return key;
  };
}
