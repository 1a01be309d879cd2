import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src-main/core/areas/campaigns/pacer';

describe('campaign pacer', () => {
  it('hands out slots on an even grid at the rate, catching up at most the allowed slots after a stall', async () => {
    let t = 0;
    const pacer = createPacer(10, 2, () => t);
    const waits: number[] = [];
    // With a fake clock the pacer's waits are what it would sleep; slots at 0, 100, 200 ms…
    for (let k = 0; k < 3; k++) {
      const before = t;
      const p = pacer();
      waits.push(before);
      await p.catch(() => undefined);
      t += 100;
    }
    expect(waits).toEqual([0, 100, 200]);
    // A stall of a second: only 2 slots are made up, then the grid goes on from now.
    t += 1000;
    let immediate = 0;
    for (let k = 0; k < 5; k++) {
      const start = performance.now();
      await pacer();
      if (performance.now() - start < 20) immediate += 1;
      else break;
    }
    expect(immediate).toBeLessThanOrEqual(3);
  });
});
