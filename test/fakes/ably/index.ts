import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AblyFake {
  /** What ABLY_ENDPOINT should be set to (`http://127.0.0.1:<port>`). */
  url: string;
  /** The only key the fake accepts: `appId.keyId:secret`. */
  apiKey: string;
  requests: { method: string; path: string; authorized: boolean }[];
  close(): Promise<void>;
}

/**
 * Ably's REST API as far as a key check needs: `GET /time` (no auth) and `GET /stats` (Basic auth
 * with the key), answering JSON (clients use `useBinaryProtocol: false`) with Ably's error shape.
 */
export async function startAblyFake(options: { apiKey?: string } = {}): Promise<AblyFake> {
  const apiKey = options.apiKey ?? 'fakeApp.fakeKey:fake-secret-123';
  const requests: AblyFake['requests'] = [];

  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
  function keyOf(req: IncomingMessage): string | null {
    const h = req.headers.authorization ?? '';
    return h.startsWith('Basic ') ? Buffer.from(h.slice(6), 'base64').toString('utf8') : null;
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const key = keyOf(req);
    requests.push({ method: req.method ?? 'GET', path, authorized: key === apiKey });
    if (path === '/time') return send(res, 200, [Date.now()]);
    if (path === '/stats') {
      if (!key) return send(res, 401, { error: { message: 'No authentication information provided', code: 40101, statusCode: 401 } });
      if (key.split(':')[0] !== apiKey.split(':')[0]) return send(res, 401, { error: { message: `Invalid key in request: ${key.split(':')[0]}`, code: 40400, statusCode: 404 } });
      if (key !== apiKey) return send(res, 401, { error: { message: 'Invalid signature; check the key secret', code: 40101, statusCode: 401 } });
      return send(res, 200, []);
    }
    send(res, 404, { error: { message: `Could not find path: ${path}`, code: 40400, statusCode: 404 } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
