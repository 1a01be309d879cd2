import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Core } from '../../create-core';
import { createMigrator } from '../db/migrate';
import type { HttpMetrics } from './metrics';

/**
 * For a load balancer and a scraper: /readyz says whether this instance should get traffic
 * (database reachable, schema up to date, not shutting down); /metrics is Prometheus text for
 * the console owner or whoever holds the metrics token.
 */
export function opsRoutes(app: FastifyInstance, core: Core, deps: { metrics: HttpMetrics; draining: () => boolean }): void {
  app.get('/readyz', { config: { level: 'public' } }, async (_req, reply) => {
    if (deps.draining()) return reply.code(503).send({ ready: false, reason: 'shutting down' });
    try {
      await sql`SELECT 1`.execute(core.database.db);
      const pending = (await (await createMigrator(core.database.db)).getMigrations()).filter((m) => !m.executedAt);
      if (pending.length > 0) return reply.code(503).send({ ready: false, reason: `${pending.length} migrations not applied yet` });
    } catch (err) {
      core.logger.warn('readiness check failed', { error: String(err) });
      return reply.code(503).send({ ready: false, reason: 'the database cannot be reached' });
    }
    return { ready: true };
  });

  app.get('/metrics', { config: { level: 'consoleOwner', orScrapeToken: true } }, async (_req, reply) => {
    const queue = await core.jobs.summary();
    return reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8').send(deps.metrics.render(queue));
  });

  app.addHook('onResponse', async (req, reply) => deps.metrics.observe(req, reply));
}
