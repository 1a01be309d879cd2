import type { FastifyRequest } from 'fastify';
import type { Core } from '../create-core';
import { DomainError } from '../errors';
import type { AuthContext } from '../services/auth';

/** A missing Authorization header is anonymous (null); a malformed or bad one is an error. */
export async function authenticateRequest(core: Core, req: FastifyRequest): Promise<AuthContext | null> {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new DomainError('UNAUTHORIZED', 'the Authorization header must be "Bearer <token>"');
  return core.services.auth.authenticate(match[1]!);
}

/** For REST routes: the caller must be signed in to a tenant, as an ADMIN when `admin` is set. */
export async function requireTenantAuth(
  core: Core,
  req: FastifyRequest,
  { admin }: { admin: boolean },
): Promise<AuthContext & { tenantId: string }> {
  const auth = await authenticateRequest(core, req);
  if (!auth) throw new DomainError('UNAUTHORIZED', 'sign in first: send an Authorization: Bearer token');
  if (!auth.tenantId) throw new DomainError('PRECONDITION_FAILED', 'choose a tenant first');
  if (admin && auth.role !== 'ADMIN') throw new DomainError('FORBIDDEN', 'this needs an ADMIN of the tenant');
  return { ...auth, tenantId: auth.tenantId };
}
