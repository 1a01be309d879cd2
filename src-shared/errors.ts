// Codes shared by core and renderer. The core raises DomainError with one of these; one place
// (src-main/core/api/errors.ts) maps them onto tRPC/HTTP errors.
export const ERROR_CODES = [
  'NOT_FOUND',
  'CONFLICT',
  'VALIDATION',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'LIMIT_EXCEEDED',
  'PRECONDITION_FAILED',
  'UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
