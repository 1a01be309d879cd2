import { expect } from 'vitest';

// The issue-14 race, shared by the in-process, HTTP and two-`serve` tests: 50 consumes of 1
// against a limit of 20, over 30 distinct keys (keys 0..19 sent twice, 20..29 once).

export const RACE_CALLS = 50;
export const RACE_LIMIT = 20;
export const raceKeys = (prefix: string) =>
  Array.from({ length: RACE_CALLS }, (_, i) => `${prefix}-${String(i < 40 ? i % 20 : i - 20).padStart(4, '0')}`);

export interface UseAnswer {
  used: number;
  max: number;
}

/** Runs the calls at once and checks what a user would notice; `refusal` reads a rejected call's limit data. */
export async function expectExactRace(
  keys: string[],
  consume: (key: string, i: number) => Promise<UseAnswer>,
  refusal: (reason: unknown) => { code: string; used: unknown; max: unknown },
): Promise<void> {
  const results = await Promise.allSettled(keys.map((k, i) => consume(k, i)));
  const answers = new Map<string, number[]>();
  const refused: unknown[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') answers.set(keys[i]!, [...(answers.get(keys[i]!) ?? []), r.value.used]);
    else refused.push(r.reason);
  });
  // Exactly 20 distinct keys got a use, numbered 1..20; a key answered twice got the same answer.
  expect(answers.size).toBe(RACE_LIMIT);
  for (const a of answers.values()) expect(new Set(a).size).toBe(1);
  expect([...answers.values()].map((a) => a[0]!).sort((a, b) => a - b)).toEqual(Array.from({ length: RACE_LIMIT }, (_, i) => i + 1));
  // Everything else was refused as over the limit, never as an error of ours.
  for (const r of refused) expect(refusal(r)).toEqual({ code: 'LIMIT_EXCEEDED', used: RACE_LIMIT, max: RACE_LIMIT });
  expect(refused.length + [...answers.values()].flat().length).toBe(RACE_CALLS);
}
