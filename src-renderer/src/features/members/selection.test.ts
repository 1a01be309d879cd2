import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, isSelected, selectAllMatching, selectedCount, targetOf, toggle, toggleRange } from './selection';

const rows = (ids: string[]) => ids.map((userId) => ({ userId }));

describe('selecting members', () => {
  it('ticks and unticks one member and remembers where a range starts', () => {
    let s = toggle(EMPTY_SELECTION, 'user_a', 3, () => []);
    expect(isSelected(s, 'user_a')).toBe(true);
    expect(s).toMatchObject({ anchor: 3 });
    s = toggle(s, 'user_a', 3, () => []);
    expect(selectedCount(s)).toBe(0);
  });

  it('ticks a whole range with shift, or unticks it', () => {
    let s = toggle(EMPTY_SELECTION, 'user_a', 0, () => []);
    s = toggleRange(s, rows(['user_a', 'user_b', 'user_c']), 2, true);
    expect(targetOf(s)).toEqual({ userIds: ['user_a', 'user_b', 'user_c'] });
    s = toggleRange(s, rows(['user_b', 'user_c']), 1, false);
    expect(targetOf(s)).toEqual({ userIds: ['user_a'] });
  });

  it('"select all matching" targets the filter, however many that is', () => {
    const s = selectAllMatching({ search: 'ada', joinSource: [] }, 250_000);
    expect(selectedCount(s)).toBe(250_000);
    expect(isSelected(s, 'user_anyone')).toBe(true);
    expect(targetOf(s)).toEqual({ filter: { search: 'ada' } });
  });

  it('unticking one row of "all matching" keeps the loaded rows but that one', () => {
    const s = toggle(selectAllMatching({}, 1000), 'user_b', 1, () => rows(['user_a', 'user_b', 'user_c']));
    expect(targetOf(s)).toEqual({ userIds: ['user_a', 'user_c'] });
  });
});
