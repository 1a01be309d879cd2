import type { FastifyInstance } from 'fastify';
import type { Core } from '../../create-core';
import { createHttpMetrics } from './metrics';
import { opsRoutes } from './ops-routes';
import { registerRateLimits } from './rate-limits';
import { sessionRoutes } from './session-routes';

export interface TeamServerOptions {
  /** Where people reach the console (`https://console.example.com`): links, cookies' Secure. */
  publicUrl?: string;
  /** The bearer token a Prometheus scraper may send to GET /metrics. */
  metricsToken?: string;
  /** True once a shutdown began: /readyz answers 503 so the balancer moves traffic away. */
  draining: () => boolean;
}

/** What a team server adds: cookie sessions, rate limits on public endpoints, readiness and metrics. */
export async function registerTeamServer(app: FastifyInstance, core: Core, options: TeamServerOptions): Promise<void> {
  await registerRateLimits(app);
  sessionRoutes(app, core, options.publicUrl);
  opsRoutes(app, core, { metrics: createHttpMetrics(), draining: options.draining });
}
