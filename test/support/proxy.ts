import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small reverse proxy on loopback, as a team puts nginx or Caddy in front of its consoles: it
 * sends every request on to one of the backends with `Host: <publicHost>` and the client's
 * address, scheme and host in X-Forwarded-For/-Proto/-Host (overwriting any the client sent, as
 * a proxy at the edge does). Requests take turns between the backends unless one is pinned.
 */
export interface TestProxy {
  url: string;
  port: number;
  /** Sends everything to this backend (index), or takes turns again with null. */
  pin(index: number | null): void;
  /** Which backend answered each request so far. */
  hits: number[];
  close(): Promise<void>;
}

export async function startProxy(backends: { host: string; port: number }[], publicHost: string): Promise<TestProxy> {
  let next = 0;
  let pinned: number | null = null;
  const hits: number[] = [];
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const index = pinned ?? next++ % backends.length;
    hits.push(index);
    const target = backends[index]!;
    const headers = { ...req.headers };
    delete headers['x-forwarded-for'];
    const upstream = http.request(
      {
        host: target.host,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: {
          ...headers,
          host: publicHost,
          'x-forwarded-for': req.socket.remoteAddress ?? '',
          'x-forwarded-proto': 'http',
          'x-forwarded-host': req.headers.host ?? publicHost,
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`bad gateway: ${err.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    pin: (index) => {
      pinned = index;
    },
    close: () =>
      new Promise<void>((res) => {
        server.close(() => res());
        server.closeAllConnections();
      }),
  };
}
