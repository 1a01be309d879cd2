import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Core } from '../../create-core';

/** The loopback origin a server bound to this address answers on. */
export function loopbackOrigin(address: AddressInfo): string {
  const host = address.address;
  if (host === '0.0.0.0' || host === '::' || host === '') return `http://127.0.0.1:${address.port}`;
  return host.includes(':') ? `http://[${host}]:${address.port}` : `http://${host}:${address.port}`;
}

/**
 * Tells the webhook lab where the console's own HTTP server listens, so that "send to self" goes
 * through the real endpoint (parsing, signature check, ledger) exactly as a provider's delivery.
 */
export function labSelfAddress(app: FastifyInstance, core: Core): void {
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (address && typeof address === 'object') core.services.webhookLab.setSelfOrigin(loopbackOrigin(address));
  });
  app.addHook('onClose', async () => core.services.webhookLab.setSelfOrigin(null));
}
