import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpFake {
  host: string;
  port: number;
  /** `smtp://user:password@127.0.0.1:port` for SMTP_URL (plain, with AUTH allowed without TLS). */
  url: string;
  user: string;
  password: string;
  /** Messages received, parsed, oldest first. */
  messages: ParsedMail[];
  /** Resolves with the next message (or the first already there beyond `after`). */
  nextMessage(after?: number, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

/** A local SMTP server (smtp-server) that checks a login and keeps what it receives (mailparser). */
export async function startSmtpFake(options: { user?: string; password?: string } = {}): Promise<SmtpFake> {
  const user = options.user ?? 'mailer';
  const password = options.password ?? 'mail-secret-1';
  const messages: ParsedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === password) return cb(null, { user });
      cb(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          for (const w of waiters.splice(0)) w();
          cb();
        })
        .catch((err: Error) => cb(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    url: `smtp://${user}:${password}@127.0.0.1:${port}`,
    user,
    password,
    messages,
    async nextMessage(after = 0, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length <= after) {
        if (Date.now() > deadline) throw new Error('no message arrived at the SMTP fake');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return messages[after]!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
