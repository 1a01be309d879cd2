import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TrustLevel } from '../../api/trpc';
import type { Core } from '../../create-core';
import { DomainError } from '../errors';
import type { AuthContext } from '../../areas/identity/auth';
import { sessionCookieOf } from './cookies';

/**
 * Who may call a REST route. The trust levels are the procedures' (api/trpc.ts); provider webhooks
 * are public routes authenticated by their signature, and tRPC's own routes defer to each procedure.
 */
export type RouteLevel = TrustLevel | 'signature' | 'procedures';

declare module 'fastify' {
  interface FastifyContextConfig {
    level?: RouteLevel;
    /** A consoleOwner route that a scraper may also call with the metrics token (GET /metrics). */
    orScrapeToken?: boolean;
  }
  interface FastifyRequest {
    /** The authenticated caller of a tenantAdmin/member/consoleOwner route (set before its handler). */
    caller?: AuthContext & { tenantId: string };
  }
}

/**
 * API clients send a Bearer token; browsers of a team server send their session cookie instead
 * (the header wins when both come). Neither is anonymous (null); a malformed or bad one is an error.
 */
export async function authenticateRequest(core: Core, req: FastifyRequest): Promise<AuthContext | null> {
  const header = req.headers.authorization;
  if (!header) {
    const cookie = sessionCookieOf(req);
    return cookie ? core.services.auth.authenticate(cookie) : null;
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new DomainError('UNAUTHORIZED', 'the Authorization header must be "Bearer <token>"');
  return core.services.auth.authenticate(match[1]!);
}

async function requireLevel(core: Core, req: FastifyRequest, level: 'member' | 'tenantAdmin' | 'consoleOwner'): Promise<AuthContext & { tenantId: string }> {
  const auth = await authenticateRequest(core, req);
  if (!auth) throw new DomainError('UNAUTHORIZED', 'sign in first: send an Authorization: Bearer token or a session cookie');
  if (!auth.tenantId) throw new DomainError('PRECONDITION_FAILED', 'choose a tenant first');
  if (level === 'tenantAdmin' && auth.role !== 'ADMIN') throw new DomainError('FORBIDDEN', 'this needs an ADMIN of the tenant');
  if (level === 'consoleOwner' && !auth.isConsoleOwner) throw new DomainError('FORBIDDEN', 'only the console owner may do this');
  return { ...auth, tenantId: auth.tenantId };
}

/** The caller of a route declared member level or above; its level check already ran. */
export function callerOf(req: FastifyRequest): AuthContext & { tenantId: string } {
  if (!req.caller) throw new Error(`route ${req.method} ${req.url} reads its caller but declares no signed-in level`);
  return req.caller;
}

export interface DeclaredRoute {
  method: string;
  url: string;
  level: RouteLevel | undefined;
}

/**
 * Every route declares `config: {level}`; this records the table (the trust-model test compares it
 * with its own) and checks the level before each handler. tRPC's routes carry 'procedures'.
 */
export function enforceRouteLevels(app: FastifyInstance, core: Core, scrapeToken?: string): DeclaredRoute[] {
  const table: DeclaredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const level = route.config?.level ?? (route.url.startsWith('/api/trpc') ? 'procedures' : undefined);
    if (route.url.startsWith('/api/trpc')) route.config = { ...route.config, level };
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, level });
  });
  app.addHook('preHandler', async (req) => {
    const { level, orScrapeToken } = req.routeOptions.config;
    if (orScrapeToken && scrapeToken && isScrapeToken(req.headers.authorization, scrapeToken)) return;
    if (level === 'member' || level === 'tenantAdmin' || level === 'consoleOwner') req.caller = await requireLevel(core, req, level);
  });
  return table;
}

/** `Authorization: Bearer <metrics token>`, compared in constant time. */
function isScrapeToken(header: string | undefined, expected: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
