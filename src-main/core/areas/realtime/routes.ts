import type { FastifyRequest } from 'fastify';
import { callerOf } from '../../platform/http/auth';
import type { RouteModule } from '../../platform/http/routes';

/**
 * GET and POST /api/ably-auth: the seed's `authUrl`. A member (Bearer token or session cookie)
 * gets an Ably TokenRequest for their own channels only; 401 signed out, 503 with no Ably key.
 * Ably's SDK sends its token params as the query (GET) or a form body (POST, `authMethod: 'POST'`);
 * they are read by nobody: what the member may do is decided here, never by what the client asks.
 */
export const ablyAuthRoutes: RouteModule = async (app, core) => {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => done(null, body));
    const handler = async (req: FastifyRequest) => {
      const caller = callerOf(req);
      return core.services.realtime.ablyAuth.tokenRequest({ tenantId: caller.tenantId, userId: caller.userId, role: caller.role ?? 'MEMBER' });
    };
    scope.get('/api/ably-auth', { config: { level: 'member' } }, handler);
    scope.post('/api/ably-auth', { config: { level: 'member' } }, handler);
  });
};
