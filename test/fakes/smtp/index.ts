import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/**
 * What the fake does with one message, decided per recipient and attempt (1-based):
 * accept it, answer with an SMTP error (451 temporary, 550 permanent, …), or drop the connection
 * (`drop: 'rcpt'` before the message was handed over, `drop: 'data'` after its body arrived, so
 * the sender cannot know whether it was delivered). `delayMs` waits before answering.
 */
export type SmtpBehaviour =
  | { kind: 'accept'; delayMs?: number }
  | { kind: 'reply'; code: number; message?: string; delayMs?: number }
  | { kind: 'drop'; at: 'rcpt' | 'data' };

export interface ReceivedMessage {
  to: string[];
  messageId: string | null;
  /** The raw header block (what a mail client sees first), for header assertions without parsing. */
  headers: string;
}

export interface SmtpFake {
  host: string;
  port: number;
  /** `smtp://user:password@127.0.0.1:port` for SMTP_URL (plain, with AUTH allowed without TLS). */
  url: string;
  user: string;
  password: string;
  /** Messages received, parsed, oldest first (empty with `parse: false`). */
  messages: ParsedMail[];
  /** Every accepted message, light (recipients, Message-ID, headers), oldest first. */
  received: ReceivedMessage[];
  /** Attempts per recipient address (lower case), accepted or not. */
  attempts: Map<string, number>;
  /** Resolves with the next message (or the first already there beyond `after`). */
  nextMessage(after?: number, timeoutMs?: number): Promise<ParsedMail>;
  /** Resolves once `count` messages were accepted. */
  waitForReceived(count: number, timeoutMs?: number): Promise<void>;
  /** Changes what happens next (e.g. make a recipient fail, or the whole server). */
  setBehaviour(behaviour: (recipient: string, attempt: number) => SmtpBehaviour): void;
  close(): Promise<void>;
}

const ACCEPT: SmtpBehaviour = { kind: 'accept' };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A local SMTP server (smtp-server) that checks a login and keeps what it receives (mailparser).
 * `auth: false` takes mail without a login (a relay); `parse: false` keeps only the light record
 * (for sends of thousands).
 */
export async function startSmtpFake(
  options: {
    user?: string;
    password?: string;
    auth?: boolean;
    parse?: boolean;
    behaviour?: (recipient: string, attempt: number) => SmtpBehaviour;
    port?: number;
  } = {},
): Promise<SmtpFake> {
  const user = options.user ?? 'mailer';
  const password = options.password ?? 'mail-secret-1';
  const parse = options.parse ?? true;
  let behaviour = options.behaviour ?? (() => ACCEPT);
  const messages: ParsedMail[] = [];
  const received: ReceivedMessage[] = [];
  const attempts = new Map<string, number>();
  const waiters: (() => void)[] = [];
  const sockets = new Map<string, Socket>();
  /** The behaviour chosen at RCPT TO for each session's current message. */
  const chosen = new Map<string, SmtpBehaviour>();
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  const server: SMTPServer = new SMTPServer({
    secure: false,
    disabledCommands: options.auth === false ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: options.auth === false,
    logger: false,
    size: 10 * 1024 * 1024,
    onConnect(session, cb) {
      cb();
      // smtp-server keeps its connections; the socket is what "drop the connection" closes.
      for (const conn of (server as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections) {
        if (conn.id === session.id) sockets.set(session.id, conn._socket);
      }
    },
    onClose(session) {
      sockets.delete(session.id);
      chosen.delete(session.id);
    },
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === password) return cb(null, { user });
      cb(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, session, cb) {
      const email = address.address.toLowerCase();
      const attempt = (attempts.get(email) ?? 0) + 1;
      attempts.set(email, attempt);
      const b = behaviour(email, attempt);
      chosen.set(session.id, b);
      if (b.kind === 'drop' && b.at === 'rcpt') {
        sockets.get(session.id)?.destroy();
        return;
      }
      if (b.kind === 'reply') {
        const reply = () => cb(Object.assign(new Error(b.message ?? (b.code >= 500 ? 'Mailbox unavailable' : 'Try again later')), { responseCode: b.code }));
        if (b.delayMs) void sleep(b.delayMs).then(reply);
        else reply();
        return;
      }
      cb();
    },
    onData(stream, session: SMTPServerSession, cb) {
      const b = chosen.get(session.id) ?? ACCEPT;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void (async () => {
          if (b.kind === 'drop') {
            sockets.get(session.id)?.destroy();
            return;
          }
          if (b.kind === 'accept' && b.delayMs) await sleep(b.delayMs);
          const raw = Buffer.concat(chunks);
          const headerEnd = raw.indexOf('\r\n\r\n');
          const headers = raw.subarray(0, headerEnd < 0 ? raw.length : headerEnd).toString('utf8');
          const messageId = /^message-id:\s*(<[^>]+>)/im.exec(headers)?.[1] ?? null;
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          try {
            if (parse) messages.push(await simpleParser(raw));
            received.push({ to, messageId, headers });
            wake();
            cb();
          } catch (err) {
            cb(err as Error);
          }
        })();
      });
    },
  });
  // A client that dies mid-conversation (kill -9) resets its connection: that is the client's news, not the fake's failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  async function waitUntil(done: () => boolean, timeoutMs: number, what: string) {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(what);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  return {
    host: '127.0.0.1',
    port,
    url: options.auth === false ? `smtp://127.0.0.1:${port}` : `smtp://${user}:${password}@127.0.0.1:${port}`,
    user,
    password,
    messages,
    received,
    attempts,
    async nextMessage(after = 0, timeoutMs = 10_000) {
      await waitUntil(() => messages.length > after, timeoutMs, 'no message arrived at the SMTP fake');
      return messages[after]!;
    },
    waitForReceived: (count, timeoutMs = 30_000) => waitUntil(() => received.length >= count, timeoutMs, `only ${received.length} of ${count} messages arrived at the SMTP fake`),
    setBehaviour(next) {
      behaviour = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets.values()) s.destroy();
        server.close(() => resolve());
      }),
  };
}
