import { describe, expect, it } from 'vitest';
import { initialsOf } from './Avatar';
import { formatDate, formatDateTime, formatDateTimeSeconds, formatRelative, pluralise } from './format';

const NOW = Date.parse('2026-06-15T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('what the members table prints', () => {
  it('counts members the way a person writes them', () => {
    expect(pluralise(2000, 'member')).toBe('2,000 members');
    expect(pluralise(1, 'member')).toBe('1 member');
    expect(pluralise(1_000_000, 'member')).toBe('1,000,000 members');
  });

  it('says how long ago someone was active', () => {
    expect(formatRelative(ago(10_000), NOW)).toBe('just now');
    expect(formatRelative(ago(5 * MIN), NOW)).toBe('5 minutes ago');
    expect(formatRelative(ago(DAY), NOW)).toBe('yesterday');
    expect(formatRelative(ago(3 * DAY), NOW)).toBe('3 days ago');
    expect(formatRelative(ago(65 * DAY), NOW)).toBe('2 months ago');
    expect(formatRelative(null, NOW)).toBe('Never');
  });

  it('prints join dates in full and initials for avatars', () => {
    expect(formatDate('2026-03-05T10:00:00.000Z')).toBe('Mar 5, 2026');
    expect(formatDate('garbage')).toBe('—');
    expect(initialsOf('Ada Lovelace')).toBe('AL');
    expect(initialsOf('Guido van Rossum')).toBe('GR');
    expect(initialsOf('cher')).toBe('C');
    expect(initialsOf('  ')).toBe('?');
  });
});

describe('one time style across the console', () => {
  it('writes times as "1:04 PM", with seconds only where a live stream needs them', () => {
    const at = new Date(2026, 2, 5, 13, 4, 5).toISOString();
    expect(formatDateTime(at)).toBe('Mar 5, 2026, 1:04 PM');
    expect(formatDateTimeSeconds(at)).toBe('Mar 5, 1:04:05 PM');
    expect(formatDateTime(null)).toBe('—');
  });
});
