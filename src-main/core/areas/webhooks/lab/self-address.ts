import type { FastifyInstance } from 'fastify';
import type { Core } from '@core/create-core';

/**
 * Tells the core where its own HTTP server listens: "send to self" goes through the real endpoint
 * (parsing, signature check, ledger) exactly as a provider's delivery, and the URL policy knows
 * whether the console is reachable from the network.
 */
export function labSelfAddress(app: FastifyInstance, core: Core): void {
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (address && typeof address === 'object') core.services.webhookLab.setListenAddress(address);
  });
  app.addHook('onClose', async () => core.services.webhookLab.setListenAddress(null));
}
