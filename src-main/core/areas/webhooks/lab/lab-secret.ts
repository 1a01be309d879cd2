import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '@core/platform/clock';
import type { Database } from '@core/platform/db/schema';
import { settingsRepository } from '@core/platform/settings-store';
import type { SecretBox } from '@core/platform/secrets';

const SETTING_KEY = 'webhooks.lab.signing_secret';

/**
 * A tenant's lab signing secret: what a tenant ADMIN's lab signs with, for both providers. It is
 * made on first use, sealed in the tenant's settings, and shown to the tenant's ADMINs so that
 * their own app can verify what the lab sends. The console's webhook endpoints never accept it
 * (they know only the console owner's signing secrets), so nothing signed with it can reach the
 * ledger of any tenant.
 */
export function labSecrets(deps: { db: Kysely<Database>; clock: Clock; secrets: SecretBox }) {
  return {
    async of(tenantId: string): Promise<string> {
      const settings = settingsRepository(deps.db);
      const row = await settings.get(tenantId, SETTING_KEY);
      if (row) return deps.secrets.open(row.value);
      const fresh = `whsec_lab_${randomBytes(24).toString('base64url')}`;
      // Two first uses at once: the first writer wins and both answer its secret.
      const stored = await settings.putIfAbsent(tenantId, SETTING_KEY, deps.secrets.seal(fresh), true, deps.clock.nowIso());
      return deps.secrets.open(stored);
    },
  };
}
export type LabSecrets = ReturnType<typeof labSecrets>;
