import { describe, expect, it } from 'vitest';
import { describeChanges, fieldLabel } from './change-text';

describe('what an event changed, in words', () => {
  it('groups changes by record and says set, changed or cleared', () => {
    const groups = describeChanges([
      { entity: 'subscription', id: 'sub_1', field: 'status', from: 'active', to: 'canceled' },
      { entity: 'subscription', id: 'sub_1', field: 'cancelAtPeriodEnd', from: false, to: true },
      { entity: 'membership', id: 'mem_1', field: 'joinSource', from: null, to: 'paid' },
      { entity: 'customer', id: 'cus_1', field: 'user_id', from: 'usr_1', to: null },
    ]);
    expect(groups.map((g) => `${g.label} ${g.id}`)).toEqual(['Subscription sub_1', 'Membership mem_1', 'Customer cus_1']);
    expect(groups[0]!.lines).toEqual([
      { field: 'status', from: 'active', to: 'canceled', kind: 'changed' },
      { field: 'cancel at period end', from: 'no', to: 'yes', kind: 'changed' },
    ]);
    expect(groups[1]!.lines[0]).toMatchObject({ field: 'join source', to: 'paid', kind: 'set' });
    expect(groups[2]!.lines[0]).toMatchObject({ field: 'user id', from: 'usr_1', kind: 'cleared' });
  });

  it('prints times as dates and skips what is not a change', () => {
    const [group] = describeChanges([{ entity: 'subscription', id: 's', field: 'currentPeriodEnd', from: null, to: '2026-12-22T09:00:00.000Z' }, 'junk', null]);
    expect(group!.lines[0]!.to).toMatch(/^Dec 22, 2026/);
    expect(describeChanges(null)).toEqual([]);
    const [created] = describeChanges([{ entity: 'user', id: 'usr_1', field: 'created', from: null, to: 'ada@example.com' }]);
    expect(created!.lines[0]).toMatchObject({ kind: 'created', to: 'ada@example.com' });
    expect(fieldLabel('current_period_end')).toBe('current period end');
  });
});
