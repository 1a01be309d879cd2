// Time arithmetic for the generated history, in epoch milliseconds; ISO text only at the row.

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** An average month; demo billing periods need not follow the calendar. */
export const MONTH = 30.44 * DAY;
export const YEAR = 365.25 * DAY;

/** The history covers the last 18 months before "now". */
export const HISTORY = 18 * MONTH;

/** How many times faster the community grows at the end of the history than at its start. */
const GROWTH = 8;
const K = Math.log(GROWTH);
const E_K_MINUS_1 = GROWTH - 1;

export interface Timeline {
  nowMs: number;
  /** When the history starts: the first members join from here. */
  startMs: number;
  /** The tenant exists a few days before its first member. */
  tenantCreatedMs: number;
}

export function timeline(nowIso: string): Timeline {
  const nowMs = Date.parse(nowIso);
  if (Number.isNaN(nowMs)) throw new Error(`now must be an ISO date, got "${nowIso}"`);
  const startMs = Math.floor(nowMs - HISTORY);
  return { nowMs, startMs, tenantCreatedMs: startMs - 3 * DAY };
}

/**
 * Joins per day grow exponentially (8x over the history). joinedFraction(x) is the share of all
 * members who joined by the fraction x of the history; joinTime is its inverse. Member i joins at
 * joinTime((i + u) / n), so join times rise with the member index and inserting members in index
 * order is inserting them in join order, as a real community's table fills.
 */
export function joinedFraction(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return Math.expm1(K * x) / E_K_MINUS_1;
}

export function joinTime(t: Timeline, fraction: number): number {
  const x = Math.log1p(fraction * E_K_MINUS_1) / K;
  return Math.floor(t.startMs + x * (t.nowMs - t.startMs));
}

/** How many of n members had joined at time ms (all of them are below this index). */
export function membersJoinedBy(t: Timeline, n: number, ms: number): number {
  return Math.floor(n * joinedFraction((ms - t.startMs) / (t.nowMs - t.startMs)));
}

// Date#toISOString took 3.6 s of a million-member seed (some seven million calls). Days repeat a
// lot, so their "YYYY-MM-DDT" is cached and only the time of day is formatted here.
const dayPrefixes = new Map<number, string>();
const TWO = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
const YEAR_10000 = 253_402_300_800_000;

export function iso(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= YEAR_10000) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    if (dayPrefixes.size > 100_000) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  let rest = ms - day * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${prefix}${TWO[hours]}:${TWO[minutes]}:${TWO[seconds]}.${THREE[rest - seconds * 1000]}Z`;
}
