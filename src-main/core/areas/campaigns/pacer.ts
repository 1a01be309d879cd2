import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces sends evenly at `perSecond`: each caller takes the next slot on a fixed grid, so over any
 * stretch of the send the rate is the limit. A slot a busy connection missed may still be taken
 * late, up to `catchUp` slots behind (one per connection: a slow reply on one connection is made up
 * by the others); older ones are gone, so an idle spell never turns into a burst.
 */
export function createPacer(perSecond: number, catchUp = 1, now: () => number = () => performance.now()) {
  const interval = 1000 / perSecond;
  let next = now();
  return async function slot(): Promise<void> {
    const t = now();
    if (next < t - catchUp * interval) next = t - catchUp * interval;
    const at = next;
    next += interval;
    const wait = at - t;
    if (wait >= 1) await sleep(wait);
  };
}
export type Pacer = ReturnType<typeof createPacer>;
