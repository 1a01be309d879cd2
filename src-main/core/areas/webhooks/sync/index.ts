import type { Kysely } from 'kysely';
import type { Database } from '@core/platform/db/schema';
import type { AreaPlatform } from '../../area';
import type { ProviderConfigService } from '../../settings/provider-config';
import type { ReconcileService } from '../reconcile/service';
import { billingSyncService } from './service';

/**
 * Live billing sync (issue 18): polls the configured providers while online, prefers their
 * webhooks when those arrive, and keeps one sync state per provider. Start and stop it with the core.
 */
export function createBillingSyncArea(
  platform: AreaPlatform,
  ports: {
    providers: ProviderConfigService;
    /** The webhooks area's reconciliation: each poll goes through it into the ledger. */
    reconcile: ReconcileService;
    /** The catalog's package-change hook (runs in the change's transaction, after its sync is queued). */
    onPackageChange?: (hook: (trx: Kysely<Database>) => Promise<void>) => void;
    /** The catalog's package update, for a conflict resolved with the provider's version. */
    adoptPackage?: (input: { tenantId: string; actorUserId: string | null; packageId: string; name: string; description: string | null }) => Promise<void>;
  },
) {
  const { db, clock, jobs, push, logger } = platform;
  return billingSyncService({ db, clock, jobs, push, logger, ...ports });
}
export type { BillingSyncService } from './service';
