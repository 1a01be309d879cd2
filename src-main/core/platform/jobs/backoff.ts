/**
 * Delay before retry number `attempt` (1-based): exponential from `baseMs`, capped at `maxMs`,
 * with ±20% jitter so that many failed jobs do not retry in lockstep.
 */
export function backoffMs(attempt: number, baseMs = 2_000, maxMs = 3_600_000, random = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** Thrown by a job handler to say exactly when to try again (e.g. a 429's Retry-After). */
export class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}

/** Thrown by a job handler when retrying cannot help (e.g. a 410 Gone, a validation error). */
export class PermanentFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentFailure';
  }
}
