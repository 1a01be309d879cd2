import { InvalidArgumentError } from 'commander';
import { ROLES, type Role } from '../../src-shared/domain';

// Value parsers for commander: each throws InvalidArgumentError with the reason, and the CLI
// prints one line naming the flag and exits with 2.

export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return n;
}

export function parseCount(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > max) throw new InvalidArgumentError(`must be a whole number from 0 to ${max}`);
    return n;
  };
}

export function parseRole(value: string): Role {
  const role = value.toUpperCase();
  if (!(ROLES as readonly string[]).includes(role)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return role as Role;
}

export function parseDatabaseUrl(value: string): string {
  if (!/^postgres(ql)?:\/\//i.test(value)) throw new InvalidArgumentError('must be a postgres:// URL');
  return value;
}

// An empty environment variable (PUBLIC_URL= in a compose file) means "not set".

/** `https://console.example.com`: an http(s) origin, no path, query or credentials. */
export function parsePublicUrl(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InvalidArgumentError('must be a URL such as https://console.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidArgumentError('must start with https:// or http://');
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new InvalidArgumentError('must be the origin only (https://console.example.com), without a path, query or credentials');
  }
  return url.origin;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** `127.0.0.1,10.0.0.0/8,::1`: proxy addresses or CIDR ranges (names are not resolved). */
export function parseProxyList(value: string): string[] | undefined {
  if (value.trim() === '') return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('must list at least one proxy address');
  for (const item of items) {
    const [addr, bits, extra] = item.split('/');
    const v4 = IPV4.test(addr ?? '');
    const v6 = !v4 && /^[0-9a-f:.]+$/i.test(addr ?? '') && (addr ?? '').includes(':');
    const maxBits = v4 ? 32 : 128;
    if ((!v4 && !v6) || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits))) {
      throw new InvalidArgumentError(`"${item}" is not an IP address or CIDR range`);
    }
  }
  return items;
}

export function parseSchema(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw new InvalidArgumentError('must be a lowercase identifier (letters, digits, _)');
  return value;
}
