import { describe, expect, it } from 'vitest';
import { isoToLocalInput, localInputToIso } from './labels';

describe('scheduling in local time', () => {
  it('reads the date-time input as this computer’s time and writes it back the same', () => {
    const iso = localInputToIso('2026-12-03T09:30');
    expect(iso).toBe(new Date(2026, 11, 3, 9, 30).toISOString());
    expect(isoToLocalInput(iso!)).toBe('2026-12-03T09:30');
  });
  it('refuses what is not a date and time', () => {
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('tomorrow')).toBeNull();
  });
});
