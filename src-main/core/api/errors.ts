import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { ErrorCode } from '@shared/errors';
import { DomainError } from '../platform/errors';
import { ProviderError, providerErrorToDomain } from '../integrations/provider-error';
import { UnreadableInputError } from './input';

type TRPCCode = ConstructorParameters<typeof TRPCError>[0]['code'];

const CODE_MAP: Record<ErrorCode, TRPCCode> = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  VALIDATION: 'BAD_REQUEST',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  LIMIT_EXCEEDED: 'FORBIDDEN',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** The one place where errors become what a client sees. */
export function toTRPCError(err: unknown): TRPCError {
  if (err instanceof TRPCError) return err;
  if (err instanceof ProviderError) return toTRPCError(providerErrorToDomain(err));
  if (err instanceof DomainError) {
    return new TRPCError({ code: CODE_MAP[err.code], message: err.message, cause: err });
  }
  if (err instanceof ZodError) return new TRPCError({ code: 'BAD_REQUEST', message: err.message, cause: err });
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'something went wrong on our side; it has been logged' });
}

/**
 * tRPC's own refusal of a request it could not read (the body, `?input=`, superjson's meta, a batch)
 * as a 400 that says so; undefined when the error came from the procedure itself.
 */
export function inputRefusal(err: TRPCError): TRPCError | undefined {
  const cause = err.cause;
  if (cause instanceof UnreadableInputError) return new TRPCError({ code: 'BAD_REQUEST', message: cause.message });
  if (err.code === 'INTERNAL_SERVER_ERROR' || cause instanceof DomainError || cause instanceof ProviderError || cause instanceof ZodError) return undefined;
  if (cause instanceof SyntaxError) return new TRPCError({ code: 'BAD_REQUEST', message: `input: is not valid JSON (${cause.message})` });
  return err;
}

/** HTTP status for a domain error, for the REST routes that share the services. */
export function httpStatusOf(err: DomainError): number {
  const map: Record<ErrorCode, number> = {
    NOT_FOUND: 404,
    CONFLICT: 409,
    VALIDATION: 400,
    FORBIDDEN: 403,
    UNAUTHORIZED: 401,
    LIMIT_EXCEEDED: 403,
    PRECONDITION_FAILED: 412,
    UNAVAILABLE: 503,
  };
  return map[err.code];
}
