import nodemailer from 'nodemailer';
import { DomainError } from '../platform/errors';

/** Where and how to send: an smtp(s):// URL, or its parts. */
export interface SmtpConfig {
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  /** tls: TLS from the first byte (465); starttls: upgrade required (587); none: plain (a local relay). */
  security?: 'tls' | 'starttls' | 'none';
  /** A bare address, or a name with its address (nodemailer quotes the name as needed). */
  from: string | { name: string; address: string };
  timeoutMs?: number;
  /** Keep up to this many connections open and reuse them (a campaign send); one message per connection otherwise. */
  pool?: { maxConnections: number };
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A prepared value is written as given, on one line (List-Unsubscribe must not be folded). */
  headers?: Record<string, string | { prepared: true; value: string }>;
  /** `<…@…>`: a deterministic Message-ID (campaigns: one per campaign and recipient). */
  messageId?: string;
}

export interface MailGateway {
  /** Sends one message; resolves with the server's message id, or a DomainError in the server's words. */
  send(mail: OutgoingMail): Promise<{ messageId: string; response: string }>;
  close(): void;
}

/** A small gateway on nodemailer: what the test send uses now and campaigns can use later. */
export function createMailGateway(config: SmtpConfig): MailGateway {
  const timeout = config.timeoutMs ?? 15_000;
  const pool = config.pool ? { pool: true as const, maxConnections: config.pool.maxConnections, maxMessages: Infinity } : {};
  const common = { connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout, ...pool };
  const transport = config.url
    ? nodemailer.createTransport({ url: config.url, ...common })
    : nodemailer.createTransport({
        host: config.host,
        port: config.port ?? (config.security === 'tls' ? 465 : 587),
        secure: config.security === 'tls',
        requireTLS: config.security === 'starttls',
        ignoreTLS: config.security === 'none',
        auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
        ...common,
      });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers, messageId: mail.messageId });
        return { messageId: info.messageId, response: info.response };
      } catch (err) {
        // responseCode (4xx temporary, 5xx permanent) and the SMTP command that failed let a
        // sender tell "try again", "never again" and "could not connect" apart.
        const e = err as { responseCode?: number; command?: string; code?: string };
        throw new DomainError('UNAVAILABLE', `The mail server refused: ${smtpMessage(err)}`, { responseCode: e.responseCode, command: e.command, smtpCode: e.code });
      }
    },
    close: () => transport.close(),
  };
}

/** The server's own words (`535 5.7.8 Authentication failed`) or the network's (`connect ECONNREFUSED …`). */
function smtpMessage(err: unknown): string {
  const e = err as { response?: string; message?: string; code?: string };
  return (e.response ?? e.message ?? String(err)).trim();
}
