import { describe, expect, it } from 'vitest';
import { tabFromHash, visibleTabs } from './settings-api';

describe('settings sections', () => {
  it('hides the console-wide sections from a community admin', () => {
    expect(visibleTabs(true)).toEqual(['providers', 'payments', 'email', 'realtime', 'notifications', 'tokens', 'data', 'team']);
    expect(visibleTabs(false)).toEqual(['payments', 'tokens', 'data', 'team']);
  });

  it('opens the section named in the address, or the first one the caller may see', () => {
    expect(tabFromHash('#/settings/tokens', false)).toBe('tokens');
    expect(tabFromHash('#/settings/email', false)).toBe('payments');
    expect(tabFromHash('#/settings', true)).toBe('providers');
    expect(tabFromHash('#/settings/nonsense?x=1', true)).toBe('providers');
  });
});
