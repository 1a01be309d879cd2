import { describe, expect, it } from 'vitest';
import { capabilityFor } from '../../src-main/core/areas/realtime/ably-auth';
import { channelNameProblem, messageIdOf, notificationsChannel, spaceChannel, spaceIdOfChannel } from '../../src-main/core/areas/realtime/channels';

describe('Ably channel names', () => {
  it('follows Ably\'s rules and never holds a wildcard', () => {
    expect(channelNameProblem('space:space_1')).toBeNull();
    expect(channelNameProblem('')).toBe('is empty');
    expect(channelNameProblem('[meta]space')).toMatch(/starts with "\["/);
    expect(channelNameProblem(':space')).toMatch(/starts with ":"/);
    expect(channelNameProblem('space:a\nb')).toMatch(/line break/);
    expect(channelNameProblem('x'.repeat(2048))).toMatch(/under 2,048/);
    expect(channelNameProblem('x'.repeat(2047))).toBeNull();
    expect(channelNameProblem('user:*')).toMatch(/wildcard/);
    expect(() => spaceChannel('*')).toThrow(/channel: "space:\*" holds "\*"/);
    expect(() => notificationsChannel('a\nb')).toThrow(/line break/);
  });

  it('names a space\'s and a member\'s channels, and idempotent message ids', () => {
    expect(spaceChannel('space_1')).toBe('space:space_1');
    expect(notificationsChannel('user_1')).toBe('user:user_1:notifications');
    expect(spaceIdOfChannel('space:space_1')).toBe('space_1');
    expect(spaceIdOfChannel('user:user_1:notifications')).toBeNull();
    expect(messageIdOf('chat_1')).toBe('chat_1:0');
  });

  it('a member\'s capability names only their own channel and their spaces (publish only on a CHAT space\'s chat channel)', () => {
    expect(capabilityFor('user_1', [{ id: 's1', type: 'FEED' }, { id: 's2', type: 'CHAT' }])).toEqual({
      'user:user_1:notifications': ['subscribe'],
      'space:s1': ['presence', 'subscribe'],
      'space:s2': ['presence', 'subscribe'],
      'space:s2:chat': ['presence', 'publish', 'subscribe'],
    });
  });
});
