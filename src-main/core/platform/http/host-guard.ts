const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Host header values this server answers to: its own address and, on loopback, localhost names. */
export function allowedHostsFor(host: string, port: number, extra: string[] = []): Set<string> {
  const shown = host.includes(':') ? `[${host}]` : host;
  const names = new Set<string>([shown, ...extra]);
  if (isLoopback(host) || host === '0.0.0.0' || host === '::') LOOPBACK_NAMES.forEach((n) => names.add(n));
  const out = new Set<string>();
  for (const name of names) {
    out.add(`${name}:${port}`.toLowerCase());
    if (port === 80) out.add(name.toLowerCase());
  }
  return out;
}

export function isAllowedHost(hostHeader: string | undefined, allowed: Set<string>): boolean {
  return !!hostHeader && allowed.has(hostHeader.toLowerCase());
}

/** True when a browser says the request comes from a page of another origin. */
export function isForeignOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (!origin) return false;
  if (origin === 'null') return true;
  try {
    return new URL(origin).host.toLowerCase() !== (hostHeader ?? '').toLowerCase();
  } catch {
    return true;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** The Host values a public URL is reached by: `https://console.example.com` → console.example.com. */
export function publicHostsOf(publicUrl: string | undefined): string[] {
  if (!publicUrl) return [];
  const url = new URL(publicUrl);
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  return [url.host.toLowerCase(), `${url.hostname.toLowerCase()}:${url.port || defaultPort}`];
}
