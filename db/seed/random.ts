// Small, fast, seeded randomness. Every generated value comes from a stream keyed by what it
// describes (seed, tenant, member index…), never from a shared running stream, so that member 700,123
// is the same whatever the batch size and whether the seed ran in one go or was resumed.

export type Rng = () => number;

/** mulberry32: 32 bits of state, good enough for demo data, and a few ns per draw. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A bijective 32-bit mixer (lowbias32): distinct inputs give distinct outputs. */
export function mix32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d);
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Combines any number of 32-bit keys into one stream seed. */
export function hashKeys(...keys: number[]): number {
  let h = 0x9e3779b9;
  for (const k of keys) h = mix32((h ^ mix32(k >>> 0)) + 0x85ebca6b);
  return h;
}

/** FNV-1a over a string, then mixed: turns a tenant slug into a key. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h >>> 0);
}

export function rngFor(...keys: number[]): Rng {
  return mulberry32(hashKeys(...keys));
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

/** A whole number in [min, max]. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/**
 * Weighted choice from a table built once: cumulative weights and a binary search, so that lists of
 * a few hundred names cost a handful of comparisons per draw.
 */
export interface WeightedTable<T> {
  items: readonly T[];
  cumulative: Float64Array;
  total: number;
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const cumulative = new Float64Array(entries.length);
  let total = 0;
  entries.forEach(([, w], i) => {
    total += w;
    cumulative[i] = total;
  });
  return { items: entries.map(([item]) => item), cumulative, total };
}

export function pickWeighted<T>(rng: Rng, table: WeightedTable<T>): T {
  const target = rng() * table.total;
  let lo = 0;
  let hi = table.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table.cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return table.items[lo]!;
}

/** Exponentially distributed with the given mean (time to an event at a constant rate). */
export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng()) * mean;
}
