import { describe, expect, it } from 'vitest';
import { isBilled, keepBilledText } from './paying';

describe('removing paying members', () => {
  it('says how many of them keep being billed and where to cancel', () => {
    expect(keepBilledText(3, 10)).toBe(
      '3 of them pay for a package; removing them doesn’t cancel their subscriptions — they keep being billed until you cancel them in Stripe/Lemon Squeezy.',
    );
    expect(keepBilledText(1, 4)).toBe(
      '1 of them pays for a package; removing them doesn’t cancel their subscription — they keep being billed until you cancel it in Stripe/Lemon Squeezy.',
    );
    expect(keepBilledText(1, 1, 'stripe')).toMatch(/^They pay for a package; .* until you cancel it in Stripe\.$/);
  });

  it('counts active, trialing and past-due subscriptions as billed, not canceled or none', () => {
    expect(['active', 'trialing', 'past_due', 'canceled', 'unpaid', null].map(isBilled)).toEqual([true, true, true, false, false, false]);
  });
});
