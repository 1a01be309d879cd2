/**
 * When each attempt of an outgoing webhook is made, counted from the previous one: at once, then
 * after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 14 h — eight attempts over about 31.5 hours, so a
 * receiver that is down for a day still gets the event. After the eighth failure the delivery is
 * failed; the owner can resend it, which starts the schedule again.
 */
export const DELIVERY_SCHEDULE_MS = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000] as const;

export const MAX_DELIVERY_ATTEMPTS = DELIVERY_SCHEDULE_MS.length;

/** The per-attempt timeout. */
export const DELIVERY_TIMEOUT_MS = 15_000;

/** How much of each response body is kept with the attempt. */
export const RESPONSE_EXCERPT_BYTES = 1024;

/** A Retry-After longer than this is capped: the schedule would have given up by then anyway. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** Delay before the next attempt after `attemptsMade` attempts, or null when the schedule is over. */
export function nextDelayMs(attemptsMade: number): number | null {
  return attemptsMade < MAX_DELIVERY_ATTEMPTS ? DELIVERY_SCHEDULE_MS[attemptsMade]! : null;
}

/** `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT` → milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | undefined, nowMs: number): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}
