import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { exchangeSignInCodeInput } from '@shared/schemas/auth';
import type { Core } from '../../create-core';
import { DomainError } from '../errors';
import { callerOf } from './auth';
import { clearSessionCookie, isSecureRequest, sessionCookieOf, setSessionCookie } from './cookies';

const switchInput = z.strictObject({ tenantId: z.string({ error: 'is required' }).min(1, 'is required').max(100, 'is not a tenant id') });

/** Reads a JSON body with a schema; a bad one is a 400 naming the field. */
function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  throw new DomainError('VALIDATION', `${field}: ${issue?.message ?? 'is not valid'}`, { field });
}

/**
 * Browser sessions of a team server, in HttpOnly cookies: sign in with a one-time link's code,
 * switch tenant, sign out. API clients keep using Bearer tokens (tRPC auth.exchangeSignInCode).
 */
export function sessionRoutes(app: FastifyInstance, core: Core, publicUrl: string | undefined): void {
  const secure = (req: Parameters<typeof isSecureRequest>[0]) => isSecureRequest(req, publicUrl);

  app.post('/auth/session', { config: { level: 'public' } }, async (req, reply) => {
    const { code } = parse(exchangeSignInCodeInput, req.body);
    const session = await core.services.session.startBrowserSession(code, { userAgent: req.headers['user-agent'], ip: req.ip });
    setSessionCookie(reply, session.token, session.maxAgeSeconds, secure(req));
    core.logger.info('signed in', { tenantId: session.tenantId, ip: req.ip });
    return { tenantId: session.tenantId };
  });

  app.post('/auth/session/tenant', { config: { level: 'member' } }, async (req, reply) => {
    const { tenantId } = parse(switchInput, req.body);
    const old = sessionCookieOf(req);
    if (!old || req.headers.authorization) throw new DomainError('PRECONDITION_FAILED', 'only a browser session (cookie) switches this way; API clients call tenants.switch');
    const { token } = await core.services.session.tokenForTenant(callerOf(req).userId, tenantId);
    await core.services.session.recordBrowserSession(token, { userAgent: req.headers['user-agent'], ip: req.ip });
    await core.services.session.endBrowserSession(old);
    setSessionCookie(reply, token, 30 * 24 * 3600, secure(req));
    return { tenantId };
  });

  // Public: it only ever ends the caller's own cookie session, and clearing a cookie needs none.
  app.delete('/auth/session', { config: { level: 'public' } }, async (req, reply) => {
    const token = sessionCookieOf(req);
    if (token) await core.services.session.endBrowserSession(token).catch(() => undefined);
    clearSessionCookie(reply, secure(req));
    return reply.code(204).send();
  });
}
