export interface Clock {
  /** Current time as an ISO-8601 UTC string. */
  nowIso(): string;
  nowMs(): number;
}

export const systemClock: Clock = {
  nowIso: () => new Date().toISOString(),
  nowMs: () => Date.now(),
};

/** A clock tests can move by hand. */
export function fixedClock(startIso: string): Clock & { advance(ms: number): void; set(iso: string): void } {
  let ms = Date.parse(startIso);
  return {
    nowIso: () => new Date(ms).toISOString(),
    nowMs: () => ms,
    advance: (d) => {
      ms += d;
    },
    set: (iso) => {
      ms = Date.parse(iso);
    },
  };
}
