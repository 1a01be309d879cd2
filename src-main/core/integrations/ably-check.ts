import * as Ably from 'ably';

export interface AblyCheckOptions {
  apiKey: string;
  /** ABLY_ENDPOINT: a routing policy or host name as Ably takes it, or a full URL (`http://127.0.0.1:8081`, a local fake). */
  endpoint?: string;
  timeoutMs?: number;
}

/** The Rest client's options for an endpoint given as a URL (scheme and port spelled out) or in Ably's own terms. */
export function ablyEndpointOptions(endpoint: string | undefined): Ably.ClientOptions {
  if (!endpoint) return {};
  if (!/^https?:\/\//i.test(endpoint)) return { endpoint };
  const url = new URL(endpoint);
  const tls = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : tls ? 443 : 80;
  return { endpoint: url.hostname, tls, ...(tls ? { tlsPort: port } : { port }), fallbackHosts: [] };
}

/**
 * Checks an Ably API key by asking Ably for the app's stats: unlike `time()`, that needs the key,
 * so a wrong key is refused in Ably's own words (`Invalid key in request`).
 */
export async function checkAblyKey(options: AblyCheckOptions): Promise<{ appId: string; serverTime: number }> {
  const client = new Ably.Rest({
    key: options.apiKey,
    useBinaryProtocol: false,
    logLevel: 0,
    httpRequestTimeout: options.timeoutMs ?? 10_000,
    httpMaxRetryCount: 0,
    ...ablyEndpointOptions(options.endpoint),
  });
  await client.stats({ limit: 1 });
  const serverTime = await client.time();
  return { appId: options.apiKey.split('.')[0] ?? '', serverTime };
}

/** An Ably ErrorInfo's message (with its code), or the network's. */
export function ablyErrorMessage(err: unknown): string {
  const e = err as { message?: string; code?: number; statusCode?: number };
  return e.code ? `${e.message ?? 'Ably refused'} (code ${e.code})` : (e.message ?? String(err));
}
