import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src-main/cli/index';
import { allowedHostsFor, publicHostsOf } from '../../src-main/core/platform/http/host-guard';
import { limitedKindOf } from '../../src-main/core/platform/http/rate-limits';

describe('team server settings', () => {
  it.each([
    [['--public-url', 'ftp://console.example.com'], /--public-url.*must start with https:\/\/ or http:\/\//],
    [['--public-url', 'https://console.example.com/app'], /--public-url.*origin only/],
    [['--public-url', 'not a url'], /--public-url.*must be a URL/],
    [['--trust-proxy', '10.0.0.0/33'], /--trust-proxy.*"10\.0\.0\.0\/33" is not an IP address or CIDR range/],
    [['--trust-proxy', 'proxy.internal'], /--trust-proxy.*not an IP address/],
    [['--database-schema', 'Bad-Name'], /--database-schema.*lowercase identifier/],
  ])('serve %j → exit 2 with one line naming the flag', async (args, pattern) => {
    const errors: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => void errors.push(String(chunk)) as never);
    try {
      expect(await main(['serve', ...args])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('').trim().split('\n')).toHaveLength(1);
    expect(errors.join('')).toMatch(pattern);
  });

  it('the Host guard admits the public host (default port or not) next to its own address', () => {
    const allowed = allowedHostsFor('0.0.0.0', 4580);
    for (const h of publicHostsOf('https://Console.Example.com')) allowed.add(h);
    expect([...allowed]).toEqual(expect.arrayContaining(['console.example.com', 'console.example.com:443', '127.0.0.1:4580']));
    expect(allowed.has('evil.example.com')).toBe(false);
    expect(publicHostsOf('http://console.test:8080')).toEqual(['console.test:8080', 'console.test:8080']);
  });

  it('rate limits cover sign-in, invite acceptance and unsubscribe, also inside a tRPC batch', () => {
    expect(limitedKindOf('/auth/session')).toBe('signIn');
    expect(limitedKindOf('/api/trpc/auth.exchangeSignInCode')).toBe('signIn');
    expect(limitedKindOf('/api/trpc/users.getCurrentUser,members.acceptInvite?batch=1')).toBe('inviteAcceptance');
    expect(limitedKindOf('/u/abc123')).toBe('unsubscribe');
    expect(limitedKindOf('/api/trpc/members.list')).toBeNull();
  });
});
