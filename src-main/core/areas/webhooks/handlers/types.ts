import type { Kysely } from 'kysely';
import type { Clock } from '@core/platform/clock';
import type { Database } from '@core/platform/db/schema';
import type { BillingSession } from '../../billing/billing';

export type WebhookProvider = 'stripe' | 'lemonsqueezy';

export type TenantResolution = { ok: true; tenantId: string } | { ok: false; reason: string };

export interface ApplyContext {
  tenantId: string;
  billing: BillingSession;
  clock: Clock;
}

export type ApplyResult = { outcome: 'applied' } | { outcome: 'ignored'; reason: string };

/** What one provider's events do: which types it knows, whose tenant an event is, and its effect. */
export interface ProviderHandler {
  provider: WebhookProvider;
  handles(type: string): boolean;
  /** Which tenant the stored event belongs to (read-only). */
  resolveTenant(db: Kysely<Database>, payload: unknown): Promise<TenantResolution>;
  /** The event's effect, inside the processing transaction; must be an idempotent upsert. */
  apply(ctx: ApplyContext, payload: unknown): Promise<ApplyResult>;
}
