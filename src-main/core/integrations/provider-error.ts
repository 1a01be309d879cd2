import { DomainError } from '../platform/errors';

export type ProviderName = 'stripe' | 'lemonsqueezy';

const PROVIDER_LABEL: Record<ProviderName, string> = { stripe: 'Stripe', lemonsqueezy: 'Lemon Squeezy' };

/**
 * A payment provider refused or could not be reached. `retryable` tells the outbox whether trying
 * the same request again later can succeed: network failures, timeouts, 409 (a concurrent request
 * holds the idempotency key), 429 and 5xx can; other 4xx cannot until something changes.
 */
export class ProviderError extends Error {
  readonly provider: ProviderName;
  /** HTTP status, when the provider answered at all. */
  readonly status?: number;
  /** The provider's error code (`resource_missing`, `rate_limit`, …), when it gave one. */
  readonly code?: string;
  /** The request parameter at fault, when the provider named one. */
  readonly param?: string;
  readonly retryable: boolean;
  /** The provider's request id, for a support ticket. */
  readonly requestId?: string;
  /** How long the provider asked us to wait (its `Retry-After`), when it said. */
  readonly retryAfterMs?: number;

  constructor(fields: {
    provider: ProviderName;
    message: string;
    status?: number;
    code?: string;
    param?: string;
    retryable: boolean;
    requestId?: string;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(fields.message, { cause: fields.cause });
    this.name = 'ProviderError';
    this.provider = fields.provider;
    this.status = fields.status;
    this.code = fields.code;
    this.param = fields.param;
    this.retryable = fields.retryable;
    this.requestId = fields.requestId;
    this.retryAfterMs = fields.retryAfterMs;
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 409 || status === 429 || status >= 500;
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from `nowMs`; undefined when absent or unreadable. */
export function retryAfterMsOf(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export const providerLabel = (provider: ProviderName) => PROVIDER_LABEL[provider];

/**
 * For a request the owner made and is waiting on (opening a checkout, say): a transient failure
 * becomes UNAVAILABLE ("try again"), a refusal becomes PRECONDITION_FAILED with the provider's
 * own words, which usually say what to fix.
 */
export function providerErrorToDomain(err: ProviderError): DomainError {
  const label = providerLabel(err.provider);
  if (err.retryable) {
    return new DomainError('UNAVAILABLE', `${label} is not reachable right now; try again in a moment`, { provider: err.provider });
  }
  return new DomainError('PRECONDITION_FAILED', err.message, { provider: err.provider, field: err.param, providerCode: err.code });
}
