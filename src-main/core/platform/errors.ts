import type { ErrorCode } from '@shared/errors';

/**
 * An error the owner can act on: a code for programs and a message for people. `field` names the
 * input at fault when there is one. Raised by services; mapped to tRPC/HTTP in one place.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { field?: string; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string) => new DomainError('NOT_FOUND', `${what} ${id} was not found`);
export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);
export const conflict = (message: string, field?: string) => new DomainError('CONFLICT', message, { field });
export const invalid = (field: string, reason: string) =>
  new DomainError('VALIDATION', `${field}: ${reason}`, { field });
