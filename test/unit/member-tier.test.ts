import { describe, expect, it } from 'vitest';
import { JOIN_SOURCES, SUBSCRIPTION_STATUSES } from '../../src-shared/domain';
import { isCompedAt, isFreeMember, tierOf } from '../../src-shared/member-tier';

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

// tierOf: comped while the owner's complimentary access lasts, otherwise free or paid by isFreeMember.
describe('tierOf truth table', () => {
  const now = '2026-06-15T12:00:00.000Z';
  const comps = [
    { isComped: false, compedUntil: null, comped: false },
    { isComped: false, compedUntil: '2026-07-01T00:00:00.000Z', comped: false },
    { isComped: true, compedUntil: null, comped: true },
    { isComped: true, compedUntil: '2026-07-01T00:00:00.000Z', comped: true },
    { isComped: true, compedUntil: now, comped: false },
    { isComped: true, compedUntil: '2026-06-01T00:00:00.000Z', comped: false },
  ];
  for (const joinSource of JOIN_SOURCES) {
    for (const status of [null, ...SUBSCRIPTION_STATUSES]) {
      for (const comp of comps) {
        const free = joinSource === 'free_signup' && status !== 'active' && status !== 'trialing';
        const expected = comp.comped ? 'comped' : free ? 'free' : 'paid';
        it(`${joinSource}, ${status ?? 'no'} subscription, comped=${comp.isComped} until ${comp.compedUntil ?? 'open'} → ${expected}`, () => {
          expect(isCompedAt(comp, now)).toBe(comp.comped);
          expect(tierOf({ joinSource, subscriptionStatuses: status ? [status] : [], ...comp }, now)).toBe(expected);
        });
      }
    }
  }
});
