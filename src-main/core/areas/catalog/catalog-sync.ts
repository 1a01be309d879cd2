import type { Kysely } from 'kysely';
import type { AdminPackage, PackageRecord } from '@shared/schemas/packages';
import type { SyncState } from '@shared/schemas/billing';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { backoffMs, PermanentFailure, RetryLater } from '../../platform/jobs/backoff';
import { enqueueJob } from '../../platform/jobs/queue';
import type { JobRunner } from '../../platform/jobs/runner';
import { ProviderError } from '../../integrations/provider-error';
import { auditRepository } from '../../platform/audit';
import { readCatalogPackage, salePriceId, syncPackageToStripe, type CatalogPackage } from './catalog-sync-stripe';
import type { PackageChange, PackageService } from './packages';
import { notConfigured, type ProviderConfigService } from '../settings/provider-config';

/**
 * Stripe catalog sync through the outbox. Every package change that Stripe should know about
 * queues a `catalog.sync` job in the change's own transaction and marks the package `pending`;
 * the job makes Stripe match the package (catalog-sync-stripe.ts) and records `synced`, or
 * `failed` with Stripe's message when Stripe refuses. While Stripe cannot be reached the package
 * stays `pending` and the job retries with backoff, for days (an offline desktop), so an edit is
 * never lost. Without a Stripe key packages are `local` and nothing is queued.
 */
export const CATALOG_SYNC_JOB = 'catalog.sync';
export const CATALOG_ARCHIVE_DELETED_JOB = 'catalog.archive-deleted';
/** With backoff capped at an hour, about eight days of retries. */
export const CATALOG_SYNC_MAX_ATTEMPTS = 200;

/** Fields Stripe's product or prices are made from: other edits (limits, features) leave Stripe alone. */
const STRIPE_FIELDS = ['name', 'description', 'priceMinor', 'interval', 'currency', 'isActive', 'archivedAt', 'salePriceMinor', 'saleStartsAt', 'saleEndsAt'] as const;

function stripeFieldsChanged(before: PackageRecord, after: PackageRecord): boolean {
  return STRIPE_FIELDS.some((f) => before[f] !== after[f]);
}

export interface StripeLink {
  productId: string;
  priceId: string | null;
}

export function catalogSyncService(deps: {
  db: Kysely<Database>;
  clock: Clock;
  jobs: JobRunner;
  packages: PackageService;
  providers: ProviderConfigService;
}) {
  const { db, clock, providers } = deps;
  /** Links an import asks for, applied when the package it creates is inserted (same transaction). */
  const linksOnCreate = new Map<string, StripeLink>();
  const linkKey = (tenantId: string, name: string) => `${tenantId}\u0000${name.trim().toLowerCase()}`;

  const setState = (trx: Kysely<Database>, packageId: string, state: SyncState, error: string | null) =>
    trx.updateTable('packages').set({ syncState: state, syncError: error }).where('id', '=', packageId).execute();

  /**
   * One pending sync job per package: edits made while one waits collapse into it (the job reads
   * the package when it runs). The queue keeps a dedupe key for good once used, so each job's key
   * is the package's plus a generation; a job already running does not absorb a later edit.
   */
  async function queueSync(trx: Kysely<Database>, tenantId: string, packageId: string): Promise<void> {
    const waiting = await trx
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', CATALOG_SYNC_JOB)
      .where('status', '=', 'pending')
      .where('dedupeKey', 'like', `${CATALOG_SYNC_JOB}:${packageId}:%`)
      .executeTakeFirst();
    if (waiting) return;
    await enqueueJob(trx, clock, {
      kind: CATALOG_SYNC_JOB,
      payload: { tenantId, packageId },
      dedupeKey: `${CATALOG_SYNC_JOB}:${packageId}:${newId('job')}`,
      maxAttempts: CATALOG_SYNC_MAX_ATTEMPTS,
    });
  }

  async function onPackageChange(trx: Kysely<Database>, change: PackageChange): Promise<void> {
    const configured = await providers.stripeConfigured(trx);
    if (change.kind === 'deleted') {
      const id = change.before!.id;
      if (configured) {
        await enqueueJob(trx, clock, {
          kind: CATALOG_ARCHIVE_DELETED_JOB,
          payload: { tenantId: change.tenantId, packageId: id },
          dedupeKey: `${CATALOG_ARCHIVE_DELETED_JOB}:${id}`,
          maxAttempts: CATALOG_SYNC_MAX_ATTEMPTS,
        });
      }
      return;
    }
    const after = change.after!;
    const link = change.kind === 'created' ? linksOnCreate.get(linkKey(change.tenantId, after.name)) : undefined;
    if (link) {
      await trx.updateTable('packages').set({ stripeProductId: link.productId, stripePriceId: link.priceId }).where('id', '=', after.id).execute();
    }
    let next: SyncState | null = null;
    if (!configured) next = after.syncState === 'local' ? null : 'local';
    else if (change.kind !== 'updated' || after.syncState !== 'synced' || stripeFieldsChanged(change.before!, after)) next = 'pending';
    if (next === null) return;
    await setState(trx, after.id, next, null);
    if (next === 'pending') await queueSync(trx, change.tenantId, after.id);
    // The package service answers with this record: let it show the state just set.
    after.syncState = next;
    after.syncError = null;
  }

  async function onStripeKeyChange(trx: Kysely<Database>, { configured }: { configured: boolean }): Promise<void> {
    if (!configured) {
      // Nothing can sync now; what was synced stays as Stripe has it.
      await trx.updateTable('packages').set({ syncState: 'local', syncError: null }).where('syncState', '!=', 'synced').execute();
      return;
    }
    // A new key (first one, or another account): every package is made true in that account.
    const rows = await trx.selectFrom('packages').select(['id', 'tenantId', 'archivedAt', 'stripeProductId']).execute();
    for (const row of rows) {
      if (row.archivedAt && !row.stripeProductId) continue;
      await setState(trx, row.id, 'pending', null);
      await queueSync(trx, row.tenantId, row.id);
    }
  }

  /** Records the outcome unless the package was edited meanwhile (then a newer job decides). */
  async function finish(pkg: CatalogPackage, set: { syncState: SyncState; syncError: string | null }): Promise<void> {
    await db.updateTable('packages').set(set).where('id', '=', pkg.id).where('updatedAt', '=', pkg.updatedAt).execute();
  }

  async function runSync(payload: unknown, job: { id: string; attempts: number }): Promise<void> {
    const { packageId } = payload as { tenantId: string; packageId: string };
    const pkg = await readCatalogPackage(db, packageId);
    if (!pkg) return; // deleted for good: its own job archives the product
    const stripe = await providers.stripe();
    if (!stripe) {
      await finish(pkg, { syncState: 'local', syncError: null });
      return;
    }
    try {
      const result = await syncPackageToStripe(stripe, pkg, {
        version: `${Date.parse(pkg.updatedAt)}.${job.id}.${job.attempts}`,
        nowIso: clock.nowIso(),
        async recordProductId(productId) {
          const done = await db.updateTable('packages').set({ stripeProductId: productId }).where('id', '=', pkg.id).executeTakeFirst();
          return Number(done.numUpdatedRows) === 1;
        },
      });
      if (result.orphaned) return;
      await db.updateTable('packages').set({ stripeProductId: result.productId, stripePriceId: result.priceId }).where('id', '=', pkg.id).execute();
      await finish(pkg, { syncState: 'synced', syncError: null });
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (err.retryable && job.attempts < CATALOG_SYNC_MAX_ATTEMPTS) {
        // Still pending; the message says why it is taking long.
        await finish(pkg, { syncState: 'pending', syncError: err.message });
        throw new RetryLater(backoffMs(job.attempts), err.message);
      }
      await finish(pkg, { syncState: 'failed', syncError: err.message });
      throw new PermanentFailure(err.message);
    }
  }

  async function runArchiveDeleted(payload: unknown, job: { id: string; attempts: number }): Promise<void> {
    const { packageId } = payload as { tenantId: string; packageId: string };
    const stripe = await providers.stripe();
    if (!stripe) return;
    try {
      const products = (await stripe.listProducts({ active: true })).filter((p) => p.metadata.packageId === packageId);
      for (const p of products) {
        await stripe.updateProduct({ productId: p.id, active: false, idempotencyKey: `tc:${packageId}:deleted.${job.id}.${job.attempts}:${p.id}` });
      }
    } catch (err) {
      if (err instanceof ProviderError && err.retryable && job.attempts < CATALOG_SYNC_MAX_ATTEMPTS) throw new RetryLater(backoffMs(job.attempts), err.message);
      if (err instanceof ProviderError) throw new PermanentFailure(err.message);
      throw err;
    }
  }

  deps.packages.onChange(onPackageChange);
  providers.onStripeKeyChange(onStripeKeyChange);
  deps.jobs.register(CATALOG_SYNC_JOB, runSync);
  deps.jobs.register(CATALOG_ARCHIVE_DELETED_JOB, runArchiveDeleted);

  return {
    /** packages.retrySync: queues the package's sync again (after a failure, or to force one). */
    async retry(tenantId: string, actorUserId: string | null, packageId: string): Promise<AdminPackage> {
      const pkg = await readCatalogPackage(db, packageId);
      if (!pkg || pkg.tenantId !== tenantId) throw new DomainError('NOT_FOUND', `no package with id ${packageId} in this tenant`, { field: 'id' });
      if (!(await providers.stripeConfigured())) throw notConfigured('stripeSecretKey', 'Stripe');
      await db.transaction().execute(async (trx) => {
        await setState(trx, packageId, 'pending', null);
        await queueSync(trx, tenantId, packageId);
        await auditRepository(trx).record({
          tenantId,
          actorUserId,
          action: 'package.sync_retried',
          targetType: 'package',
          targetId: packageId,
          before: { syncState: pkg.syncState },
          at: clock.nowIso(),
        });
      });
      deps.jobs.poke();
      return deps.packages.get(tenantId, packageId);
    },

    /** The Stripe price a checkout for the sale amount uses (made now if sync has not made it). */
    salePriceId,

    /**
     * Runs `create` (which creates a package named `name`) so that the new package starts
     * linked to an existing Stripe product and price, in the creating transaction.
     */
    async createLinked<T>(tenantId: string, name: string, link: StripeLink, create: () => Promise<T>): Promise<T> {
      const key = linkKey(tenantId, name);
      if (linksOnCreate.has(key)) throw new DomainError('CONFLICT', `name: "${name}" is being imported already`, { field: 'name' });
      linksOnCreate.set(key, link);
      try {
        return await create();
      } finally {
        linksOnCreate.delete(key);
      }
    },

    /** Links an existing package that has no Stripe product yet, and queues its sync. */
    async linkExisting(tenantId: string, actorUserId: string | null, packageId: string, link: StripeLink): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('packages')
          .set({ stripeProductId: link.productId, stripePriceId: link.priceId, syncState: 'pending', syncError: null })
          .where('id', '=', packageId)
          .where('tenantId', '=', tenantId)
          .where('stripeProductId', 'is', null)
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', 'the package was linked to a Stripe product meanwhile', { field: 'packageId' });
        await queueSync(trx, tenantId, packageId);
        await auditRepository(trx).record({
          tenantId,
          actorUserId,
          action: 'package.stripe_linked',
          targetType: 'package',
          targetId: packageId,
          after: link,
          at: clock.nowIso(),
        });
      });
    },
  };
}
export type CatalogSyncService = ReturnType<typeof catalogSyncService>;
