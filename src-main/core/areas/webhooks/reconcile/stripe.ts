import type { Kysely } from 'kysely';
import type { Clock } from '@core/platform/clock';
import type { Database } from '@core/platform/db/schema';
import type { StripeGateway } from '@core/integrations/stripe';
import { CONSOLE_SCOPE, settingsRepository } from '@core/platform/settings-store';
import { STRIPE_HANDLED_TYPES } from '@shared/webhook-types';
import type { MissingEvent } from './ledger-writer';

/** Stripe keeps events for 30 days: nothing older can be listed. */
export const STRIPE_LOOKBACK_MS = 30 * 86_400_000;
/** Listing starts this much before the checkpoint: an event can appear in the list a little late. */
const MARGIN_MS = 10 * 60_000;
const CHECKPOINT_KEY = 'webhooks.reconcile.stripe.through';

/**
 * From when to list Stripe's events: the end of the last complete run (each run covers up to its
 * start), else the newest delivery in the ledger, minus a margin; never more than 30 days back.
 * With neither (a new console) the whole 30 days are read.
 */
export async function stripeWindowStart(db: Kysely<Database>, clock: Clock): Promise<string> {
  const floor = clock.nowMs() - STRIPE_LOOKBACK_MS;
  const checkpoint = await settingsRepository(db).get(CONSOLE_SCOPE, CHECKPOINT_KEY);
  let from = checkpoint ? Date.parse(checkpoint.value) : NaN;
  if (Number.isNaN(from)) {
    const newest = await db.selectFrom('webhookEvents').select('receivedAt').where('provider', '=', 'stripe').orderBy('receivedAt', 'desc').limit(1).executeTakeFirst();
    from = newest ? Date.parse(newest.receivedAt) : floor;
  }
  return new Date(Math.max(floor, from - MARGIN_MS)).toISOString();
}

/** A run listed everything up to `at`: the next one starts there. */
export async function saveStripeCheckpoint(db: Kysely<Database>, at: string): Promise<void> {
  await settingsRepository(db).put(CONSOLE_SCOPE, CHECKPOINT_KEY, at, false, at);
}

/** Stripe's events of the types we act on since `since`, oldest first, that the ledger lacks. */
export async function missingStripeEvents(db: Kysely<Database>, gateway: StripeGateway, since: string): Promise<MissingEvent[]> {
  const events = await gateway.listEventsSince({ createdAfter: since, types: [...STRIPE_HANDLED_TYPES] });
  const known = new Set<string>();
  const ids = events.map((e) => e.id);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('webhookEvents')
      .select('providerEventId')
      .where('provider', '=', 'stripe')
      .where('providerEventId', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) known.add(row.providerEventId);
  }
  return events
    .filter((e) => !known.has(e.id))
    .map((e) => ({ providerEventId: e.id, type: e.type, createdAt: new Date(e.created * 1000).toISOString(), body: JSON.stringify(e) }));
}
