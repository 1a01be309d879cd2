import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../../create-core';
import type { WebhookProvider } from './handlers/types';
import { LedgerUnavailable } from './service';

const BODY_LIMIT = 1024 * 1024;
const PROVIDERS: WebhookProvider[] = ['stripe', 'lemonsqueezy'];

/**
 * POST /api/webhooks/stripe and /api/webhooks/lemonsqueezy. They live in their own Fastify scope
 * whose only body parser keeps the raw bytes, since signatures are computed over exactly those
 * bytes; any content type is accepted (the signature, not the header, decides).
 */
export async function webhookRoutes(app: FastifyInstance, core: Core): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

    scope.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
      if (err.statusCode === 413) return reply.code(413).send({ error: `the body is over ${BODY_LIMIT} bytes` });
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return reply.code(err.statusCode).send({ error: err.message });
      core.logger.error('webhook request failed', { error: String(err) });
      return reply.code(500).send({ error: 'something went wrong on our side; it has been logged' });
    });

    for (const provider of PROVIDERS) {
      scope.post(`/api/webhooks/${provider}`, { config: { level: 'signature' } }, async (req: FastifyRequest, reply: FastifyReply) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        try {
          const result = await core.services.webhooks.ingest(provider, raw, req.headers);
          if (result.status === 503) reply.header('retry-after', '60');
          // Committed: the console owner's open Webhooks page shows it (no tenant is known yet).
          if (result.status === 200 && !result.body.duplicate) core.services.push.changed(null, 'webhooks');
          return reply.code(result.status).send(result.body);
        } catch (err) {
          if (!(err instanceof LedgerUnavailable)) throw err;
          // Never a 2xx without a commit: the provider keeps the event and retries it.
          core.logger.error('webhook not stored', { provider, error: String(err.cause) });
          return reply.code(503).header('retry-after', '30').send({ error: 'the event could not be stored right now; retry later' });
        }
      });
    }
  });
}
