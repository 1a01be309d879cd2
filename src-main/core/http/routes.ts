import type { FastifyInstance } from 'fastify';
import type { Core } from '../create-core';

/** An area's REST routes (the seed's /public and /admin endpoints, /api/webhooks/*). */
export type RouteModule = (app: FastifyInstance, core: Core) => Promise<void> | void;

// Registered in this order by buildHttpServer; add one line per area.
export const routeModules: RouteModule[] = [];
