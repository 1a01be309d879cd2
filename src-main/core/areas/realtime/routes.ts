import { callerOf } from '../../platform/http/auth';
import type { RouteModule } from '../../platform/http/routes';

/**
 * GET and POST /api/ably-auth: the seed's `authUrl`. A member (Bearer token or session cookie)
 * gets an Ably TokenRequest for their own channels only; 401 signed out, 503 with no Ably key.
 */
export const ablyAuthRoutes: RouteModule = (app, core) => {
  const handler = async (req: Parameters<typeof callerOf>[0]) => {
    const caller = callerOf(req);
    return core.services.realtime.ablyAuth.tokenRequest({ tenantId: caller.tenantId, userId: caller.userId });
  };
  app.get('/api/ably-auth', { config: { level: 'member' } }, handler);
  app.post('/api/ably-auth', { config: { level: 'member' } }, handler);
};
