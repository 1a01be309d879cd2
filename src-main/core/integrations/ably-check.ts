import * as Ably from 'ably';

/** The Rest client's options for an endpoint given as a URL (scheme and port spelled out) or in Ably's own terms. */
export function ablyEndpointOptions(endpoint: string | undefined): Ably.ClientOptions {
  if (!endpoint) return {};
  if (!/^https?:\/\//i.test(endpoint)) return { endpoint };
  const url = new URL(endpoint);
  const tls = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : tls ? 443 : 80;
  return { endpoint: url.hostname, tls, ...(tls ? { tlsPort: port } : { port }), fallbackHosts: [] };
}

/** An Ably ErrorInfo's message (with its code), or the network's. */
export function ablyErrorMessage(err: unknown): string {
  const e = err as { message?: string; code?: number; statusCode?: number };
  return e.code ? `${e.message ?? 'Ably refused'} (code ${e.code})` : (e.message ?? String(err));
}
