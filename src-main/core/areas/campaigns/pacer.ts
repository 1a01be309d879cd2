import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces sends evenly at `perSecond`: each caller takes the next slot on a fixed grid, so over any
 * stretch of the send the rate is the limit (not bursts that average out). A sender slower than the
 * limit is never made to catch up with a burst: slots missed while it was busy are gone.
 */
export function createPacer(perSecond: number, now: () => number = () => performance.now()) {
  const interval = 1000 / perSecond;
  let next = now();
  return async function slot(): Promise<void> {
    const t = now();
    if (next < t - interval) next = t;
    const at = next;
    next += interval;
    const wait = at - t;
    if (wait >= 1) await sleep(wait);
  };
}
export type Pacer = ReturnType<typeof createPacer>;
