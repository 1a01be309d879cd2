import { describe, expect, it } from 'vitest';
import { JOIN_SOURCES, SUBSCRIPTION_STATUSES } from '../../src-shared/domain';
import { isFreeMember } from '../../src-shared/member-tier';

// The seed: free = joinSource 'free_signup' AND no active subscription (active or trialing).
describe('isFreeMember truth table', () => {
  for (const joinSource of JOIN_SOURCES) {
    for (const status of [null, ...SUBSCRIPTION_STATUSES]) {
      const expected = joinSource === 'free_signup' && status !== 'active' && status !== 'trialing';
      it(`${joinSource} with ${status ?? 'no'} subscription → ${expected ? 'free' : 'not free'}`, () => {
        expect(isFreeMember(joinSource, status ? [status] : [])).toBe(expected);
      });
    }
  }

  it('any one active subscription among lapsed ones makes a free signup paid', () => {
    expect(isFreeMember('free_signup', ['canceled', 'past_due', 'active'])).toBe(false);
    expect(isFreeMember('free_signup', ['canceled', 'past_due'])).toBe(true);
  });
});
