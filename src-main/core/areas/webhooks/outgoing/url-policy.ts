import { isIP } from 'node:net';
import { invalid } from '@core/platform/errors';

// Where the console may send HTTP requests (outgoing webhooks, the lab, forwarding).
// - Link-local addresses and the cloud metadata services are refused for everyone, in every
//   spelling: from a console on a cloud VM they hand out credentials.
// - Loopback and private networks are allowed when the caller may reach them: the console owner
//   always (testing against their own app on localhost:3000 is the point), a tenant ADMIN only
//   while the console listens on loopback (then they sit at this machine anyway). On a shared
//   server, a tenant ADMIN must not probe the server's own network.

const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.com',
]);

/** What a caller may reach: `privateNetworks` covers loopback and private ranges. */
export interface TargetAllowance {
  privateNetworks: boolean;
}
export const ANY_TARGET: TargetAllowance = { privateNetworks: true };
export const PUBLIC_TARGETS_ONLY: TargetAllowance = { privateNetworks: false };

/** `forbidden`: never a target; `private`: loopback or a private network; null: public. */
export interface AddressClass {
  kind: 'forbidden' | 'private';
  reason: string;
}

/** Why this address may not be a target for this allowance, or null when it may. */
export function refusedAddress(address: string, allowance: TargetAllowance = ANY_TARGET): string | null {
  const found = classifyAddress(address);
  if (!found) return null;
  if (found.kind === 'private' && allowance.privateNetworks) return null;
  return found.kind === 'private' ? `${found.reason}, which only the console owner may target on a console reachable from the network` : found.reason;
}

export function classifyAddress(address: string): AddressClass | null {
  const family = isIP(address);
  if (family === 4) return classifyIPv4(address);
  if (family === 6) return classifyIPv6(address);
  return null;
}

const forbidden = (reason: string): AddressClass => ({ kind: 'forbidden', reason });
const privateRange = (reason: string): AddressClass => ({ kind: 'private', reason });

function classifyIPv4(address: string): AddressClass | null {
  const [a, b] = address.split('.').map(Number) as [number, number];
  if (address === '169.254.169.254') return forbidden('is the cloud metadata service (169.254.169.254)');
  if (address === '100.100.100.200') return forbidden('is a cloud metadata service (100.100.100.200)');
  if (a === 169 && b === 254) return forbidden('is a link-local address (169.254.0.0/16)');
  if (a === 0) return forbidden('is not a destination (0.0.0.0/8)');
  if (a >= 224) return forbidden('is a multicast or reserved address (224.0.0.0/3)');
  if (a === 127) return privateRange('is a loopback address (127.0.0.0/8)');
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return privateRange('is a private-network address');
  if (a === 100 && b >= 64 && b <= 127) return privateRange('is a shared-network address (100.64.0.0/10)');
  if (a === 198 && (b === 18 || b === 19)) return privateRange('is a private-network address (198.18.0.0/15)');
  return null;
}

const v4Of = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');

/**
 * The IPv4 address an IPv6 address carries, when a route exists that delivers it there:
 * mapped (::ffff:a.b.c.d), translated (::ffff:0:a.b.c.d), compatible (::a.b.c.d), NAT64
 * (64:ff9b::/96 and 64:ff9b:1::/48), 6to4 (2002:aabb:ccdd::) and Teredo (2001:0::, both ends).
 */
function embeddedIPv4(g: number[]): string[] {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const out: string[] = [];
  if (zeros(0, 5) && g[5] === 0xffff) out.push(v4Of(g[6]!, g[7]!));
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) out.push(v4Of(g[6]!, g[7]!));
  if (zeros(0, 6) && (g[6] !== 0 || g[7]! > 1)) out.push(v4Of(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && (zeros(2, 6) || g[2] === 1)) out.push(v4Of(g[6]!, g[7]!));
  if (g[0] === 0x2002) out.push(v4Of(g[1]!, g[2]!));
  if (g[0] === 0x2001 && g[1] === 0) out.push(v4Of(g[2]!, g[3]!), v4Of(g[6]! ^ 0xffff, g[7]! ^ 0xffff));
  return out;
}

function classifyIPv6(address: string): AddressClass | null {
  const groups = expandIPv6(address);
  if (!groups) return forbidden('is not an IPv6 address');
  let found: AddressClass | null = null;
  for (const v4 of embeddedIPv4(groups)) {
    const c = classifyIPv4(v4);
    if (c?.kind === 'forbidden') return forbidden(`carries ${v4}, which ${c.reason}`);
    if (c) found = privateRange(`carries ${v4}, which ${c.reason}`);
  }
  if (found) return found;
  if (groups.every((g) => g === 0)) return forbidden('is not a destination (::)');
  if ((groups[0]! & 0xffc0) === 0xfe80) return forbidden('is a link-local address (fe80::/10)');
  if ((groups[0]! & 0xff00) === 0xff00) return forbidden('is a multicast address (ff00::/8)');
  if (groups.join(':') === [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(':')) return forbidden('is the cloud metadata service (fd00:ec2::254)');
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return privateRange('is the loopback address (::1)');
  if ((groups[0]! & 0xfe00) === 0xfc00) return privateRange('is a private-network address (fc00::/7)');
  if ((groups[0]! & 0xffc0) === 0xfec0) return privateRange('is a site-local address (fec0::/10)');
  return null;
}

/** 127.0.0.0/8, ::1 and ::ffff:127.x: a server bound there is reachable from this machine only. */
export function isLoopbackAddress(address: string): boolean {
  if (isIP(address) === 4) return address.startsWith('127.');
  const g = isIP(address) === 6 ? expandIPv6(address) : null;
  if (!g) return false;
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return true;
  return g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff && g[6]! >> 8 === 127;
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

/** The URL's host as checked: brackets and a trailing dot removed, lower case. */
const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');

/** localhost and *.localhost always reach this machine (RFC 6761), whatever DNS says. */
const isLocalhostName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/** Whether the URL names loopback or a private network outright (an address or localhost). */
export function namesPrivateTarget(raw: string): boolean {
  try {
    const host = hostOf(new URL(raw));
    return isLocalhostName(host) || classifyAddress(host)?.kind === 'private';
  } catch {
    return false;
  }
}

/**
 * Checks a target URL before it is saved or used: http or https, no credentials in it, a host
 * that is neither link-local nor a metadata service, and, unless the allowance covers them, not
 * loopback or a private network. Throws a VALIDATION error naming `field`. Names are checked again
 * when they are resolved, at connection time (DNS can change). The URL parser has already turned
 * decimal, octal, hex and short IPv4 spellings (2852039166, 0251.0376.0251.0376) into dotted form.
 */
export function checkTargetUrl(raw: string, field = 'url', allowance: TargetAllowance = ANY_TARGET): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid(field, `"${raw}" is not a URL; expected e.g. https://hooks.example.com/webhooks`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(field, `must be http or https, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password) throw invalid(field, 'must not carry a user name or password');
  const host = hostOf(url);
  if (!host) throw invalid(field, 'has no host');
  if (METADATA_HOSTS.has(host)) throw invalid(field, `${host} is a cloud metadata service; requests to it are refused`);
  if (isLocalhostName(host) && !allowance.privateNetworks) {
    throw invalid(field, `${host} is this machine, which only the console owner may target on a console reachable from the network; requests to it are refused`);
  }
  const reason = refusedAddress(host, allowance);
  if (reason) throw invalid(field, `${host} ${reason}; requests to it are refused`);
  return url;
}
