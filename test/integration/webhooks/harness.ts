import Stripe from 'stripe';
import type { Clock } from '../../../src-main/core/platform/clock';
import type { DomainEvent } from '../../../src-main/core/platform/events';
import { startHttpServer, type RunningServer } from '../../../src-main/core/platform/http/server';
import { signLemonSqueezy } from '../../../src-main/core/areas/webhooks/verify';
import { makeTestCore, type TestCore, type TestDialect } from '../../support/core';

export const STRIPE_SECRET = 'whsec_test_primary_0123456789abcdef';
export const LS_SECRET = 'ls_signing_secret_0123456789';

// The official SDK signs exactly as Stripe does; it needs no network for this.
const stripe = new Stripe('sk_test_unused');

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export interface Harness {
  core: TestCore;
  server: RunningServer;
  tenantId: string;
  ownerId: string;
  /** Platform events published so far (after a drain). */
  published: DomainEvent[];
  /** Signs with the SDK and POSTs over real HTTP; `body` may be a string to send verbatim. */
  postStripe(event: unknown, options?: { secret?: string; timestamp?: number; header?: string | null; body?: string }): Promise<Reply>;
  postLemonSqueezy(event: unknown, options?: { secret?: string; signature?: string | null; body?: string }): Promise<Reply>;
  post(path: string, body: string | Buffer, headers: Record<string, string>): Promise<Reply>;
  count(table: 'webhookEvents' | 'subscriptionEvents' | 'subscriptions' | 'jobs'): Promise<number>;
  dispose(): Promise<void>;
}

export async function webhookHarness(dialect: TestDialect, options: { clock?: Clock; slug?: string } = {}): Promise<Harness> {
  const core = await makeTestCore(dialect, { clock: options.clock });
  await core.services.webhooks.signingSecrets.set('stripe', [STRIPE_SECRET]);
  await core.services.webhooks.signingSecrets.set('lemonsqueezy', [LS_SECRET]);
  const ownerId = await core.services.owner.id();
  const tenant = await core.services.tenants.create({ slug: options.slug ?? 'hooks', name: 'Hooks' }, ownerId);
  const server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
  const published: DomainEvent[] = [];
  core.services.events.subscribe('*', async (e) => void published.push(e));
  const nowSeconds = () => Math.floor((options.clock ?? { nowMs: () => Date.now() }).nowMs() / 1000);

  async function post(path: string, body: string | Buffer, headers: Record<string, string>): Promise<Reply> {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', body, headers });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { raw: text };
    }
    return { status: res.status, body: parsed };
  }

  return {
    core,
    server,
    tenantId: tenant.id,
    ownerId,
    published,
    post,
    postStripe(event, o = {}) {
      const payload = o.body ?? JSON.stringify(event);
      const header = o.header === undefined
        ? stripe.webhooks.generateTestHeaderString({ payload, secret: o.secret ?? STRIPE_SECRET, timestamp: o.timestamp ?? nowSeconds() })
        : o.header;
      return post('/api/webhooks/stripe', payload, {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        ...(header === null ? {} : { 'stripe-signature': header }),
      });
    },
    postLemonSqueezy(event, o = {}) {
      const payload = o.body ?? JSON.stringify(event);
      const signature = o.signature === undefined ? signLemonSqueezy(payload, o.secret ?? LS_SECRET) : o.signature;
      const name = (event as { meta?: { event_name?: string } }).meta?.event_name ?? 'unknown';
      return post('/api/webhooks/lemonsqueezy', payload, {
        'content-type': 'application/json',
        'x-event-name': name,
        ...(signature === null ? {} : { 'x-signature': signature }),
      });
    },
    async count(table) {
      const row = await core.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async dispose() {
      await server.close();
      await core.dispose();
    },
  };
}

/** The member's subscription status and free/paid flag as the product reports them. */
export async function memberState(h: Harness, userId: string) {
  const me = await h.core.services.users.getCurrentUser(userId, h.tenantId);
  const membership = await h.core.database.db
    .selectFrom('memberships')
    .select(['subscriptionStatus', 'joinSource', 'status'])
    .where('tenantId', '=', h.tenantId)
    .where('userId', '=', userId)
    .executeTakeFirstOrThrow();
  const listed = await h.core.services.members.list(h.tenantId, { search: undefined, limit: 200 });
  const row = listed.items.find((m) => m.userId === userId);
  return { isFreeMember: me.isFreeMember, listedAsFree: row?.isFreeMember, membership };
}

export async function ledgerRows(h: Harness) {
  return h.core.database.db.selectFrom('webhookEvents').selectAll().orderBy('receivedAt').orderBy('id').execute();
}
