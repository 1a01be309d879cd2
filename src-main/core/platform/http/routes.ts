import type { FastifyInstance } from 'fastify';
import type { Core } from '../../create-core';
import { packagesRoutes } from '../../areas/catalog/packages-routes';
import { webhookRoutes } from '../../areas/webhooks/routes';
import { labSelfAddress } from '../../areas/webhooks/lab/self-address';
import { ablyAuthRoutes } from '../../areas/realtime/routes';
import { campaignRoutes } from '../../areas/campaigns/routes';

/** An area's REST routes (the seed's /public and /admin endpoints, /api/webhooks/*). */
export type RouteModule = (app: FastifyInstance, core: Core) => Promise<void> | void;

// Registered in this order by buildHttpServer; add one line per area.
export const routeModules: RouteModule[] = [];
routeModules.push(packagesRoutes);
routeModules.push(webhookRoutes);
routeModules.push(labSelfAddress);
routeModules.push(ablyAuthRoutes);
routeModules.push(campaignRoutes);
