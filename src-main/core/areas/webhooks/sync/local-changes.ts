import type { Kysely } from 'kysely';
import type { LocalChange } from '@shared/schemas/billing-sync';
import type { Clock } from '@core/platform/clock';
import type { Database } from '@core/platform/db/schema';
import type { StripeGateway } from '@core/integrations/stripe';
import type { HeldConflict } from './store';

/**
 * Provider writes made here and carried out by the outbox (catalog-sync.ts): a package's sync to
 * Stripe, and archiving a deleted package's product. While Stripe cannot be reached they are held
 * (their run time set far ahead) so that none goes out before the console has looked at what
 * Stripe holds now; when it is back they are released oldest first, except one whose product was
 * changed at Stripe since the edit was made: that one stays held, as a conflict for the owner.
 */
export const PROVIDER_WRITE_JOBS = ['catalog.sync', 'catalog.archive-deleted'] as const;
/** The run time of a held job: never due until released. */
export const HELD_UNTIL = '9999-01-01T00:00:00.000Z';

const KIND_OF: Record<string, LocalChange['kind']> = { 'catalog.sync': 'package_sync', 'catalog.archive-deleted': 'package_archive' };

interface WriteJob {
  id: string;
  kind: string;
  payload: string;
  status: string;
  attempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  tenantKey: string;
}

function packageIdOf(job: WriteJob): string {
  try {
    return String((JSON.parse(job.payload) as { packageId?: unknown }).packageId ?? '');
  } catch {
    return '';
  }
}

export function localChanges(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;

  /** Unfinished provider writes (and those given up), oldest first; one tenant's, or all. */
  async function jobs(tenantId: string | null, statuses: ('pending' | 'running' | 'failed')[] = ['pending', 'running']): Promise<WriteJob[]> {
    let q = db
      .selectFrom('jobs')
      .select(['id', 'kind', 'payload', 'status', 'attempts', 'runAt', 'lastError', 'createdAt', 'tenantKey'])
      .where('kind', 'in', [...PROVIDER_WRITE_JOBS])
      .where('status', 'in', statuses);
    if (tenantId !== null) q = q.where('tenantKey', '=', tenantId);
    return q.orderBy('createdAt').orderBy('id').execute();
  }

  return {
    /** How many are waiting to go out: console-wide, or one tenant's. */
    async countWaiting(tenantId: string | null = null): Promise<number> {
      let q = db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('kind', 'in', [...PROVIDER_WRITE_JOBS])
        .where('status', 'in', ['pending', 'running']);
      if (tenantId !== null) q = q.where('tenantKey', '=', tenantId);
      const row = await q.executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** webhooks.sync.localChanges: this tenant's writes with their state, oldest first. */
    async list(tenantId: string, conflicts: HeldConflict[]): Promise<LocalChange[]> {
      const rows = await jobs(tenantId, ['pending', 'running', 'failed']);
      // Failed ones only while they are recent enough to matter (a day).
      const dayAgo = new Date(clock.nowMs() - 86_400_000).toISOString();
      const shown = rows.filter((r) => r.status !== 'failed' || r.createdAt >= dayAgo);
      const ids = [...new Set(shown.map(packageIdOf).filter(Boolean))];
      const names = new Map<string, string>();
      if (ids.length > 0) {
        for (const p of await db.selectFrom('packages').select(['id', 'name']).where('id', 'in', ids).execute()) names.set(p.id, p.name);
      }
      const held = new Map(conflicts.map((c) => [c.jobId, c]));
      return shown.map((r): LocalChange => {
        const packageId = packageIdOf(r);
        const name = names.get(packageId) ?? null;
        const conflict = held.get(r.id);
        const kind = KIND_OF[r.kind] ?? 'package_sync';
        return {
          id: r.id,
          kind,
          provider: 'stripe',
          packageId,
          packageName: name,
          state: conflict ? 'conflict' : r.status === 'failed' ? 'failed' : r.attempts > 0 && r.lastError ? 'retrying' : 'waiting',
          summary: kind === 'package_archive' ? `Archive the deleted package's product at Stripe` : `Send ${name ? `"${name}"` : 'the package'} as edited here to Stripe`,
          lastError: r.lastError,
          createdAt: r.createdAt,
          conflict: conflict ? { theirs: conflict.theirs, changedAt: conflict.changedAt } : null,
        };
      });
    },

    /** While the provider cannot be reached: nothing goes out until it was looked at again. */
    async hold(): Promise<number> {
      const result = await db
        .updateTable('jobs')
        .set({ runAt: HELD_UNTIL, updatedAt: clock.nowIso() })
        .where('kind', 'in', [...PROVIDER_WRITE_JOBS])
        .where('status', '=', 'pending')
        .where('runAt', '<', HELD_UNTIL)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /**
     * Back online: each held write goes out, oldest first (its run time becomes its creation
     * time, and the runner takes the oldest due first), unless Stripe changed the same product
     * since the edit was made (a `product.updated` Stripe did not get from us): then it stays held
     * and is returned as a conflict. Returns the conflicts found now.
     */
    async release(stripe: StripeGateway | null, known: HeldConflict[]): Promise<{ released: number; conflicts: HeldConflict[] }> {
      const held = (await jobs(null, ['pending'])).filter((j) => j.runAt === HELD_UNTIL && !known.some((c) => c.jobId === j.id));
      if (held.length === 0) return { released: 0, conflicts: [] };
      const conflicts: HeldConflict[] = [];
      const syncs = held.filter((j) => j.kind === 'catalog.sync');
      if (stripe && syncs.length > 0) {
        const pkgs = await db
          .selectFrom('packages')
          .select(['id', 'tenantId', 'stripeProductId'])
          .where('id', 'in', syncs.map(packageIdOf))
          .execute();
        const byProduct = new Map(pkgs.filter((p) => p.stripeProductId).map((p) => [p.stripeProductId!, p]));
        if (byProduct.size > 0) {
          const oldest = syncs[0]!.createdAt;
          const events = await stripe.listEventsSince({ createdAfter: oldest, types: ['product.updated'] });
          for (const job of syncs) {
            const pkg = pkgs.find((p) => p.id === packageIdOf(job));
            if (!pkg?.stripeProductId) continue;
            // Newest change to this product made at Stripe (not by our own requests) after the edit.
            const theirs = events
              .filter((e) => {
                const product = e.data.object as { id?: string };
                const key = e.request?.idempotency_key ?? '';
                return product.id === pkg.stripeProductId && !key.startsWith('tc:') && e.created * 1000 >= Date.parse(job.createdAt) - 1000;
              })
              .at(-1);
            if (!theirs) continue;
            const p = theirs.data.object as { name?: string; description?: string | null; active?: boolean };
            conflicts.push({
              jobId: job.id,
              tenantId: pkg.tenantId,
              packageId: pkg.id,
              theirs: { name: p.name ?? '', description: p.description ?? null, active: p.active ?? true },
              changedAt: new Date(theirs.created * 1000).toISOString(),
            });
          }
        }
      }
      let released = 0;
      for (const job of held) {
        if (conflicts.some((c) => c.jobId === job.id)) continue;
        const done = await db
          .updateTable('jobs')
          .set({ runAt: job.createdAt, updatedAt: clock.nowIso() })
          .where('id', '=', job.id)
          .where('status', '=', 'pending')
          .where('runAt', '=', HELD_UNTIL)
          .executeTakeFirst();
        released += Number(done.numUpdatedRows);
      }
      return { released, conflicts };
    },

    /** Sends a held write now (the owner keeps their version). */
    async sendNow(jobId: string): Promise<boolean> {
      const done = await db
        .updateTable('jobs')
        .set({ runAt: clock.nowIso(), updatedAt: clock.nowIso() })
        .where('id', '=', jobId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(done.numUpdatedRows) === 1;
    },

    /** Drops a held write (the owner takes the provider's version). */
    async drop(jobId: string): Promise<boolean> {
      const done = await db
        .updateTable('jobs')
        .set({ status: 'done', lastError: 'dropped: the owner kept what the provider holds', updatedAt: clock.nowIso() })
        .where('id', '=', jobId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(done.numUpdatedRows) === 1;
    },

    async find(jobId: string): Promise<WriteJob | undefined> {
      return db
        .selectFrom('jobs')
        .select(['id', 'kind', 'payload', 'status', 'attempts', 'runAt', 'lastError', 'createdAt', 'tenantKey'])
        .where('id', '=', jobId)
        .where('kind', 'in', [...PROVIDER_WRITE_JOBS])
        .executeTakeFirst();
    },

    packageIdOf,
  };
}
export type LocalChanges = ReturnType<typeof localChanges>;
