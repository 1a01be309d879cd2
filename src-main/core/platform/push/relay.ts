import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PushMessage } from '@shared/push';
import type { Logger } from '../logger';

/** A change one process saw, for the windows connected to the others. */
export interface RelayedChange {
  tenantId: string | null;
  message: PushMessage;
}

export interface PushRelay {
  /** Tells the other processes; never throws (a lost relay costs a window a stale view, not the change). */
  publish(change: RelayedChange): void;
  close(): Promise<void>;
}

/** NOTIFY payloads must stay under 8,000 bytes; ours are a few hundred. */
const MAX_PAYLOAD = 7_900;

/** One channel per schema: consoles sharing a PostgreSQL server but not a schema don't hear each other. */
export function pushChannelFor(schema: string | undefined): string {
  return `tc_push_${createHash('sha256').update(schema ?? 'public').digest('hex').slice(0, 16)}`;
}

/**
 * Push across several `serve` processes on one PostgreSQL (a team behind a load balancer): each
 * process LISTENs on the schema's channel over one dedicated connection and NOTIFYs what changed,
 * so a window connected to one process hears of a webhook another process applied. Messages carry
 * the sender's id, so a process never delivers its own twice. The connection is re-opened after a
 * drop; what was said while it was down is lost, which costs a window a refetch on its next
 * message, never a change (the data itself is in the database).
 */
export async function createPgPushRelay(options: {
  databaseUrl: string;
  schema?: string;
  logger: Logger;
  deliver: (change: RelayedChange) => void;
  retryMs?: number;
}): Promise<PushRelay> {
  const origin = randomUUID();
  const channel = pushChannelFor(options.schema);
  const retryMs = options.retryMs ?? 2_000;
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let sending: Promise<void> = Promise.resolve();

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: options.databaseUrl });
    next.on('notification', (n) => {
      if (n.channel !== channel || !n.payload) return;
      try {
        const { from, tenantId, message } = JSON.parse(n.payload) as { from: string } & RelayedChange;
        if (from !== origin) options.deliver({ tenantId, message });
      } catch (err) {
        options.logger.warn('push relay: unreadable notification', { error: String(err) });
      }
    });
    next.on('error', (err) => {
      options.logger.warn('push relay connection lost; reconnecting', { error: String(err) });
      if (client === next) client = null;
      next.end().catch(() => {});
      scheduleReconnect();
    });
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    if (closed) {
      await next.end();
      return;
    }
    client = next;
  }

  function scheduleReconnect() {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((err: unknown) => {
        options.logger.warn('push relay could not reconnect', { error: String(err) });
        scheduleReconnect();
      });
    }, retryMs);
    retry.unref();
  }

  await connect();

  return {
    publish(change) {
      const payload = JSON.stringify({ from: origin, ...change });
      const c = client;
      if (!c || payload.length > MAX_PAYLOAD) return;
      // One statement at a time on the one connection (pg warns about queries issued meanwhile).
      sending = sending
        .then(() => c.query('SELECT pg_notify($1, $2)', [channel, payload]))
        .then(
          () => undefined,
          (err: unknown) => options.logger.warn('push relay: notify failed', { error: String(err) }),
        );
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = null;
      await sending;
      await c?.end().catch(() => {});
    },
  };
}
