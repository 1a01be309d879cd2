import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { ClientType } from '@shared/domain';
import type { Services } from '../create-core';
import { DomainError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import type { AuthContext } from '../areas/identity/auth';
import { issueFields } from '@shared/schemas/common';
import { inputRefusal, toTRPCError } from './errors';
import { apiTransformer } from './input';

export interface ApiContext {
  services: Services;
  logger: Logger;
  auth: AuthContext | null;
  clientType: ClientType;
}

const t = initTRPC.context<ApiContext>().meta<ProcedureMeta>().create({
  // superjson, with inputs read strictly (api/input.ts): a malformed meta is a 400, not a 500.
  transformer: apiTransformer,
  isDev: false, // never send stack traces to a client
  // events.stream over SSE: a ping keeps an idle stream inside the server's 30 s socket timeout,
  // and the client reconnects when it hears nothing for longer than that.
  sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 25_000 } },
  errorFormatter({ shape, error }) {
    const fieldErrors = error.cause instanceof ZodError ? zodFieldErrors(error.cause) : undefined;
    const field = (error.cause as { details?: { field?: string } } | undefined)?.details?.field;
    // A refused use says what it was refused against, so an app can show "7 of 7 used, resets …".
    const exceeded = error.cause instanceof DomainError && error.cause.code === 'LIMIT_EXCEEDED' ? error.cause.details : undefined;
    return {
      ...shape,
      message: fieldErrors ? Object.entries(fieldErrors).map(([f, m]) => `${f}: ${m}`).join('; ') : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        ...(fieldErrors && { fieldErrors }),
        ...(field && { field }),
        ...(exceeded && { reason: 'LIMIT_EXCEEDED', limit: exceeded.limit, used: exceeded.used, max: exceeded.max, resetsAt: exceeded.resetsAt, overLimitSince: exceeded.overLimitSince }),
      },
    };
  },
});

/** Field → first message; an unknown key (inputs are strict) is named as the field itself. */
function zodFieldErrors(err: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of issueFields(err.issues, 'input')) out[key] ??= message;
  return out;
}

// Every domain error becomes a tRPC error with a code and a human message; a request tRPC could
// not read (body, input, superjson meta) is a 400 saying so; anything else is logged here and
// reaches the client as a plain "internal error" with no SQL or stack in it.
const errorMapping = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (result.ok) return result;
  // Input validation errors keep their zod cause so the formatter can name the fields.
  if (result.error.cause instanceof ZodError) return result;
  const refusal = inputRefusal(result.error);
  if (refusal) throw refusal;
  const mapped = toTRPCError(result.error.cause ?? result.error);
  if (mapped.code === 'INTERNAL_SERVER_ERROR') {
    ctx.logger.error('procedure failed', { path, error: String(result.error.cause ?? result.error) });
  }
  throw mapped;
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/**
 * The trust model (README, "Security"): every procedure is built from exactly one of the four
 * builders below, which declares who may call it. The level is also recorded in the procedure's
 * meta, so a test can walk the whole router and compare each entry with the table it holds.
 *
 * - consoleOwner: the person who runs this console; provider keys, signing secrets, forwarding,
 *   reconciliation, tenants, anything console-wide, global erasure.
 * - tenantAdmin: an ADMIN of the tenant the call names; their tenant only.
 * - member: anyone signed in; their own data and the member-facing procedures.
 * - public: no sign-in (public package lists, invite acceptance by token).
 */
export type TrustLevel = 'consoleOwner' | 'tenantAdmin' | 'member' | 'public';
export interface ProcedureMeta {
  level: TrustLevel;
}

const base = t.procedure.use(errorMapping);

export const publicProcedure = base.meta({ level: 'public' });

const signedIn = base.use(({ ctx, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first: send an Authorization: Bearer token' });
  return next({ ctx: { ...ctx, auth: ctx.auth } });
});

/** Signed in, with or without a tenant (listing and switching one's own tenants). */
export const signedInProcedure = signedIn.meta({ level: 'member' });

/** Signed in to a tenant, as any role: acts on the caller's own data in that tenant. */
export const memberProcedure = signedIn
  .use(({ ctx, next }) => {
    const { tenantId, role } = ctx.auth;
    if (!tenantId || !role) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'choose a tenant first' });
    return next({ ctx: { ...ctx, tenant: { id: tenantId, role } } });
  })
  .meta({ level: 'member' });

/** An ADMIN of the caller's current tenant; everything it touches is scoped to that tenant. */
export const tenantAdminProcedure = memberProcedure
  .use(({ ctx, next }) => {
    if (ctx.tenant.role !== 'ADMIN') throw new TRPCError({ code: 'FORBIDDEN', message: 'this needs an ADMIN of the tenant' });
    return next();
  })
  .meta({ level: 'tenantAdmin' });

/** The console owner only: console-wide data, secrets and actions. A tenant may or may not be chosen. */
export const consoleOwnerProcedure = signedIn
  .use(({ ctx, next }) => {
    if (!ctx.auth.isConsoleOwner) throw new TRPCError({ code: 'FORBIDDEN', message: 'only the console owner may do this' });
    return next();
  })
  .meta({ level: 'consoleOwner' });

/** The console owner, inside a chosen tenant (owner-only actions that still act on one tenant). */
export const consoleOwnerInTenantProcedure = memberProcedure
  .use(({ ctx, next }) => {
    if (!ctx.auth.isConsoleOwner) throw new TRPCError({ code: 'FORBIDDEN', message: 'only the console owner may do this' });
    return next();
  })
  .meta({ level: 'consoleOwner' });

/**
 * Whom a member-level call acts for: an ADMIN may name any member of the tenant (or none); anyone
 * else acts only for themselves.
 */
export function actingFor(ctx: { tenant: { role: string }; auth: { userId: string } }, requested: string | undefined): string | undefined {
  if (ctx.tenant.role === 'ADMIN') return requested;
  if (requested && requested !== ctx.auth.userId) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'userId: a member can only act for themselves' });
  }
  return ctx.auth.userId;
}
