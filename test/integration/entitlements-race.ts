import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Core } from '../../src-main/core/create-core';

// The issue-14 race, shared by the in-process, HTTP and two-`serve` tests: 50 consumes of 1
// against a limit of 20, over 30 distinct keys (keys 0..19 sent twice, 20..29 once).

export const RACE_CALLS = 50;
export const RACE_LIMIT = 20;
export const raceKeys = (prefix: string) =>
  Array.from({ length: RACE_CALLS }, (_, i) => `${prefix}-${String(i < 40 ? i % 20 : i - 20).padStart(4, '0')}`);

/** What a tRPC client sees of a refusal: the reason and the limit's figures in error.data. */
export function refusalData(reason: unknown): { code: string; used: unknown; max: unknown } {
  const data = (reason as { data?: { reason?: string; used?: number; max?: number } }).data ?? {};
  return { code: data.reason ?? String(reason), used: data.used, max: data.max };
}

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

/** An active subscription of a member to a package, as billing would have stored it. */
export async function subscribe(core: Core, tenantId: string, userId: string, packageId: string, startedAt = '2026-01-01T00:00:00.000Z') {
  await core.database.db
    .insertInto('subscriptions')
    .values({
      id: `sub_t${randomBytes(8).toString('hex')}`, tenantId, userId, customerId: null, packageId, provider: 'stripe',
      providerSubscriptionId: `sub_${randomBytes(6).toString('hex')}`, planId: null, status: 'active', amountMinor: 2900,
      startedAt, canceledAt: null, providerUpdatedAt: startedAt, createdAt: startedAt, updatedAt: startedAt,
    })
    .execute();
}
