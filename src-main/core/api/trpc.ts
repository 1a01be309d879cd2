import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { ClientType } from '../../../src-shared/domain';
import type { Services } from '../create-core';
import type { Logger } from '../logger';
import type { AuthContext } from '../services/auth';
import { toTRPCError } from './errors';

export interface ApiContext {
  services: Services;
  logger: Logger;
  auth: AuthContext | null;
  clientType: ClientType;
}

const t = initTRPC.context<ApiContext>().create({
  transformer: superjson,
  isDev: false, // never send stack traces to a client
  errorFormatter({ shape, error }) {
    const fieldErrors = error.cause instanceof ZodError ? zodFieldErrors(error.cause) : undefined;
    const field = (error.cause as { details?: { field?: string } } | undefined)?.details?.field;
    return {
      ...shape,
      message: fieldErrors ? Object.entries(fieldErrors).map(([f, m]) => `${f}: ${m}`).join('; ') : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        ...(fieldErrors && { fieldErrors }),
        ...(field && { field }),
      },
    };
  },
});

function zodFieldErrors(err: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = issue.path.join('.') || 'input';
    out[key] ??= issue.message;
  }
  return out;
}

// Every domain error becomes a tRPC error with a code and a human message; anything else is
// logged here and reaches the client as a plain "internal error" with no SQL or stack in it.
const errorMapping = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause ?? result.error);
    if (mapped.code === 'INTERNAL_SERVER_ERROR') {
      ctx.logger.error('procedure failed', { path, error: String(result.error.cause ?? result.error) });
    }
    // Input validation errors keep their zod cause so the formatter can name the fields.
    if (result.error.cause instanceof ZodError) return result;
    throw mapped;
  }
  return result;
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first: send an Authorization: Bearer token' });
  return next({ ctx: { ...ctx, auth: ctx.auth } });
});

/** A procedure that acts inside the caller's current tenant. */
export const tenantProcedure = authedProcedure.use(({ ctx, next }) => {
  const { tenantId, role } = ctx.auth;
  if (!tenantId || !role) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'choose a tenant first' });
  return next({ ctx: { ...ctx, tenant: { id: tenantId, role } } });
});

export const adminProcedure = tenantProcedure.use(({ ctx, next }) => {
  if (ctx.tenant.role !== 'ADMIN') throw new TRPCError({ code: 'FORBIDDEN', message: 'this needs an ADMIN of the tenant' });
  return next();
});
