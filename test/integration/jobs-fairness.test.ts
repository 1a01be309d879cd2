import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/core';
import { ledgerRows, webhookHarness, type Harness } from './webhooks/harness';
import { checkoutSession, stripeEvent, stripeIds } from './webhooks/payloads';

// Issue 9: with one tenant's outgoing webhooks stuck on a receiver that never answers, another
// tenant's payment must still be applied at once, and its own outgoing webhook still sent.

/** Accepts every request and never answers it (until closed). */
async function silentReceiver() {
  const hanging: IncomingMessage[] = [];
  const server: Server = createServer((req) => void hanging.push(req));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}/${path}`,
    hanging: () => hanging.length,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** Answers 200 to everything, recording what it got. */
async function quickReceiver() {
  const received: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** Polls `check` until it holds or the deadline passes; answers how long it took. */
async function within(ms: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(dialects)('fair job running on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("applies one tenant's signed checkout within 5 s while another's deliveries hang on a silent receiver", async () => {
    const h: Harness = await webhookHarness(dialect, { slug: 'calm' });
    cleanups.push(() => h.dispose());
    const silent = await silentReceiver();
    const quick = await quickReceiver();
    // Closed first: the hanging deliveries then fail at once and the runner stops promptly.
    cleanups.push(() => quick.close(), () => silent.close());
    const { core } = h;
    const owner = (tenantId: string) => ({ tenantId, isConsoleOwner: true });

    // The noisy tenant: four endpoints on the silent receiver, 60 members joining: 240 deliveries.
    const noisy = await core.services.tenants.create({ slug: 'noisy', name: 'Noisy' }, h.ownerId);
    for (const path of ['a', 'b', 'c', 'd']) {
      await core.services.outgoingWebhooks.endpoints.create(owner(noisy.id), null, { url: silent.url(path), events: ['member.joined'] });
    }
    await core.database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 60; i++) {
        const userId = `user_noisy${i}`;
        await core.services.events.publish(trx, { type: 'member.joined', tenantId: noisy.id, data: { userId, email: `${userId}@example.com`, joinSource: 'free_signup', groups: [] } });
      }
    });
    // The calm tenant has its own endpoint, on a receiver that answers.
    await core.services.outgoingWebhooks.endpoints.create(owner(h.tenantId), null, { url: quick.url, events: ['subscription.created'] });

    core.jobs.start();
    const deliveries = () => core.database.db.selectFrom('webhookDeliveries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await within(15_000, 'the noisy fan-out', async () => Number((await deliveries()).n) === 240);
    await within(5_000, 'deliveries hanging on the silent receiver', async () => silent.hanging() >= 8);
    const backlog = (await core.jobs.summary()).find((s) => s.workKind === 'deliveries')!;
    expect(backlog.queued).toBeGreaterThanOrEqual(200);
    expect(backlog.inUse).toBeGreaterThanOrEqual(8);

    const now = Math.floor(Date.now() / 1000);
    const checkout = stripeEvent(
      'checkout.session.completed',
      checkoutSession({ customer: stripeIds.customer(), subscription: stripeIds.subscription(), email: 'buyer@example.com', name: 'Buyer', created: now, metadata: { tenantId: h.tenantId } }),
      { created: now },
    );
    expect((await h.postStripe(checkout)).status).toBe(200);
    await within(5_000, 'the calm tenant\'s checkout applied', async () =>
      (await ledgerRows(h)).some((r) => r.providerEventId === checkout.id && r.status === 'applied'),
    );
    // Within the deliveries kind too, the calm tenant is not queued behind the noisy backlog.
    await within(5_000, 'the calm tenant\'s subscription.created delivered', async () => quick.received.some((b) => b.includes('"subscription.created"')));
    expect((await core.jobs.summary()).find((s) => s.workKind === 'deliveries')!.queued).toBeGreaterThanOrEqual(200);
  });
});
