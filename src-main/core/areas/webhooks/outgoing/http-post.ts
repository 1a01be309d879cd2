import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ANY_TARGET, checkTargetUrl, refusedAddress, type TargetAllowance } from './url-policy';

/** dns.lookup with `all: true`; injectable so that a test can make a name resolve anywhere. */
export type ResolveAll = (hostname: string, options: { all: true; family?: number }, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

export interface PostOptions {
  timeoutMs: number;
  /** How much of the response body to keep. */
  excerptBytes: number;
  resolve?: ResolveAll;
  /** Whether loopback and private networks may be reached (the caller's; default: they may). */
  allowance?: TargetAllowance;
}

export interface PostResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  truncated: boolean;
}

export type PostFailure = 'timeout' | 'network' | 'refused_address';

export interface PostOutcome {
  response: PostResponse | null;
  /** Why no answer came; null when one did. */
  error: string | null;
  failure: PostFailure | null;
  durationMs: number;
}

/** A response body is read to its end but never more than this (the rest is not waited for). */
const MAX_DRAIN_BYTES = 1024 * 1024;

class RefusedAddressError extends Error {
  readonly code = 'ERR_REFUSED_ADDRESS';
}

/**
 * Resolves the name and refuses it when any of its addresses is link-local or a metadata
 * service, or private when the allowance excludes those. This runs when the socket connects, so
 * the address checked is the one used.
 */
function guardedLookup(resolve: ResolveAll, allowance: TargetAllowance): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { all: true, family: typeof options.family === 'number' ? options.family : undefined }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      for (const a of addresses) {
        const reason = refusedAddress(a.address, allowance);
        if (reason) return callback(new RefusedAddressError(`${hostname} resolves to ${a.address}, which ${reason}; the request was not sent`), '', 0);
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function describe(err: NodeJS.ErrnoException, timeoutMs: number): { error: string; failure: PostFailure } {
  if (err instanceof RefusedAddressError) return { error: err.message, failure: 'refused_address' };
  if (err.code === 'ETIMEDOUT_POST') return { error: `no answer within ${timeoutMs / 1000} s`, failure: 'timeout' };
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset before an answer',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name could not be resolved right now',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    CERT_HAS_EXPIRED: 'its TLS certificate has expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  };
  return { error: (err.code && known[err.code]) ?? err.message, failure: 'network' };
}

function flatten(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/**
 * POSTs a body to a URL the owner chose and reports what came back: the status, the headers, an
 * excerpt of the body and the time taken, or why nothing came (timed out, refused, a refused
 * address). Never throws, never follows redirects, and uses no connection pool, so each request
 * resolves (and checks) the host afresh.
 */
export function postTo(rawUrl: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostOutcome> {
  const started = performance.now();
  let url: URL;
  try {
    url = checkTargetUrl(rawUrl, 'url', options.allowance ?? ANY_TARGET);
  } catch (err) {
    return Promise.resolve({ response: null, error: (err as Error).message, failure: 'refused_address', durationMs: 0 });
  }
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<PostOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: Math.max(0, Math.round(performance.now() - started)) });
    };
    const req = transport.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(options.resolve ?? (dnsLookup as unknown as ResolveAll), options.allowance ?? ANY_TARGET),
      },
      (res) => {
        const kept: Buffer[] = [];
        let keptBytes = 0;
        let total = 0;
        const done = () =>
          finish({
            response: { status: res.statusCode ?? 0, headers: flatten(res.headers), body: Buffer.concat(kept).toString('utf8'), truncated: total > keptBytes },
            error: null,
            failure: null,
          });
        res.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (keptBytes < options.excerptBytes) {
            const part = chunk.subarray(0, options.excerptBytes - keptBytes);
            kept.push(part);
            keptBytes += part.length;
          }
          if (total > MAX_DRAIN_BYTES) res.destroy();
        });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT_POST' })), options.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => finish({ response: null, ...describe(err, options.timeoutMs) }));
    req.end(body);
  });
}
