import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { decode as msgpackDecode, encode as msgpackEncode } from '@ably/msgpack-js';
import { allows, newToken, verifyTokenRequest, type Capability, type TokenRequestBody } from './token';
import { attachRealtime, decodeData, type FakeMessage, type PublishedMessage, type RealtimeFake } from './realtime';

export type { FakeMessage } from './realtime';

export { tokenRequestMac, verifyTokenRequest, allows } from './token';

export interface AblyFake {
  /** What ABLY_ENDPOINT should be set to (`http://127.0.0.1:<port>`). */
  url: string;
  /** The only key the fake accepts: `appId.keyId:secret`. */
  apiKey: string;
  requests: { method: string; path: string; authorized: boolean; format?: 'json' | 'msgpack' }[];
  /** Accepted messages, each id once (like Ably, a second publish of an id is acknowledged and dropped). */
  messages: FakeMessage[];
  /** Messages on one channel. */
  messagesOn(channel: string): FakeMessage[];
  /** Publish requests seen (each attempt, failed or not). */
  publishAttempts(): number;
  /**
   * Answers the next `count` publishes with a 500 (Ably's "internal error"); with `afterAccepting`,
   * it keeps their messages first (the answer was lost, not the publish), as a retry must not duplicate.
   */
  failNextPublishes(count: number, options?: { afterAccepting?: boolean }): void;
  /** Down: every connection is dropped at once (the SDK sees a network error). */
  goDown(): void;
  /** Up again. */
  comeUp(): void;
  /** Tokens issued by `POST /keys/{keyName}/requestToken`. */
  tokens: Map<string, { capability: Capability; clientId?: string; expires: number }>;
  /** The realtime (WebSocket) side on the same port. */
  realtime: RealtimeFake;
  close(): Promise<void>;
}

type Format = 'json' | 'msgpack';

function ablyError(status: number, code: number, message: string) {
  return { error: { message, code, statusCode: status, href: `https://help.ably.io/error/${code}` } };
}

/** Ably's channel-name rules (what the real service refuses with 40010). */
function badChannelName(name: string): string | null {
  if (!name) return 'empty channel name';
  if (name.startsWith('[') || name.startsWith(':')) return `invalid channel name: ${name}`;
  if (/[\r\n]/.test(name) || name.length >= 2048) return 'invalid channel name';
  return null;
}

/**
 * An Ably-compatible fake (REST + a minimal realtime) on loopback: `GET /time`, `GET /stats`,
 * `POST /channels/{name}/messages` (one message or an array; JSON or msgpack, answered in the same
 * format; deduped by message id), `POST /keys/{keyName}/requestToken` (checks the TokenRequest's
 * mac), Basic auth with the key or a Bearer token it issued (capability checked). It can fail the
 * next publishes or go down altogether, to test retries and the outbox.
 */
export async function startAblyFake(options: { apiKey?: string } = {}): Promise<AblyFake> {
  const apiKey = options.apiKey ?? 'fakeApp.fakeKey:fake-secret-123';
  const [keyName] = apiKey.split(':') as [string];
  const requests: AblyFake['requests'] = [];
  const messages: FakeMessage[] = [];
  const seen = new Set<string>();
  const tokens: AblyFake['tokens'] = new Map();
  const sockets = new Set<Socket>();
  let failing = 0;
  let failAfterAccepting = false;
  let attempts = 0;
  let down = false;

  function send(res: ServerResponse, status: number, body: unknown, format: Format) {
    if (format === 'msgpack') {
      res.writeHead(status, { 'content-type': 'application/x-msgpack' });
      res.end(msgpackEncode(body));
    } else {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    }
  }

  /** Who is calling: the key (Basic), a token it issued (Bearer, base64 of the token), or nobody. */
  function credentials(req: IncomingMessage): { kind: 'key'; key: string } | { kind: 'token'; token: string } | null {
    const h = req.headers.authorization ?? '';
    if (h.startsWith('Basic ')) return { kind: 'key', key: Buffer.from(h.slice(6), 'base64').toString('utf8') };
    if (h.startsWith('Bearer ')) return { kind: 'token', token: Buffer.from(h.slice(7), 'base64').toString('utf8') };
    return null;
  }

  async function readBody(req: IncomingMessage): Promise<{ value: unknown; format: Format }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const format: Format = (req.headers['content-type'] ?? '').includes('msgpack') ? 'msgpack' : 'json';
    if (raw.length === 0) return { value: undefined, format };
    return { value: format === 'msgpack' ? msgpackDecode(raw) : JSON.parse(raw.toString('utf8')), format };
  }

  const responseFormat = (req: IncomingMessage): Format => ((req.headers.accept ?? '').includes('msgpack') ? 'msgpack' : 'json');

  /** Keeps a message unless its id was seen on the channel; tells realtime subscribers. */
  function accept(message: PublishedMessage): boolean {
    const key = `${message.channel}\u0000${message.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const { data, encoding, ...rest } = message;
    const full: FakeMessage = { ...rest, data: decodeData(data, encoding), wire: { data, encoding }, timestamp: message.timestamp ?? Date.now() };
    messages.push(full);
    realtime.broadcast(full);
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const creds = credentials(req);
    const format = responseFormat(req);
    const keyOk = creds?.kind === 'key' && creds.key === apiKey;
    const token = creds?.kind === 'token' ? tokens.get(creds.token) : undefined;
    requests.push({ method: req.method ?? 'GET', path, authorized: keyOk || !!token, format });

    if (path === '/time') return send(res, 200, [Date.now()], format);

    const refuseAuth = () => {
      if (!creds) return send(res, 401, ablyError(401, 40101, 'No authentication information provided'), format);
      if (creds.kind === 'token') return send(res, 401, ablyError(401, 40140, 'Token expired or not recognised'), format);
      if (creds.key.split(':')[0] !== keyName) return send(res, 401, ablyError(404, 40400, `Invalid key in request: ${creds.key.split(':')[0]}`), format);
      return send(res, 401, ablyError(401, 40101, 'Invalid signature; check the key secret'), format);
    };

    if (path === '/stats') return keyOk ? send(res, 200, [], format) : refuseAuth();

    const tokenPath = /^\/keys\/([^/]+)\/requestToken$/.exec(path);
    if (tokenPath && req.method === 'POST') {
      const { value } = await readBody(req);
      const request = value as TokenRequestBody;
      if (decodeURIComponent(tokenPath[1]!) !== keyName || !request || !verifyTokenRequest(request, apiKey)) {
        return send(res, 401, ablyError(401, 40101, 'Invalid mac; the TokenRequest was not signed with this key'), format);
      }
      const ttl = Number(request.ttl || 3_600_000);
      const issued = Date.now();
      const capability = JSON.parse(request.capability || '{"*":["*"]}') as Capability;
      const t = newToken();
      tokens.set(t, { capability, clientId: request.clientId || undefined, expires: issued + ttl });
      return send(res, 200, { token: t, keyName, issued, expires: issued + ttl, capability: JSON.stringify(capability), clientId: request.clientId || undefined }, format);
    }

    const publishPath = /^\/channels\/([^/]+)\/messages$/.exec(path);
    if (publishPath && req.method === 'POST') {
      const channel = decodeURIComponent(publishPath[1]!);
      const { value, format: bodyFormat } = await readBody(req);
      attempts += 1;
      if (!keyOk && !token) return refuseAuth();
      const nameProblem = badChannelName(channel);
      if (nameProblem) return send(res, 400, ablyError(400, 40010, nameProblem), format);
      if (token && !allows(token.capability, channel, 'publish')) {
        return send(res, 401, ablyError(401, 40160, `Unable to perform channel operation (operation not permitted) on ${channel}`), format);
      }
      const list = (Array.isArray(value) ? value : [value]) as { id?: string; name?: string; data?: unknown; encoding?: string; clientId?: string }[];
      for (const m of list) {
        if (m.id !== undefined && !/^.+:\d+$/.test(m.id)) return send(res, 400, ablyError(400, 40031, `Invalid message id "${m.id}": must be <base>:<serial>`), format);
        if (token?.clientId && m.clientId && m.clientId !== token.clientId) return send(res, 401, ablyError(401, 40012, 'Mismatched clientId'), format);
      }
      const fail = failing > 0;
      if (fail) failing -= 1;
      if (fail && !failAfterAccepting) return send(res, 500, ablyError(500, 50000, 'Internal error (the fake was told to fail this publish)'), format);
      for (const [i, m] of list.entries()) {
        accept({ channel, id: m.id ?? `${newToken()}:${i}`, name: m.name, data: m.data, encoding: m.encoding, clientId: m.clientId ?? token?.clientId, via: bodyFormat });
      }
      if (fail) return send(res, 500, ablyError(500, 50000, 'Internal error (the fake was told to fail this publish)'), format);
      return send(res, 201, { channel, messageId: list[0]?.id }, format);
    }

    send(res, 404, ablyError(404, 40400, `Could not find path: ${path}`), format);
  }

  const server = createServer((req, res) => {
    if (down) return void req.socket.destroy();
    handle(req, res).catch((err: unknown) => send(res, 500, ablyError(500, 50000, String(err)), 'json'));
  });
  server.on('connection', (socket) => {
    if (down) return void socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const realtime = attachRealtime(server, { apiKey, tokens, isDown: () => down, accept });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    messages,
    messagesOn: (channel) => messages.filter((m) => m.channel === channel),
    publishAttempts: () => attempts,
    failNextPublishes(count, opts) {
      failing = count;
      failAfterAccepting = !!opts?.afterAccepting;
    },
    goDown() {
      down = true;
      realtime.dropAll();
      for (const s of sockets) s.destroy();
    },
    comeUp() {
      down = false;
    },
    tokens,
    realtime,
    close: () =>
      new Promise<void>((resolve) => {
        realtime.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
