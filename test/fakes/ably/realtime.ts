import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { decode as msgpackDecode, encode as msgpackEncode } from '@ably/msgpack-js';
import { WebSocketServer, type WebSocket } from 'ws';
import { allows, type Capability } from './token';

// Ably's realtime protocol, only as far as one smoke test needs: CONNECTED, ATTACH → ATTACHED,
// MESSAGE both ways (a client publish is ACKed and fanned out), HEARTBEAT, DETACH, CLOSE. Action
// codes are ably-js's (protocolmessagecommon): the research notes in ../shared/docs/stack.md.

export const ACTIONS = { HEARTBEAT: 0, ACK: 1, NACK: 2, CONNECTED: 4, DISCONNECTED: 6, CLOSE: 7, CLOSED: 8, ERROR: 9, ATTACH: 10, ATTACHED: 11, DETACH: 12, DETACHED: 13, MESSAGE: 15 } as const;
/** ATTACHED flags: presence, publish, subscribe, presence_subscribe modes granted. */
const MODE_FLAGS = (1 << 16) | (1 << 17) | (1 << 18) | (1 << 19);

/** A message the fake accepted on a channel (after dedupe by id). */
export interface FakeMessage {
  channel: string;
  id: string;
  name?: string;
  /** The payload as the publisher meant it (Ably's `encoding` steps such as `json`, `base64` undone). */
  data?: unknown;
  /** The payload and encoding as they came on the wire (what subscribers get, to decode themselves). */
  wire: { data?: unknown; encoding?: string };
  clientId?: string;
  connectionId?: string;
  timestamp: number;
  /** How it came: REST JSON, REST msgpack, or a realtime connection. */
  via: 'json' | 'msgpack' | 'realtime';
}

/** A message as a publisher sent it (data still encoded). */
export type PublishedMessage = Omit<FakeMessage, 'timestamp' | 'data' | 'wire'> & { data?: unknown; encoding?: string; timestamp?: number };

interface Connection {
  id: string;
  ws: WebSocket;
  format: 'json' | 'msgpack';
  clientId?: string;
  capability: Capability;
  channels: Set<string>;
  serial: number;
  heartbeat: NodeJS.Timeout;
}

export interface RealtimeFake {
  /** Open connections' ids and the channels each is attached to. */
  connections(): { id: string; clientId?: string; channels: string[] }[];
  /** Whether some connection is attached to `channel`. */
  attachedTo(channel: string): boolean;
  /** Sends an accepted message to every connection attached to its channel. */
  broadcast(message: FakeMessage): void;
  dropAll(): void;
  close(): void;
}

/** Undoes Ably's message `encoding` steps (last first): `json`, `base64`, `utf-8`. */
export function decodeData(data: unknown, encoding: string | undefined): unknown {
  let value = data;
  for (const step of (encoding ?? '').split('/').filter(Boolean).reverse()) {
    if (step === 'json' && typeof value === 'string') value = JSON.parse(value);
    else if (step === 'base64' && typeof value === 'string') value = Buffer.from(value, 'base64');
    else if (step === 'utf-8' && Buffer.isBuffer(value)) value = value.toString('utf8');
  }
  return value;
}

export function attachRealtime(
  server: Server,
  deps: {
    apiKey: string;
    tokens: Map<string, { capability: Capability; clientId?: string; expires: number }>;
    isDown: () => boolean;
    accept: (message: PublishedMessage) => boolean;
  },
): RealtimeFake {
  const wss = new WebSocketServer({ server });
  const connections = new Set<Connection>();

  function sendTo(conn: Connection, message: Record<string, unknown>) {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    conn.ws.send(conn.format === 'msgpack' ? msgpackEncode(message) : JSON.stringify(message));
  }

  wss.on('connection', (ws, req) => {
    if (deps.isDown()) return void ws.terminate();
    const params = new URL(req.url ?? '/', 'http://x').searchParams;
    const format = params.get('format') === 'msgpack' ? 'msgpack' : 'json';
    const sendRaw = (message: Record<string, unknown>) => ws.send(format === 'msgpack' ? msgpackEncode(message) : JSON.stringify(message));
    let capability: Capability;
    let clientId = params.get('clientId') ?? undefined;
    const key = params.get('key');
    const accessToken = params.get('access_token');
    if (key) {
      if (key !== deps.apiKey) {
        sendRaw({ action: ACTIONS.ERROR, error: { message: 'Invalid key', code: 40101, statusCode: 401 } });
        return void ws.close();
      }
      capability = { '*': ['*'] };
    } else if (accessToken && deps.tokens.has(accessToken)) {
      const token = deps.tokens.get(accessToken)!;
      capability = token.capability;
      clientId = token.clientId;
    } else {
      sendRaw({ action: ACTIONS.ERROR, error: { message: 'No authentication information provided', code: 40101, statusCode: 401 } });
      return void ws.close();
    }
    const id = randomBytes(6).toString('hex');
    const conn: Connection = {
      id,
      ws,
      format,
      clientId,
      capability,
      channels: new Set(),
      serial: 0,
      // Ably promises activity within maxIdleInterval; a heartbeat keeps an idle connection alive.
      heartbeat: setInterval(() => sendTo(conn, { action: ACTIONS.HEARTBEAT }), 10_000).unref(),
    };
    connections.add(conn);
    ws.on('close', () => {
      clearInterval(conn.heartbeat);
      connections.delete(conn);
    });
    sendRaw({
      action: ACTIONS.CONNECTED,
      connectionId: id,
      connectionDetails: {
        clientId,
        connectionKey: `${id}!fake`,
        maxMessageSize: 65_536,
        maxInboundRate: 250,
        maxOutboundRate: 100,
        maxFrameSize: 524_288,
        serverId: 'ably-fake',
        connectionStateTtl: 120_000,
        maxIdleInterval: 15_000,
      },
    });

    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      const message = (isBinary ? msgpackDecode(raw) : JSON.parse(raw.toString('utf8'))) as Record<string, unknown> & { action: number; channel?: string };
      const channel = message.channel ?? '';
      switch (message.action) {
        case ACTIONS.HEARTBEAT:
          return sendTo(conn, { action: ACTIONS.HEARTBEAT, id: message.id });
        case ACTIONS.ATTACH: {
          const mayUse = ['subscribe', 'publish', 'presence'].some((op) => allows(conn.capability, channel, op));
          if (!mayUse) {
            return sendTo(conn, { action: ACTIONS.DETACHED, channel, error: { message: `Channel denied access based on given capability; channelId = ${channel}`, code: 40160, statusCode: 401 } });
          }
          conn.channels.add(channel);
          return sendTo(conn, { action: ACTIONS.ATTACHED, channel, flags: MODE_FLAGS, channelSerial: `${conn.id}:0` });
        }
        case ACTIONS.DETACH:
          conn.channels.delete(channel);
          return sendTo(conn, { action: ACTIONS.DETACHED, channel });
        case ACTIONS.MESSAGE: {
          const msgSerial = message.msgSerial;
          const list = (message.messages ?? []) as { id?: string; name?: string; data?: unknown; encoding?: string; clientId?: string }[];
          if (!allows(conn.capability, channel, 'publish')) {
            return sendTo(conn, { action: ACTIONS.NACK, msgSerial, count: 1, error: { message: `Unable to perform channel operation (operation not permitted) on ${channel}`, code: 40160, statusCode: 401 } });
          }
          const base = `${conn.id}:${conn.serial++}`;
          for (const [i, m] of list.entries()) {
            deps.accept({ channel, id: m.id ?? `${base}:${i}`, name: m.name, data: m.data, encoding: m.encoding, clientId: m.clientId ?? conn.clientId, connectionId: conn.id, via: 'realtime' });
          }
          return sendTo(conn, { action: ACTIONS.ACK, msgSerial, count: 1 });
        }
        case ACTIONS.CLOSE:
          sendTo(conn, { action: ACTIONS.CLOSED });
          return void ws.close();
        default:
          return undefined;
      }
    });
  });

  return {
    connections: () => [...connections].map((c) => ({ id: c.id, clientId: c.clientId, channels: [...c.channels] })),
    attachedTo: (channel) => [...connections].some((c) => c.channels.has(channel)),
    broadcast(message) {
      for (const conn of connections) {
        if (!conn.channels.has(message.channel)) continue;
        sendTo(conn, {
          action: ACTIONS.MESSAGE,
          channel: message.channel,
          id: `${message.connectionId ?? 'rest'}:${conn.serial++}`,
          connectionId: message.connectionId ?? 'rest',
          timestamp: message.timestamp,
          messages: [{ id: message.id, name: message.name, data: message.wire.data, encoding: message.wire.encoding, clientId: message.clientId, timestamp: message.timestamp, connectionId: message.connectionId }],
        });
      }
    },
    dropAll() {
      for (const conn of connections) conn.ws.terminate();
    },
    close() {
      for (const conn of connections) {
        clearInterval(conn.heartbeat);
        conn.ws.terminate();
      }
      wss.close();
    },
  };
}
