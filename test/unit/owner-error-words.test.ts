import { describe, expect, it } from 'vitest';
import { interpretRow } from '../../src-main/core/areas/members/member-import/rows';
import { upsertPackageInput } from '../../src-shared/schemas/packages';

// Errors an owner reads are in words: the field stays in front (and in `field`) for programs, but
// what follows names no other field and no procedure, and says what to do.

describe('error messages an owner can act on', () => {
  it('an import date it cannot read says how to write it, with the owner’s own date rewritten', () => {
    const row = (date: string) => interpretRow(['ada@example.test', date], { email: 0, joinedAt: 1 }, 2, '2026-06-01T00:00:00.000Z');
    expect(row('15/03/2024')).toMatchObject({ ok: false, error: 'joinedAt: "15/03/2024" is not a date we can read; write it as year-month-day, like 2024-03-15' });
    expect(row('03/15/2024')).toMatchObject({ ok: false, error: expect.stringContaining('like 2024-03-15') });
    expect(row('2024-03-15')).toMatchObject({ ok: true });
  });

  it('a sale that ends before it starts says so without naming another field', () => {
    const parsed = upsertPackageInput.safeParse({ name: 'Pro', price: 29, salePrice: 19, saleStartsAt: '2026-11-26', saleEndsAt: '2026-11-25' });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path.join('.') === 'saleEndsAt');
    expect(issue?.message).toBe('the sale must end after it starts');
  });
});
