import { isIP } from 'node:net';
import { invalid } from '../../errors';

// Where the console may send HTTP requests on the owner's behalf (outgoing webhooks, the lab,
// forwarding). Localhost and private networks are allowed: testing against the owner's own app is
// the point. Link-local addresses and the cloud metadata services are not: from a console running
// on a cloud VM they hand out credentials.

const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.com',
]);

/** Why this address may not be a target, or null when it may. */
export function refusedAddress(address: string): string | null {
  const family = isIP(address);
  if (family === 4) return refusedIPv4(address);
  if (family === 6) return refusedIPv6(address);
  return null;
}

function refusedIPv4(address: string): string | null {
  const [a, b] = address.split('.').map(Number) as [number, number];
  if (address === '169.254.169.254') return 'is the cloud metadata service (169.254.169.254)';
  if (address === '100.100.100.200') return 'is a cloud metadata service (100.100.100.200)';
  if (a === 169 && b === 254) return 'is a link-local address (169.254.0.0/16)';
  if (a === 0) return 'is not a destination (0.0.0.0/8)';
  return null;
}

function refusedIPv6(address: string): string | null {
  const groups = expandIPv6(address);
  if (!groups) return 'is not an IPv6 address';
  // ::ffff:a.b.c.d (IPv4-mapped, also written ::ffff:a9fe:a9fe) reaches the IPv4 address.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const v4 = [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
    return refusedIPv4(v4);
  }
  if (groups.every((g) => g === 0)) return 'is not a destination (::)';
  if ((groups[0]! & 0xffc0) === 0xfe80) return 'is a link-local address (fe80::/10)';
  if (groups.join(':') === [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(':')) return 'is the cloud metadata service (fd00:ec2::254)';
  return null;
}

/** `fe80::1` → eight 16-bit groups; null when it is not IPv6. */
function expandIPv6(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [, a, b, c, d] = v4.map(Number) as [number, number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * Checks a target URL before it is saved or used: http or https, no credentials in it, and a host
 * that is neither link-local nor a metadata service. Throws a VALIDATION error naming `field`.
 * Names are checked again when they are resolved, at connection time (DNS can change).
 */
export function checkTargetUrl(raw: string, field = 'url'): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid(field, `"${raw}" is not a URL; expected e.g. http://localhost:3000/webhooks`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(field, `must be http or https, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password) throw invalid(field, 'must not carry a user name or password');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (!host) throw invalid(field, 'has no host');
  if (METADATA_HOSTS.has(host)) throw invalid(field, `${host} is a cloud metadata service; requests to it are refused`);
  const reason = refusedAddress(host);
  if (reason) throw invalid(field, `${host} ${reason}; requests to it are refused`);
  return url;
}
